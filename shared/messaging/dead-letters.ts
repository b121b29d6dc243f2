/**
 * Where a consumer puts an event it can never process. In AWS an SQS queue (the function's own
 * DLQ, URL in `DEAD_LETTER_QUEUE_URL`); locally the local cloud's SQS emulation behind
 * `AWS_ENDPOINT_URL_SQS`.
 */
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetterCode } from './rejection.js';

export interface DeadLetter {
  /** One of the shared vocabulary (`DEAD_LETTER_CODES`). */
  readonly code: DeadLetterCode;
  /** Fields and rules, never values. */
  readonly reason: string;
  /**
   * The event exactly as it was delivered (the queue is encrypted and access-controlled), or,
   * for an item a scheduled job could not process, the job and the item's id (`FailedJobItem`).
   */
  readonly event: unknown;
}

export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The environment variable CDK sets to the function's own dead-letter queue URL. */
const DEAD_LETTER_QUEUE_URL = 'DEAD_LETTER_QUEUE_URL';

/**
 * Sends each dead letter to one SQS queue: the body is `{code, reason, event}` as JSON, and
 * `code` and `reason` are also message attributes, so an operator can filter and count
 * without parsing bodies. A failed send throws (the caller must not drop the event).
 * Without `client`, one is created on the first send.
 * @example await sqsDeadLetterSink(queueUrl).send({ code: 'EVENT_INVALID', reason: 'detail.customerId: required', event });
 */
export function sqsDeadLetterSink(queueUrl: string, client?: SQSClient): DeadLetterSink {
  let sqs = client;
  return {
    async send(letter: DeadLetter): Promise<void> {
      sqs ??= new SQSClient({});
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: JSON.stringify({ code: letter.code, reason: letter.reason, event: letter.event }),
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
 * The sink the environment names: the SQS queue in `DEAD_LETTER_QUEUE_URL`. Nothing is read or
 * created until the first send (consumers build their sink at import time, and most never
 * reject anything); a missing variable fails that first send with a clear error, so the
 * delivery is retried rather than lost.
 */
export function deadLetterSinkFromEnv(env: Env = process.env): DeadLetterSink {
  let sink: DeadLetterSink | undefined;
  return {
    async send(letter: DeadLetter): Promise<void> {
      if (sink === undefined) {
        const queueUrl = env[DEAD_LETTER_QUEUE_URL]?.trim();
        if (!queueUrl) {
          throw new Error(
            `Missing environment variable ${DEAD_LETTER_QUEUE_URL}: the dead-letter queue this consumer sends rejected events to`,
          );
        }
        sink = sqsDeadLetterSink(queueUrl);
      }
      await sink.send(letter);
    },
  };
}

/** SQS refuses empty attribute values, so an empty one is left out rather than failing the send. */
function stringAttribute(
  name: string,
  value: string,
): Record<string, { DataType: 'String'; StringValue: string }> {
  return value === '' ? {} : { [name]: { DataType: 'String', StringValue: value } };
}
