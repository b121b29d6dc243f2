import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Labelled, transactWrite } from '../dynamodb/transaction.js';
import { type VersionedPutsInput, versionedPuts } from '../dynamodb/versioned-puts.js';
import { auditPut } from './audit-writer.js';
import type { AuditRecord } from './chain.js';
import { signAuditRecord } from './signed-chain.js';
import type { AuditSigner } from './signer.js';

/** A new version of a versioned, audited record and the audit record of that change. */
export interface AuditedVersionSave<S extends { readonly version: number }> {
  /** The version the save is based on: 0 when the record does not exist yet. */
  readonly expectedVersion: number;
  readonly stored: S;
  readonly audit: AuditRecord;
}

/** Where a save's items go and what differs between the records saved this way. */
export interface AuditedVersionWrite<L extends string, R extends string> {
  /** The record's pointer and version items (`versionedPuts`, less the expected version). */
  readonly puts: Omit<VersionedPutsInput, 'expectedVersion'>;
  /** The append-only audit table the signed record goes to. */
  readonly auditTable: string;
  /** Items written in the same transaction after the audit record (an outbox item, a key). */
  readonly extra?: readonly Labelled<L>[];
  /**
   * Extra items whose failed condition is an answer rather than a fault, checked in this order
   * before the pointer's lost race (e.g. a used Idempotency-Key is a `duplicate-request`).
   */
  readonly refusals?: readonly { readonly label: L; readonly reason: R }[];
  /** The store's own error for items that disagree (a version or audit record past the pointer). */
  readonly inconsistent: () => Error;
}

export type AuditedVersionOutcome<S, R extends string> =
  | { readonly ok: true; readonly stored: S }
  | { readonly ok: false; readonly reason: R | 'version-conflict' };

/**
 * Saves version `expectedVersion + 1` of a record with the audit record of the same seq, signed,
 * in one TransactWriteItems: the pointer and the immutable version item (`versionedPuts`), the
 * audit record (conditioned on its chain position), then `extra`, so none is written without the
 * others. A failed pointer is a lost race (`version-conflict`, a 412); a failed condition no
 * refusal explains means the items disagree, so `inconsistent()` is thrown (a 500 and an alarm).
 * @example return saveAuditedVersion(db, signer, save, { puts, auditTable, inconsistent: () => new XError('…') });
 */
export async function saveAuditedVersion<
  S extends { readonly version: number },
  L extends string = never,
  R extends string = never,
>(
  db: DynamoDBDocumentClient,
  signer: AuditSigner,
  save: AuditedVersionSave<S>,
  write: AuditedVersionWrite<L, R>,
): Promise<AuditedVersionOutcome<S, R>> {
  if (save.stored.version !== save.expectedVersion + 1 || save.audit.seq !== save.stored.version) {
    throw new RangeError('A save writes version expectedVersion + 1 with the audit record of that seq');
  }
  const audit = await signAuditRecord(signer, save.audit);
  const { pointer, version } = versionedPuts({ ...write.puts, expectedVersion: save.expectedVersion });
  const items: Labelled<'pointer' | 'version' | 'audit' | L>[] = [
    { label: 'pointer', item: pointer },
    { label: 'version', item: version },
    { label: 'audit', item: auditPut(write.auditTable, audit) },
    ...(write.extra ?? []),
  ];
  const failed = await transactWrite(db, items);
  if (failed.length === 0) return { ok: true, stored: save.stored };
  const refusal = write.refusals?.find(({ label }) => failed.includes(label));
  if (refusal !== undefined) return { ok: false, reason: refusal.reason };
  if (failed.includes('pointer')) return { ok: false, reason: 'version-conflict' };
  throw write.inconsistent();
}
