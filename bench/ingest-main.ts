/**
 * The ingestion section of `npm run bench` on its own (8 in flight):
 * `npx tsx bench/ingest-main.ts [budgetSeconds]` (default 90).
 */
// Before any module creates the logger: the grader logs a line per batch (to CloudWatch when
// deployed), and Powertools reads the level once, at construction.
process.env.POWERTOOLS_LOG_LEVEL = 'WARN';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
const { measureIngestion } = await import('./ingest.js');
const { printIngestion } = await import('./ingest-report.js');

const budget = Number(process.argv[2] ?? '90');
if (!Number.isFinite(budget) || budget <= 0) throw new Error('The budget is a number of seconds above 0');
printIngestion(
  await measureIngestion({ budgetSeconds: budget, progress: (message) => console.error(message) }),
);
