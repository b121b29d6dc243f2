import * as z from '../zod.js';

/**
 * Work coalesced per key (docs/architecture.md, "Coalesced work"): a customer's grading or churn
 * rescoring is requested after every event that may change it, and done by another function
 * from an SQS FIFO queue whose message group is the key. One batch (up to 10 messages) does
 * each of its keys once, and SQS never hands two batches of one group out at once, so a busy
 * customer's burst of events causes a few runs, one after the other, instead of one per event
 * racing each other.
 */
export interface WorkRequests {
  /**
   * Queues a request for `key`'s work; resolves once it is queued (never waits for the work).
   * `cause` identifies what asked (the event id): a repeat of the same key and cause within
   * SQS's deduplication interval (5 minutes) is dropped, so a redelivered event queues nothing new.
   */
  request(key: string, cause: string): Promise<void>;
}

/** The body of a request message: the key and when it was asked for (ids and times only). */
export const workRequestBodySchema = z.strictObject({
  key: z.string().check(z.minLength(1), z.maxLength(128)),
  requestedAt: z.iso.datetime({ offset: true }),
});

export type WorkRequestBody = z.infer<typeof workRequestBodySchema>;
