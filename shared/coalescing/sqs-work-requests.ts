import { createHash } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Env } from '../runtime/runtime.js';
import type { Clock } from '../time/clock.js';
import type { WorkRequestBody, WorkRequests } from './requests.js';

/**
 * SQS's deduplication id: one per key and cause, so the same event asking twice for the same
 * customer's work (a redelivery) queues one message, and two events for one customer queue two.
 * A SHA-256 in hex: 64 characters of SQS's allowed alphabet, far inside its 128, whatever the
 * key and cause hold; the key and cause themselves never reach the id.
 */
export function deduplicationId(key: string, cause: string): string {
  // The length prefix keeps ('ab', 'c') and ('a', 'bc') apart.
  return createHash('sha256').update(`${key.length}:${key}${cause}`, 'utf8').digest('hex');
}

/**
 * Requests through an SQS FIFO queue (docs/architecture.md, "Coalesced work"): the key is the
 * message group, so one customer's requests are worked one batch at a time and in order; the
 * body is `{key, requestedAt}` (an id and a time, never personal data). Without `client`, one
 * is created on the first request, so a function that never requests pays nothing at cold start.
 * @example await sqsWorkRequests(queueUrl, runtime.clock).request(customerId, event.id);
 */
export function sqsWorkRequests(queueUrl: string, clock: Clock, client?: SQSClient): WorkRequests {
  let sqs = client;
  return {
    async request(key: string, cause: string): Promise<void> {
      sqs ??= new SQSClient({});
      const body: WorkRequestBody = { key, requestedAt: clock.now().toISOString() };
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(body),
          MessageGroupId: key,
          MessageDeduplicationId: deduplicationId(key, cause),
        }),
      );
    },
  };
}

/**
 * The requests of the coalesced work whose queue URL CDK put in `envVar` (the spec's `envVar`,
 * set on each of its senders). Read at cold start: a sender deployed without the variable fails
 * plainly there, not at its first request.
 * @example const grading = workRequestsFromEnv(runtime.env, 'GRADING_QUEUE_URL', runtime.clock);
 */
export function workRequestsFromEnv(
  env: Env,
  envVar: string,
  clock: Clock,
  client?: SQSClient,
): WorkRequests {
  const queueUrl = env[envVar]?.trim();
  if (!queueUrl) {
    throw new Error(
      `Missing environment variable ${envVar}: the URL of the FIFO queue this function requests coalesced work on`,
    );
  }
  return sqsWorkRequests(queueUrl, clock, client);
}
