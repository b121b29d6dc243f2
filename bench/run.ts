import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureBundles } from './bundles.js';
import { printIngestion } from './ingest-report.js';

/**
 * `npm run bench`: performance figures, printed and written to bench/results/latest.json.
 * Nothing here is a pass/fail test; goals are shown beside the figures.
 */
const ROOT = resolve(import.meta.dirname, '..');

const bundles = await measureBundles();
console.log(
  '\nBundles (esbuild as deployed: entry + chunks it imports at init; asset = all chunks) and init cost against the floor (DynamoDB document client only)',
);
console.table(
  bundles.map((b) => ({
    function: b.function,
    'init KB': (b.bytes / 1024).toFixed(1),
    'asset KB': (b.totalBytes / 1024).toFixed(1),
    'init ms': b.initMs.toFixed(1),
    'floor ms': b.floorInitMs.toFixed(1),
    ratio: b.initRatio.toFixed(2),
    'pair ratios Q1-Q3': `${b.initRatioQ1.toFixed(2)}-${b.initRatioQ3.toFixed(2)}`,
    'CPU ratio': b.initCpuRatio.toFixed(2),
    'goal (<=1.15x, aim 1.1x)':
      b.function === 'PlatformFloor'
        ? '(the platform alone)'
        : b.initRatio <= 1.1
          ? 'met (aim)'
          : b.initRatio <= 1.15
            ? 'met'
            : 'not met',
  })),
);

let api: unknown;
try {
  const { measureApi } = await import('./api.js');
  api = await measureApi();
} catch (error) {
  console.error('API latency figures unavailable:', error instanceof Error ? error.message : error);
}

let complaints: unknown;
try {
  const { measureComplaints } = await import('./complaints.js');
  complaints = await measureComplaints();
} catch (error) {
  console.error('Complaint figures unavailable:', error instanceof Error ? error.message : error);
}

let engagement: unknown;
try {
  const { measureEngagement } = await import('./engagement.js');
  engagement = await measureEngagement();
} catch (error) {
  console.error('Engagement figures unavailable:', error instanceof Error ? error.message : error);
}

let suitability: unknown;
try {
  const { measureSuitability } = await import('./suitability.js');
  suitability = measureSuitability();
} catch (error) {
  console.error('Suitability figures unavailable:', error instanceof Error ? error.message : error);
}

let recommendations: unknown;
try {
  const { measureRecommendations } = await import('./recommendations.js');
  recommendations = await measureRecommendations();
} catch (error) {
  console.error('Recommendation figures unavailable:', error instanceof Error ? error.message : error);
}

let retention: unknown;
try {
  const { measureRetention, printRetention } = await import('./retention.js');
  const figures = await measureRetention();
  printRetention(figures);
  retention = figures;
} catch (error) {
  console.error('Retention figures unavailable:', error instanceof Error ? error.message : error);
}

let ingestion: unknown;
try {
  const { measureIngestion } = await import('./ingest.js');
  const progress = (message: string) => console.error(message);
  const figures = await measureIngestion({ progress });
  printIngestion(figures);
  // One in flight as well: on DynamoDB Local, going from 1 to 8 in flight about doubles the
  // plain writes but adds little to transactions, so the 8-in-flight ratio measures the
  // emulator's concurrency as much as our work; one at a time compares the work per event.
  const sequential = await measureIngestion({ progress, inFlight: 1, budgetSeconds: 45 });
  printIngestion(sequential);
  ingestion = { concurrent: figures, sequential };
} catch (error) {
  console.error('Ingestion figures unavailable:', error instanceof Error ? error.message : error);
}

let passes: unknown;
try {
  const { measurePasses, printPasses } = await import('./passes.js');
  const figures = await measurePasses();
  printPasses(figures);
  passes = figures;
} catch (error) {
  console.error('Pass figures unavailable:', error instanceof Error ? error.message : error);
}

mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  join(ROOT, 'bench', 'results', 'latest.json'),
  `${JSON.stringify({ at: new Date().toISOString(), node: process.version, bundles, api, complaints, engagement, suitability, recommendations, retention, ingestion, passes }, null, 2)}
`,
);
console.log('\nWritten to bench/results/latest.json');
