import type { LocalFifoQueue } from '../infra/local/fifo-queue.js';
import type { WorkRequestBody, WorkRequests } from '../shared/coalescing/requests.js';
import { deduplicationId } from '../shared/coalescing/sqs-work-requests.js';
import type { Clock } from '../shared/time/clock.js';

/**
 * Requests straight onto a local FIFO queue (infra/local/fifo-queue.ts), with what the SQS
 * adapter sends (shared/coalescing/sqs-work-requests.ts): the key as the message group, the
 * key and cause's deduplication id, the body `{key, requestedAt}`. For a bench or a test that
 * drives a worker through the queue without the local cloud's HTTP endpoint.
 * @example const requests = localWorkRequests(queue, clock); await requests.request('cus_1', 'evt_1');
 */
export function localWorkRequests(queue: LocalFifoQueue, clock: Clock): WorkRequests {
  return {
    async request(key: string, cause: string): Promise<void> {
      const body: WorkRequestBody = { key, requestedAt: clock.now().toISOString() };
      queue.send({ body: JSON.stringify(body), groupId: key, deduplicationId: deduplicationId(key, cause) });
    },
  };
}
