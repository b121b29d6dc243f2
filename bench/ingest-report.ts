import type { IngestionFigures } from './ingest.js';

/** Goals of the activity issue's Benchmark section. */
export const INGESTION_GOALS = { ratioToRaw: 0.7, transactWritesPerEvent: 1 } as const;

const verdict = (met: boolean) => (met ? 'met' : 'not met');

/** Strict (every delivery one write), with how many deliveries took more when it is not met. */
const writesVerdict = (c: IngestionFigures['calls'][number]) =>
  c.ingestionWritesPerDelivery <= INGESTION_GOALS.transactWritesPerEvent
    ? 'met'
    : `not met (${c.multiWriteDeliveries} of ${c.deliveries} took 2+)`;

/** Prints the ingestion figures as two tables, goals beside the figures. */
export function printIngestion(figures: IngestionFigures): void {
  console.log(
    `\nIngestion against DynamoDB Local: ${figures.transactionEvents} TransactionPosted over ${figures.customers} customers, ` +
      `${figures.inFlight} in flight, median of ${figures.runs} runs, each on a fresh table`,
  );
  console.table(
    figures.throughput.map((t) => ({
      workload: t.workload,
      'events/s': t.eventsPerSecond.toFixed(0),
      runs: t.runsEventsPerSecond.map((r) => r.toFixed(0)).join(' / '),
      'ratio to raw': t.ratioToRaw.toFixed(2),
      [`goal (>=${INGESTION_GOALS.ratioToRaw}x raw)`]:
        t.workload === 'raw' ? '' : verdict(t.ratioToRaw >= INGESTION_GOALS.ratioToRaw),
    })),
  );
  console.log(
    `DynamoDB requests per delivered TransactionPosted (counted on the client), ${figures.inFlight} in flight; ` +
      `ingestion writes: the ingestion's own TransactWriteItems (${figures.seconds.toFixed(0)} s in all)`,
  );
  console.table(
    figures.calls.map((c) => ({
      path: c.path,
      delivery: c.delivery,
      'distinct events': c.distinctEvents,
      deliveries: c.deliveries,
      TransactWriteItems: (c.perDelivery.TransactWriteItems ?? 0).toFixed(3),
      Query: (c.perDelivery.Query ?? 0).toFixed(3),
      other: Object.entries(c.perDelivery)
        .filter(([op]) => op !== 'TransactWriteItems' && op !== 'Query')
        .map(([op, n]) => `${op} ${n.toFixed(3)}`)
        .join(', '),
      'ingestion writes': c.ingestionWritesPerDelivery.toFixed(3),
      [`goal (${INGESTION_GOALS.transactWritesPerEvent} per event)`]:
        c.path === 'raw' ? '' : writesVerdict(c),
    })),
  );
  for (const c of figures.calls) console.log(`${c.path}, ${c.delivery}: ${JSON.stringify(c.outcomes)}`);
}
