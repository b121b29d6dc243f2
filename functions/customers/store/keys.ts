import type { CursorShape } from '../../../shared/dynamodb/index.js';

/**
 * Key schema of the Customers table (single-table design). Every key is built here and
 * nowhere else.
 *
 * | item                    | pk                          | sk                  | GSI keys                                  |
 * |-------------------------|-----------------------------|---------------------|-------------------------------------------|
 * | customer profile        | CUSTOMER#<customerId>       | PROFILE             | byEntity, byBranch, byRm (listKey CUSTOMER#...), byMobile, byDue (REVIEWDUE), bySeniorDay (while the senior day is ahead) |
 * | erasure schedule        | CUSTOMER#<customerId>       | SHRED               | byDue (SHRED, retention end)              |
 * | ID-document lock        | IDDOC#<blind index>         | LOCK                |                                           |
 * | idempotency record      | IDEMPOTENCY#<sub>#<key>     | CREATE              |                                           |
 * | agent search grant      | GRANT#<agent sub>           | CUSTOMER#<id>       |                                           |
 * | agent complaint grant   | GRANT#<agent sub>           | CUSTOMER#<id>#COMPLAINT#<complaintId> |                 |
 * | complaint access state  | CUSTOMER#<customerId>       | COMPLAINT#<complaintId> |                                       |
 * | searcher (lockout, audit head) | SEARCHER#<sub>       | STATE               |                                           |
 * | searcher's window count | SEARCHER#<sub>              | WINDOW#<start s>    |                                           |
 * | review                  | REVIEW#<reviewId>           | REVIEW              | byBranch, byRm (listKey REVIEW#<status>#...), byDue (REVIEWSTATUS#<status>) |
 * | delivery of a contact   | DELIVERY#<contactId>        | CONTACT             | (TTL)                                     |
 * | gateway report          | DELIVERY#<contactId>        | REPORT#<status>     | (TTL)                                     |
 * | outbox event            | OUTBOX#<eventId>            | EVENT               |                                           |
 * | mirrored calendar year  | CALENDAR#MIRROR             | YEAR#<yyyy>         | (shared/time/dynamo-calendar-mirror.ts)   |
 */
export const PROFILE = 'PROFILE';

/** Key of a customer's item in the key table (CustomerKeys): the customer id alone. */
export const dataKeyKey = (customerId: string) => ({ customerId });

export const customerKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: PROFILE });
export const shredScheduleKey = (customerId: string) => ({ pk: `CUSTOMER#${customerId}`, sk: 'SHRED' });
export const identityLockKey = (idDocumentIndex: string) => ({ pk: `IDDOC#${idDocumentIndex}`, sk: 'LOCK' });
export const idempotencyKey = (sub: string, key: string) => ({
  pk: `IDEMPOTENCY#${sub}#${key}`,
  sk: 'CREATE',
});
export const agentGrantKey = (agentSub: string, customerId: string) => ({
  pk: `GRANT#${agentSub}`,
  sk: `CUSTOMER#${customerId}`,
});
/**
 * The assignee's read grant while a complaint about the customer is open: beside the search
 * grant of the same agent and customer (one query reads both), one per complaint, no expiry.
 */
export const complaintGrantKey = (agentSub: string, customerId: string, complaintId: string) => ({
  pk: `GRANT#${agentSub}`,
  sk: `CUSTOMER#${customerId}#COMPLAINT#${complaintId}`,
});
/** What the customers capability knows of one complaint about the customer (open, assignee). */
export const complaintAccessKey = (customerId: string, complaintId: string) => ({
  pk: `CUSTOMER#${customerId}`,
  sk: `${COMPLAINT_ACCESS_PREFIX}${complaintId}`,
});
export const COMPLAINT_ACCESS_PREFIX = 'COMPLAINT#';
export const searcherKey = (sub: string) => ({ pk: `SEARCHER#${sub}`, sk: 'STATE' });
export const searchWindowKey = (sub: string, windowStart: number) => ({
  pk: `SEARCHER#${sub}`,
  sk: `WINDOW#${windowStart}`,
});
export const reviewKey = (reviewId: string) => ({ pk: `REVIEW#${reviewId}`, sk: 'REVIEW' });
/** The marker of one contact's delivery: claimed before sending, then its outcome. */
export const deliveryKey = (contactId: string) => ({ pk: `DELIVERY#${contactId}`, sk: 'CONTACT' });
/** A report of the bank's gateway on a contact, once per status. */
export const deliveryReportKey = (contactId: string, status: string) => ({
  pk: `DELIVERY#${contactId}`,
  sk: `REPORT#${status}`,
});

export const branchKey = (branch: string) => `BRANCH#${branch}`;
export const rmKey = (rmId: string) => `RM#${rmId}`;
export const customerListKey = (createdAt: string, customerId: string) =>
  `CUSTOMER#${createdAt}#${customerId}`;
export const CUSTOMER_LIST_PREFIX = 'CUSTOMER#';
export const reviewListKey = (status: string, deadline: string, reviewId: string) =>
  `REVIEW#${status}#${deadline}#${reviewId}`;
export const reviewListPrefix = (status: string) => `REVIEW#${status}#`;

export const REVIEW_DUE = 'REVIEWDUE';
export const SHRED_DUE = 'SHRED';
export const reviewStatusDueKey = (status: string) => `REVIEWSTATUS#${status}`;

export const ENTITY = {
  customer: 'CUSTOMER',
  review: 'REVIEW',
  lock: 'LOCK',
  shred: 'SHRED',
  grant: 'GRANT',
  complaintAccess: 'COMPLAINTACCESS',
  searcher: 'SEARCHER',
  searchWindow: 'SEARCHWINDOW',
  delivery: 'DELIVERY',
} as const;

// Cursor shapes: what a client's cursor must be to continue each list query (shared/dynamodb/
// cursor.ts). A position on an index holds the table's keys and the index's; every key is a string.
const TABLE_KEYS = { pk: 'S', sk: 'S' } as const;

/**
 * A page of byBranch, byRm or byEntity (a compliance officer's list of every customer): the
 * caller's partition, list keys under `prefix`.
 */
export function listCursorShape(
  keyName: 'branchKey' | 'rmKey' | 'entityType',
  keyValue: string,
  prefix: string,
): CursorShape {
  return {
    keys: { ...TABLE_KEYS, [keyName]: 'S', listKey: 'S' },
    partition: { [keyName]: keyValue },
    sortKey: { name: 'listKey', accepts: (value) => typeof value === 'string' && value.startsWith(prefix) },
  };
}

/** A page of byDue under `dueKey`, due no later than `dueBy` when the query says so. */
export function dueCursorShape(dueKey: string, dueBy?: string): CursorShape {
  return {
    keys: { ...TABLE_KEYS, dueKey: 'S', dueAt: 'S' },
    partition: { dueKey },
    ...(dueBy === undefined
      ? {}
      : { sortKey: { name: 'dueAt', accepts: (value) => typeof value === 'string' && value <= dueBy } }),
  };
}

/** A page of bySeniorDay under one day's index (its sort key is the table's `pk`). */
export function seniorDayCursorShape(seniorDayIndex: string): CursorShape {
  return { keys: { ...TABLE_KEYS, seniorDayIndex: 'S' }, partition: { seniorDayIndex } };
}
