/**
 * The daily passes section of `npm run bench` on its own:
 * `npx tsx bench/passes-main.ts [customers]` (default PASS_BENCH_CUSTOMERS, else 100,000).
 */
// Before any module creates the logger: Powertools reads the level once, at construction.
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { measurePasses, printPasses } = await import('./passes.js');

const argument = process.argv[2];
printPasses(await measurePasses(argument === undefined ? undefined : Number(argument)));
