import type { ActivityDeps } from '../../functions/activity/service/deps.js';
import { regradeCustomer } from '../../functions/activity/service/grade.js';
import { RecordingWorkRequests } from './work-requests.js';

/**
 * The Grading queue and its grader in memory: records every request (what the consumer and
 * the batch ingestion ask for) and, on `drain`, grades each customer requested since the last
 * drain once, as one batch of the grader does (docs/architecture.md, "Coalesced work").
 */
export class InMemoryGradingQueue extends RecordingWorkRequests {
  #pending: string[] = [];

  override async request(key: string, cause: string): Promise<void> {
    await super.request(key, cause);
    this.#pending.push(key);
  }

  /** Grades each distinct pending customer once; resolves to how many were graded. */
  async drain(deps: ActivityDeps): Promise<number> {
    const customers = [...new Set(this.#pending)];
    this.#pending = [];
    for (const customerId of customers) await regradeCustomer(deps, customerId);
    return customers.length;
  }
}
