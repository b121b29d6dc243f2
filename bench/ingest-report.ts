import type { IngestionFigures } from './ingest.js';

/**
 * Goals: the consumer (with its gradings, settled) at ≥ 0.7x the raw writes of the same events
 * spread over 50 customers, and one hot customer at ≥ 0.5x the spread-out rate; one
 * TransactWriteItems per event for the ingestion itself.
 */
export const INGESTION_GOALS = { ratioToRaw: 0.7, hotToSpread: 0.5, transactWritesPerEvent: 1 } as const;

const verdict = (met: boolean) => (met ? 'met' : 'not met');

/** Strict (every delivery one write), with how many deliveries took more when it is not met. */
const writesVerdict = (c: IngestionFigures['calls'][number]) =>
  c.ingestionWritesPerDelivery <= INGESTION_GOALS.transactWritesPerEvent
    ? 'met'
    : `not met (${c.multiWriteDeliveries} of ${c.deliveries} took 2+)`;

/** Prints the ingestion figures as tables, goals beside the figures. */
export function printIngestion(figures: IngestionFigures): void {
  console.log(
    `\nIngestion against DynamoDB Local: ${figures.transactionEvents} TransactionPosted, spread over ${figures.customers} customers or all for one (hot), ` +
      `${figures.inFlight} in flight, median of ${figures.runs} runs, each on a fresh table; ` +
      'consumer = consumer + grader through the local FIFO Grading queue, timed until settled (every event applied, the queue drained, the last grading written)',
  );
  console.table(
    figures.throughput.map((t) => ({
      workload: t.workload,
      portfolio: `${t.portfolio} (${t.customers})`,
      'events/s': t.eventsPerSecond.toFixed(0),
      runs: t.runsEventsPerSecond.map((r) => r.toFixed(0)).join(' / '),
      'ratio to its raw': t.ratioToRaw.toFixed(2),
      'gradings/event': t.gradingsPerEvent === undefined ? '' : t.gradingsPerEvent.toFixed(3),
      'requests/event': t.gradingRequestsPerEvent === undefined ? '' : t.gradingRequestsPerEvent.toFixed(3),
    })),
  );
  console.table([
    {
      figure: `spread ÷ raw (consumer settled, ${figures.customers} customers)`,
      value: figures.spreadToRaw.toFixed(2),
      goal: `>= ${INGESTION_GOALS.ratioToRaw}`,
      verdict: verdict(figures.spreadToRaw >= INGESTION_GOALS.ratioToRaw),
    },
    {
      figure: 'hot ÷ spread (consumer settled)',
      value: figures.hotToSpread.toFixed(2),
      goal: `>= ${INGESTION_GOALS.hotToSpread}`,
      verdict: verdict(figures.hotToSpread >= INGESTION_GOALS.hotToSpread),
    },
  ]);
  console.log(
    `DynamoDB requests per delivered TransactionPosted (counted on the client, the grader's included), ${figures.inFlight} in flight; ` +
      `ingestion writes: the ingestion's own TransactWriteItems (${figures.seconds.toFixed(0)} s in all)`,
  );
  console.table(
    figures.calls.map((c) => ({
      path: `${c.path} ${c.portfolio}`,
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
      'gradings/delivery': c.path === 'consumer' ? c.gradingsPerDelivery.toFixed(3) : '',
      [`goal (${INGESTION_GOALS.transactWritesPerEvent} per event)`]:
        c.path === 'raw' ? '' : writesVerdict(c),
    })),
  );
  for (const c of figures.calls)
    console.log(`${c.path} ${c.portfolio}, ${c.delivery}: ${JSON.stringify(c.outcomes)}`);
}
