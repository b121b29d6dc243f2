import { createHash, randomUUID } from 'node:crypto';
import type { DeadLetter, LocalBus } from './bus.js';
import { LOCAL_ACCOUNT } from './environment.js';
import type { LocalWorkQueues } from './work-queues.js';

/** An SQS API error: `name` is the error code the SDK turns into its exception class. */
export class SqsApiError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** The SendMessage answer the SDK needs (it checks MD5OfMessageBody against what it sent). */
export interface SendMessageOutput {
  readonly MessageId: string;
  readonly MD5OfMessageBody: string;
  /** FIFO queues only. */
  readonly SequenceNumber?: string;
}

/** Where the local SQS emulation delivers. */
export interface LocalQueues {
  /** Every standard queue: the one shared dead-letter list. */
  readonly bus: LocalBus;
  /** The FIFO queues of the coalesced works (none: every `.fifo` queue is unknown). */
  readonly workQueues?: LocalWorkQueues;
}

/**
 * SQS SendMessage (AWS JSON 1.0, `AmazonSQS.SendMessage`) for the local cloud. A `.fifo` queue
 * is a coalesced work's (work-queues.ts): the message is queued there, with SQS's checks of a
 * FIFO send (a message group and a deduplication id; the queues have no content-based
 * deduplication). Any other queue is a dead-letter queue: the message is not queued but
 * recorded in the bus's dead-letter list (`GET /local/dlq`), with the `code` and `reason` a
 * consumer sent. The SDK (middleware-sdk-sqs) validates only MD5OfMessageBody on SendMessage,
 * so MD5OfMessageAttributes is not computed.
 */
export function sendMessage(queues: LocalQueues, input: Record<string, unknown>): SendMessageOutput {
  const queue = queueName(input.QueueUrl);
  const body = input.MessageBody;
  if (typeof body !== 'string' || body === '') {
    throw new SqsApiError('MissingParameter', 'The request must contain the parameter MessageBody.');
  }
  const md5 = createHash('md5').update(body, 'utf8').digest('hex');
  if (queue.endsWith('.fifo')) {
    const sent = sendToFifo(queues.workQueues, queue, body, input);
    return { MessageId: sent.messageId, MD5OfMessageBody: md5, SequenceNumber: sent.sequenceNumber };
  }
  queues.bus.recordDeadLetter(deadLetter(queue, body, input.MessageAttributes));
  return { MessageId: randomUUID(), MD5OfMessageBody: md5 };
}

function sendToFifo(
  workQueues: LocalWorkQueues | undefined,
  name: string,
  body: string,
  input: Record<string, unknown>,
) {
  const queue = workQueues?.byName(name);
  if (queue === undefined) throw new SqsApiError('QueueDoesNotExist', 'The specified queue does not exist.');
  const groupId = input.MessageGroupId;
  if (typeof groupId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(groupId)) {
    throw new SqsApiError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
  }
  const deduplicationId = input.MessageDeduplicationId;
  if (typeof deduplicationId !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(deduplicationId)) {
    throw new SqsApiError(
      'InvalidParameterValue',
      'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
    );
  }
  return queue.send({ body, groupId, deduplicationId });
}

/**
 * The queue a URL names: any standard queue of the local account exists (locally every
 * function shares one dead-letter queue); a FIFO one only if a coalesced work declares it.
 */
function queueName(queueUrl: unknown): string {
  const path = typeof queueUrl === 'string' && URL.canParse(queueUrl) ? new URL(queueUrl).pathname : '';
  const match = new RegExp(`^/${LOCAL_ACCOUNT}/([A-Za-z0-9_-]{1,75}\\.fifo|[A-Za-z0-9_-]{1,80})$`).exec(path);
  if (match?.[1] === undefined) {
    throw new SqsApiError('QueueDoesNotExist', 'The specified queue does not exist.');
  }
  return match[1];
}

/** What a consumer sent (shared/messaging: body `{code, reason, event}`, attributes `code`, `reason`). */
function deadLetter(queue: string, body: string, attributes: unknown): Omit<DeadLetter, 'failedAt'> {
  const parsed = parseObject(body);
  const code = stringAttribute(attributes, 'code') ?? stringField(parsed, 'code');
  const reason = stringAttribute(attributes, 'reason') ?? stringField(parsed, 'reason');
  return {
    source: `queue:${queue}`,
    target: 'event consumer',
    payload: parsed !== undefined && 'event' in parsed ? parsed.event : (parsed ?? body),
    error: { name: 'UnprocessableEventError', message: reason ?? 'No reason given' },
    attempts: 1,
    ...(code === undefined ? {} : { code }),
    ...(reason === undefined ? {} : { reason }),
  };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function stringField(value: Record<string, unknown> | undefined, key: string): string | undefined {
  const field = value?.[key];
  return typeof field === 'string' ? field : undefined;
}

function stringAttribute(attributes: unknown, name: string): string | undefined {
  if (typeof attributes !== 'object' || attributes === null) return undefined;
  const attribute: unknown = Reflect.get(attributes, name);
  if (typeof attribute !== 'object' || attribute === null) return undefined;
  const value: unknown = Reflect.get(attribute, 'StringValue');
  return typeof value === 'string' ? value : undefined;
}
