import { coalescedWorkHandler } from '../../../shared/lambda/coalesced-work.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { churnRescoreMaxDelaySeconds } from '../domain/settings.js';
import { CHURN_RESCORING, churnRescoringWork } from '../service/rescoring.js';
import { setup } from '../setup.js';

/**
 * The ChurnRescoring queue's worker (docs/domain-rules.md §20.4): each customer of a FIFO batch
 * rescored once from the latest features, and only when owed (`rescoreIfOwed`: a request whose
 * features were already scored writes nothing); an alert opens a case. A customer whose rescore
 * throws has its requests given out again (coalescedWorkHandler reports them per message), and
 * after 5 receives they go to the queue's DLQ; the daily pass rescores everyone anyway.
 */
export function createHandler(runtime: Runtime) {
  const deps = setup(runtime);
  return coalescedWorkHandler({
    workId: CHURN_RESCORING.id,
    work: churnRescoringWork(deps),
    maxDelaySeconds: churnRescoreMaxDelaySeconds(runtime.env),
    clock: runtime.clock,
    env: runtime.env,
  });
}

export const handler = createHandler(lambdaRuntime());
