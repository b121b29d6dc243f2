import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { infrastructure } from './infrastructure.js';
import { measureOperations, QUICK_MEASURE } from './measure.js';
import { costOf } from './model.js';
import { loadPrices } from './prices.js';
import { profileFromArgs } from './profile.js';
import { printCost } from './report.js';
import { readStoredRun } from './stored-run.js';

/**
 * `npm run cost [-- --customers N --transactions N --api-calls N --complaints-per-thousand N
 * --contacts N --onboarded-per-thousand N --region us-east-1|cn-north-1 --cny-per-usd R
 * --reuse-counts]`:
 * counts the operations of a scaled-down month in the local cloud, then prices the profile's
 * month with the region's list prices. Written to bench/results/cost.json as well.
 */
const REUSE = '--reuse-counts';
const args = process.argv.slice(2);
const profile = profileFromArgs(args.filter((arg) => arg !== REUSE));
const prices = await loadPrices(profile.region);
const resultsFile = join(resolve(import.meta.dirname, '..', 'results'), 'cost.json');
// `--reuse-counts` prices another profile or region with the counts of the last run, without
// running the local cloud again.
const { measurement, infra } = args.includes(REUSE)
  ? readStoredRun(resultsFile)
  : {
      infra: infrastructure(),
      measurement: await measureOperations({ ...QUICK_MEASURE, verbose: true }),
    };
const counts = {
  perUnit: measurement.counts.perUnit,
  fixedPerMonth: { ...measurement.counts.fixedPerMonth, ...infra.fixedPerMonth },
};
const breakdown = costOf(profile, counts, prices);
printCost((line) => console.log(line), profile, prices, breakdown, measurement, infra);

mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(
  resultsFile,
  `${JSON.stringify({ profile, prices: { region: prices.region, asOf: prices.asOf, currency: prices.currency }, measurement, infra, breakdown }, null, 2)}\n`,
);
// The handler modules stay loaded in this process with their SDK clients' sockets and caches,
// as in a warm Lambda container; nothing is left to do once the figures are written.
process.exit(0);
