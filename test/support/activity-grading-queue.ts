import type { ActivityDeps } from '../../functions/activity/service/deps.js';
import { regradeCustomer } from '../../functions/activity/service/grade.js';
import type { WorkRequests } from '../../shared/coalescing/requests.js';

/** One request as the consumer or the batch ingestion made it. */
export interface RecordedRequest {
  readonly key: string;
  readonly cause: string;
}

/**
 * The Grading queue and its grader in memory: records every request (what the consumer and
 * the batch ingestion ask for) and, on `drain`, grades each customer requested since the last
 * drain once, as one batch of the grader does (docs/architecture.md, "Coalesced work").
 */
export class InMemoryGradingQueue implements WorkRequests {
  readonly requests: RecordedRequest[] = [];
  private pending: string[] = [];

  async request(key: string, cause: string): Promise<void> {
    this.requests.push({ key, cause });
    this.pending.push(key);
  }

  /** The customers requested (in request order, repeats included). */
  keys(): string[] {
    return this.requests.map((r) => r.key);
  }

  /** Grades each distinct pending customer once; resolves to how many were graded. */
  async drain(deps: ActivityDeps): Promise<number> {
    const customers = [...new Set(this.pending)];
    this.pending = [];
    for (const customerId of customers) await regradeCustomer(deps, customerId);
    return customers.length;
  }
}
