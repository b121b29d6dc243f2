import { logger, MetricUnit, metrics } from '../../../shared/observability/index.js';
import { clock } from '../../../shared/time/clock.js';
import { customerDepsFromEnv } from '../runtime.js';
import { shredCustomer } from '../service/privacy.js';

const deps = customerDepsFromEnv();
const SYSTEM_ACTOR = { sub: 'system:retention-shredder', role: 'system' };
const PAGE = 100;

/** Daily: crypto-shreds every customer whose erasure was requested and whose retention has ended. */
export async function handler(): Promise<{ shredded: number }> {
  let shredded = 0;
  for (;;) {
    const due = await deps.store.dueForShredding(clock.now(), PAGE);
    let progressed = false;
    for (const customerId of due) {
      if (await shredCustomer(deps, customerId, SYSTEM_ACTOR)) {
        shredded += 1;
        progressed = true;
      }
    }
    if (due.length < PAGE || !progressed) break;
  }
  metrics.addMetric('CustomersShredded', MetricUnit.Count, shredded);
  metrics.publishStoredMetrics();
  logger.info('Retention shredding finished', { shredded });
  return { shredded };
}
