/**
 * Where a consumer puts an event it can never process. In AWS an SQS queue (the function's own
 * DLQ, URL in `DEAD_LETTER_QUEUE_URL`); locally the local cloud's SQS emulation behind
 * `AWS_ENDPOINT_URL_SQS`.
 */
import type { SQSClient } from '@aws-sdk/client-sqs';
import { onFirstUse } from '../runtime/on-first-use.js';
import type { DeadLetterCode } from './rejection.js';

/**
 * Which event was refused: its envelope only. The detail stays out: an event may carry personal
 * fields (declared or not), and a dead-letter queue is no place to keep them. The event itself
 * can be fetched again from the bus archive by its time and id (operations.md §5).
 */
export interface DeadLetteredEvent {
  /** EventBridge's event id. */
  readonly id: string;
  readonly source: string;
  readonly detailType: string;
  /** EventBridge's `time`. */
  readonly time: string;
}

export interface DeadLetter {
  /** One of the shared vocabulary (`DEAD_LETTER_CODES`). */
  readonly code: DeadLetterCode;
  /** Fields and rules, never values. */
  readonly reason: string;
  /** The paths (within the detail) that failed; empty when no field is to blame. */
  readonly fields: readonly string[];
  /**
   * The refused event's envelope, or, for an item a scheduled job could not process, the job
   * and the item's id (`FailedJobItem`): ids only, never a detail or a value.
   */
  readonly event: DeadLetteredEvent | FailedJobItem;
}

/** One item a scheduled job works through: what it is and its id (never personal data). */
export interface JobItem {
  readonly kind: 'customer' | 'review' | 'parked-event' | 'complaint' | 'task' | 'work-request';
  readonly id: string;
}

/** What a dead letter of a failed job item carries as its `event`: the job and the item, ids only. */
export interface FailedJobItem {
  readonly job: string;
  readonly item: JobItem;
}

/** The envelope of an event, whatever else the object holds (the detail never passes). */
export function deadLetteredEvent(event: DeadLetteredEvent): DeadLetteredEvent {
  return { id: event.id, source: event.source, detailType: event.detailType, time: event.time };
}

export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The SQS client and command, loaded on the first dead letter (a chunk of their own,
 * docs/operations.md §1): most invocations never send one, and a cold start pays nothing.
 */
const sqsSdk = onFirstUse(() => import('./sqs-sdk.js'));

/** The environment variable CDK sets to the function's own dead-letter queue URL. */
const DEAD_LETTER_QUEUE_URL = 'DEAD_LETTER_QUEUE_URL';

/**
 * Sends each dead letter to one SQS queue: the body is `{code, reason, fields, event}` as JSON,
 * `event` being `{id, source, detail-type, time}` (or a failed job item's `{job, item: {kind, id}}`)
 * and nothing else, whatever the caller passed;
 * `code` and `reason` are also message attributes, so an operator can filter and count
 * without parsing bodies. A failed send throws (the caller must not drop the event).
 * Without `client`, one is created on the first send (the SDK is loaded then).
 * @example await sqsDeadLetterSink(queueUrl).send({ code: 'EVENT_INVALID', reason: 'customerId: required', fields: ['customerId'], event });
 */
export function sqsDeadLetterSink(queueUrl: string, client?: SQSClient): DeadLetterSink {
  let sqs = client;
  return {
    async send(letter: DeadLetter): Promise<void> {
      const { SendMessageCommand, SQSClient } = await sqsSdk();
      sqs ??= new SQSClient({});
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify(messageBody(letter)),
          MessageAttributes: {
            ...stringAttribute('code', letter.code),
            ...stringAttribute('reason', letter.reason),
          },
        }),
      );
    },
  };
}

/**
 * The sink the environment names: the SQS queue in `DEAD_LETTER_QUEUE_URL`. Read when the sink is
 * built, which every caller does at cold start (a consumer's `eventBridgeHandler`, a job's
 * `createHandler`): a function that dead-letters but was deployed without a queue fails plainly
 * there, before it takes any event, rather than at its first rejection. Only functions Lambda
 * invokes asynchronously have the variable (docs/operations.md §5); code shared with an API or a
 * workflow task builds the sink only on the path that sends. No client is created until the
 * first send.
 */
export function deadLetterSinkFromEnv(env: Env = process.env): DeadLetterSink {
  const queueUrl = env[DEAD_LETTER_QUEUE_URL]?.trim();
  if (!queueUrl) {
    throw new Error(
      `Missing environment variable ${DEAD_LETTER_QUEUE_URL}: the dead-letter queue this function sends rejected events and failed job items to (only functions invoked asynchronously have one)`,
    );
  }
  return sqsDeadLetterSink(queueUrl);
}

/** Built field by field, so nothing a caller added to the letter or its event is sent. */
function messageBody(letter: DeadLetter): Record<string, unknown> {
  return {
    code: letter.code,
    reason: letter.reason,
    fields: [...letter.fields],
    event: 'job' in letter.event ? failedJobItem(letter.event) : eventEnvelope(letter.event),
  };
}

/** EventBridge's own spelling, as the delivery had it. */
function eventEnvelope(event: DeadLetteredEvent): Record<string, string> {
  return { id: event.id, source: event.source, 'detail-type': event.detailType, time: event.time };
}

function failedJobItem(failed: FailedJobItem): FailedJobItem {
  return { job: failed.job, item: { kind: failed.item.kind, id: failed.item.id } };
}

/** SQS refuses empty attribute values, so an empty one is left out rather than failing the send. */
function stringAttribute(
  name: string,
  value: string,
): Record<string, { DataType: 'String'; StringValue: string }> {
  return value === '' ? {} : { [name]: { DataType: 'String', StringValue: value } };
}
