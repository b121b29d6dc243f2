import type { CursorShape } from '../../../shared/dynamodb/index.js';

/**
 * Key schema of the Complaints table (single-table design). Every key is built here and
 * nowhere else.
 *
 * | item                        | pk                          | sk                    | GSI keys                              |
 * |-----------------------------|-----------------------------|-----------------------|---------------------------------------|
 * | complaint                   | COMPLAINT#<complaintId>     | COMPLAINT             | byEntity, byBranch, byRm, byAssignee (when assigned), byQueue (open and unassigned), byDue (open with a pending deadline) |
 * | sealed free text            | COMPLAINT#<complaintId>     | TEXT                  |                                       |
 * | note (sealed text)          | COMPLAINT#<complaintId>     | NOTE#<at>#<noteId>    |                                       |
 * | customer mirror (C1 facts)  | CUSTOMER#<customerId>       | FACTS                 | byEntity (entityType CUSTOMER_FACTS, listKey `<branch>#<customerId>`) |
 * | open-complaint marker       | CUSTOMER#<customerId>       | OPEN#<category>       |                                       |
 * | customer's complaint        | CUSTOMER#<customerId>       | COMPLAINT#<complaintId> | (erasure finds a customer's complaints here) |
 * | idempotency record          | IDEMPOTENCY#<sub>#<key>     | IDEMPOTENCY           | (TTL `expiresAt`)                     |
 * | outbox event                | OUTBOX#<eventId>            | EVENT                 | (shared/outbox)                       |
 * | mirrored calendar year      | CALENDAR#MIRROR             | YEAR#<yyyy>           | (shared/time/dynamo-calendar-mirror.ts) |
 *
 * Index attributes of a complaint item, all derived from the complaint when it is written
 * (complaint-item.ts), so a write can never leave one stale:
 * - `entityType` COMPLAINT and `listKey` `<receivedAt>#<complaintId>` on every complaint: lists
 *   and the report's date range are ordered by receipt.
 * - `branchKey` `BRANCH#<branch>`, `rmKey` `RM#<branch>#<rmId>` (an RM's book within their branch).
 * - `assigneeKey` `ASSIGNEE#<sub>` while assigned.
 * - `queueKey` `QUEUE#<queue>` only while open and unassigned: the service agents' queue.
 * - `dueKey` OPEN with the `nextDueAt` sort key only while open with a pending deadline: the
 *   due-soon count reads exactly the complaints that can still breach.
 *
 * The data key of each complaint is in the ComplaintKeys table (partition `complaintId`), the
 * audit chain in ComplaintAudit (subject `complaint#<complaintId>`).
 */
export const COMPLAINT = 'COMPLAINT';
export const COMPLAINT_ENTITY = 'COMPLAINT';
export const DUE_OPEN = 'OPEN';
export const MIRROR_ENTITY = 'CUSTOMER_FACTS';
/** The byEntity sort key of a mirrored customer: counted per branch by prefix. */
export const mirrorListKey = (branch: string, customerId: string) => `${branch}#${customerId}`;
const NOTE_PREFIX = 'NOTE#';

const complaintPk = (complaintId: string) => `COMPLAINT#${complaintId}`;
const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;

export const complaintKey = (complaintId: string) => ({ pk: complaintPk(complaintId), sk: COMPLAINT });
export const textKey = (complaintId: string) => ({ pk: complaintPk(complaintId), sk: 'TEXT' });
export const noteKey = (complaintId: string, at: string, noteId: string) => ({
  pk: complaintPk(complaintId),
  sk: `${NOTE_PREFIX}${at}#${noteId}`,
});
/** The partition and sort-key prefix of a complaint's notes (oldest first). */
export const notesOf = (complaintId: string) => ({ pk: complaintPk(complaintId), skPrefix: NOTE_PREFIX });

export const mirrorKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'FACTS' });
export const openMarkerKey = (customerId: string, category: string) => ({
  pk: customerPk(customerId),
  sk: `OPEN#${category}`,
});
export const customerComplaintKey = (customerId: string, complaintId: string) => ({
  pk: customerPk(customerId),
  sk: `COMPLAINT#${complaintId}`,
});
/** The partition and sort-key prefix of a customer's complaints. */
export const complaintsOfCustomer = (customerId: string) => ({
  pk: customerPk(customerId),
  skPrefix: 'COMPLAINT#',
});
export const idempotencyKey = (sub: string, key: string) => ({
  pk: `IDEMPOTENCY#${sub}#${key}`,
  sk: 'IDEMPOTENCY',
});

/** Key of a complaint's item in the key table (ComplaintKeys): the complaint id alone. */
export const dataKeyKey = (complaintId: string) => ({ complaintId });

export const branchKey = (branch: string) => `BRANCH#${branch}`;
export const rmKey = (branch: string, rmId: string) => `RM#${branch}#${rmId}`;
export const assigneeKey = (sub: string) => `ASSIGNEE#${sub}`;
export const queueKey = (queue: string) => `QUEUE#${queue}`;
export const listKey = (receivedAt: string, complaintId: string) => `${receivedAt}#${complaintId}`;

/** The GSI attributes a list query reads, each with the index that has it as partition key. */
export const LIST_INDEXES = {
  entityType: 'byEntity',
  branchKey: 'byBranch',
  rmKey: 'byRm',
  assigneeKey: 'byAssignee',
  queueKey: 'byQueue',
} as const;
export type ListIndexKey = keyof typeof LIST_INDEXES;

// Cursor shapes: what a client's cursor must be to continue a list query (shared/dynamodb/
// cursor.ts). A position on an index holds the table's keys and the index's; all are strings.
const TABLE_KEYS = { pk: 'S', sk: 'S' } as const;
const LIST_KEY = /^\d{4}-\d{2}-\d{2}T[^#]+#[^#]+$/;

/** A page of one list index, in the caller's partition (`keyValue`). */
export function listCursorShape(keyName: ListIndexKey, keyValue: string): CursorShape {
  return {
    keys: { ...TABLE_KEYS, [keyName]: 'S', listKey: 'S' },
    partition: { [keyName]: keyValue },
    sortKey: { name: 'listKey', accepts: (value) => typeof value === 'string' && LIST_KEY.test(value) },
  };
}
