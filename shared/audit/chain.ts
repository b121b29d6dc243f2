import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.js';

/**
 * What was done, as `<thing>.<verb>` in lower case (`customer.revealed`, `config.updated`):
 * each capability names its own actions (the customers capability's are in its domain), the
 * chain only checks their shape.
 */
export type AuditAction = string;
const ACTION = /^[a-z][a-z0-9-]{0,31}(\.[a-z][a-z0-9-]{0,31}){1,2}$/;

/**
 * Whose chain a record belongs to: `<kind>#<id>`, e.g. `customer#cus_01J…` or
 * `config#segmentation`. One chain per subject; the audit tables are partitioned by it.
 * @example auditSubject('customer', customerId) // 'customer#cus_01J…'
 */
export function auditSubject(kind: string, id: string): string {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(kind) || !/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}$/.test(id)) {
    throw new InvalidAuditEntryError('An audit subject is a kind and an id (ASCII, no data)');
  }
  return `${kind}#${id}`;
}

/** The `prevHash` of a chain's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/**
 * One link of a subject's audit chain (a customer, a configuration, a complaint): who did
 * what, in which role, for which purpose, to which fields, when. Field names only, never values.
 */
export interface AuditRecord {
  /** Whose chain: see {@link auditSubject}; the audit table's partition key. */
  readonly subject: string;
  /** 1-based position in the subject's chain; the table's sort key. */
  readonly seq: number;
  /** ISO 8601 UTC. */
  readonly at: string;
  /** The caller's subject (`sub`). */
  readonly actor: string;
  /** A role of shared/auth (`compliance-officer`, …), or `system` for scheduled jobs. */
  readonly role: string;
  readonly action: AuditAction;
  /** The stated purpose of an unmasked read (`X-Access-Purpose`). */
  readonly purpose?: string | undefined;
  /** Names of the fields written or revealed. */
  readonly fields: readonly string[];
  readonly requestId?: string | undefined;
  /** `hash` of the previous record, {@link GENESIS_HASH} for the first. */
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of every other field. */
  readonly hash: string;
}

/** What the caller supplies; the chain position and hashes are computed. */
export type AuditEntry = Omit<AuditRecord, 'seq' | 'prevHash' | 'hash'>;

/** The last link of a chain, as the customer record keeps it. */
export interface AuditHead {
  readonly seq: number;
  readonly hash: string;
}

export type ChainBreak =
  | 'missing-record'
  | 'out-of-order'
  | 'subject-mismatch'
  | 'broken-link'
  | 'hash-mismatch'
  | 'head-mismatch'
  /** A record without a MAC (written before records were signed, or stripped). */
  | 'unsigned'
  /** A MAC that the audit key did not make over this record's hash: the record was rewritten. */
  | 'signature-mismatch';

export type ChainVerification =
  | { readonly valid: true; readonly length: number }
  | { readonly valid: false; readonly brokenAtSeq: number; readonly reason: ChainBreak };

/** A bad audit entry: a field list holding something other than field names, and the like. */
export class InvalidAuditEntryError extends Error {
  readonly code = 'AUDIT_ENTRY_INVALID';
  override readonly name = 'InvalidAuditEntryError';
}

// Names such as `mobile`, `legalRepresentative.idNumber` or `consents.product-recommendation`;
// anything else may be a value, which must never enter the (unencrypted, undeletable) audit
// table. A top-level field is camelCase. Below it a key may also be lower kebab-case, because
// the keys of the record's maps are the API's own enum values (consent purposes), and the audit
// names a field exactly as the record and the API do. A hyphen only joins two runs of lower-case
// letters and digits after a leading letter, so a phone number or a date (`138-…`, `2026-…`),
// an e-mail address or any text with spaces is still refused.
const SEGMENT = '[a-z][A-Za-z0-9]{0,63}';
const KEY = `(?:${SEGMENT}|(?=[a-z0-9-]{1,64}(?:\\.|$))[a-z][a-z0-9]*(?:-[a-z0-9]+)+)`;
const FIELD_NAME = new RegExp(`^${SEGMENT}(?:\\.${KEY}){0,3}$`);
const MAX_PURPOSE_LENGTH = 500;

/**
 * The SHA-256 (hex) of a record: canonical JSON (sorted keys) of every field of
 * {@link AuditRecord} except `hash`. Attributes that are not part of the record (storage
 * metadata) do not count.
 */
export function hashAuditRecord(record: Omit<AuditRecord, 'hash'>): string {
  const content = {
    subject: record.subject,
    seq: record.seq,
    at: record.at,
    actor: record.actor,
    role: record.role,
    action: record.action,
    purpose: record.purpose,
    fields: record.fields,
    requestId: record.requestId,
    prevHash: record.prevHash,
  };
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}

/**
 * The next record of a chain whose last link is `head` (`undefined` for a new chain).
 *
 * @example
 *   const first = appendAuditRecord(undefined, entry);          // seq 1, prevHash GENESIS_HASH
 *   const second = appendAuditRecord(first, nextEntry);         // seq 2, prevHash first.hash
 */
export function appendAuditRecord(head: AuditHead | undefined, entry: AuditEntry): AuditRecord {
  for (const field of entry.fields) {
    if (!FIELD_NAME.test(field)) throw new InvalidAuditEntryError('Audit fields must be field names');
  }
  if (entry.actor === '' || entry.subject === '' || entry.role === '') {
    throw new InvalidAuditEntryError('An audit record names its subject, its actor and the role');
  }
  if (!ACTION.test(entry.action)) throw new InvalidAuditEntryError('An audit action is <thing>.<verb>');
  if (entry.purpose !== undefined && entry.purpose.length > MAX_PURPOSE_LENGTH) {
    throw new InvalidAuditEntryError(`A purpose is at most ${MAX_PURPOSE_LENGTH} characters`);
  }
  const { purpose, requestId, ...required } = entry;
  const unhashed: Omit<AuditRecord, 'hash'> = {
    ...required,
    fields: [...entry.fields],
    // Optional fields are left out rather than stored as undefined.
    ...(purpose === undefined ? {} : { purpose }),
    ...(requestId === undefined ? {} : { requestId }),
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unhashed, hash: hashAuditRecord(unhashed) };
}

/**
 * Checks a subject's chain, records in the order read (by `seq`). Detects a changed field,
 * a removed, duplicated or reordered record, and a forged hash (at the next link). With
 * `head` (kept on the customer record, written in the same transaction), also a truncated
 * tail or a rewritten last record.
 *
 * @example
 *   const result = verifyChain(records, { head: customer.audit });
 *   if (!result.valid) alarm(result.brokenAtSeq, result.reason);
 */
export function verifyChain(
  records: readonly AuditRecord[],
  options: { readonly head?: AuditHead | undefined } = {},
): ChainVerification {
  const subject = records[0]?.subject;
  let prevHash = GENESIS_HASH;
  for (const [index, record] of records.entries()) {
    const expectedSeq = index + 1;
    if (record.seq !== expectedSeq) {
      const later = records.slice(index + 1).some((r) => r.seq === expectedSeq);
      const reason = record.seq > expectedSeq && !later ? 'missing-record' : 'out-of-order';
      return { valid: false, brokenAtSeq: expectedSeq, reason };
    }
    if (record.subject !== subject) return broken(record.seq, 'subject-mismatch');
    if (record.prevHash !== prevHash) return broken(record.seq, 'broken-link');
    if (hashAuditRecord(record) !== record.hash) return broken(record.seq, 'hash-mismatch');
    prevHash = record.hash;
  }
  const head = options.head;
  if (head !== undefined) {
    if (records.length < head.seq) return broken(records.length + 1, 'missing-record');
    if (records.length > head.seq) return broken(head.seq + 1, 'head-mismatch');
    if (head.seq > 0 && prevHash !== head.hash) return broken(head.seq, 'head-mismatch');
  }
  return { valid: true, length: records.length };
}

function broken(brokenAtSeq: number, reason: ChainBreak): ChainVerification {
  return { valid: false, brokenAtSeq, reason };
}
