import { type IssueSummary, issueSummaries } from '../zod-issues.js';
import { workRequestBodySchema } from './requests.js';

/** What the batch rules read of an SQS record (the shape Lambda's SQS event gives). */
export interface RequestRecord {
  readonly messageId: string;
  readonly body: string;
  /** FIFO only: `MessageGroupId` (the key the sender asked for). */
  readonly attributes: { readonly MessageGroupId?: string };
}

/** A message that is not a request (its body, or a body naming another key than its group). */
export interface MalformedRequest {
  readonly kind: 'malformed';
  readonly messageId: string;
  /** Paths and rules, never values. */
  readonly reason: string;
  readonly fields: readonly string[];
}

export interface ParsedRequest {
  readonly kind: 'request';
  readonly messageId: string;
  readonly requestedAt: Date;
}

export type BatchMessage = ParsedRequest | MalformedRequest;

/** One message group of a batch: its key and its messages in the order SQS gave them. */
export interface RequestGroup {
  readonly key: string;
  readonly messages: readonly BatchMessage[];
}

/**
 * The batch's messages by message group, groups in the order of their first message and each
 * group's messages in FIFO order (SQS hands a FIFO batch out in group order). A message without
 * a group (a standard queue) is grouped by the key of its body.
 */
export function groupBatch(records: readonly RequestRecord[]): RequestGroup[] {
  const groups = new Map<string, BatchMessage[]>();
  for (const record of records) {
    const { message, key } = parseRecord(record);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [message]);
    else group.push(message);
  }
  return [...groups].map(([key, messages]) => ({ key, messages }));
}

function parseRecord(record: RequestRecord): { message: BatchMessage; key: string } {
  const group = record.attributes.MessageGroupId;
  const body = parseJson(record.body);
  const parsed = body === undefined ? undefined : workRequestBodySchema.safeParse(body);
  if (parsed === undefined || !parsed.success) {
    const issues: IssueSummary[] =
      parsed === undefined ? [{ path: '', message: 'Not JSON' }] : issueSummaries(parsed.error.issues);
    return { message: malformed(record.messageId, issues), key: group ?? `malformed:${record.messageId}` };
  }
  const { key, requestedAt } = parsed.data;
  if (group !== undefined && group !== key) {
    return {
      message: malformed(record.messageId, [
        { path: 'key', message: 'Not the message group of the request' },
      ]),
      key: group,
    };
  }
  return {
    message: { kind: 'request', messageId: record.messageId, requestedAt: new Date(requestedAt) },
    key,
  };
}

function malformed(messageId: string, issues: readonly IssueSummary[]): MalformedRequest {
  return {
    kind: 'malformed',
    messageId,
    reason: issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; '),
    fields: [...new Set(issues.map((issue) => issue.path || '(root)'))],
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The requests of a group (its malformed messages left out). */
export function requestsOf(group: RequestGroup): ParsedRequest[] {
  return group.messages.filter((message): message is ParsedRequest => message.kind === 'request');
}

/** When the longest-waiting request of the group was made; undefined for a group with none. */
export function oldestRequestedAt(group: RequestGroup): Date | undefined {
  const times = requestsOf(group).map((request) => request.requestedAt.getTime());
  return times.length === 0 ? undefined : new Date(Math.min(...times));
}

/** Requests of the batch that waited longer than `maxDelaySeconds` before their work started. */
export function lateRequests(groups: readonly RequestGroup[], now: Date, maxDelaySeconds: number): number {
  const limit = now.getTime() - maxDelaySeconds * 1000;
  return groups.flatMap(requestsOf).filter((request) => request.requestedAt.getTime() < limit).length;
}

/**
 * The messages to report as failed (SQS makes them visible again; after the queue's receive
 * limit, it moves them to its dead-letter queue), by FIFO's rule: in each group, from the first
 * message that failed on, every message, so nothing of a group is deleted ahead of an earlier
 * message that will come back. A message failed when it is a request of a key whose work threw,
 * or a malformed message that could not be dead-lettered (`undelivered`).
 */
export function failedMessageIds(
  groups: readonly RequestGroup[],
  failedKeys: ReadonlySet<string>,
  undelivered: ReadonlySet<string>,
): string[] {
  return groups.flatMap((group) => {
    const failedAt = group.messages.findIndex((message) =>
      message.kind === 'request' ? failedKeys.has(group.key) : undelivered.has(message.messageId),
    );
    return failedAt < 0 ? [] : group.messages.slice(failedAt).map((message) => message.messageId);
  });
}
