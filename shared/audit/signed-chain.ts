import { type AuditHead, type AuditRecord, type ChainVerification, verifyChain } from './chain.js';
import type { AuditSigner } from './signer.js';

/** A record with the MAC of its hash: the only kind `auditPut` writes. */
export interface SignedAuditRecord extends AuditRecord {
  /** MAC (base64) of `hash` under the audit key (see {@link AuditSigner}). */
  readonly mac: string;
}

/** A record as read back: its MAC may be missing (an old or tampered item), verification says so. */
export interface StoredAuditRecord extends AuditRecord {
  readonly mac?: string | undefined;
}

/**
 * Signs a record built by `appendAuditRecord`. The MAC covers `hash`, which covers every field
 * and `prevHash`, so it binds the record's content and its place in the chain.
 * @example const signed = await signAuditRecord(signer, appendAuditRecord(head, entry));
 */
export async function signAuditRecord(signer: AuditSigner, record: AuditRecord): Promise<SignedAuditRecord> {
  return { ...record, mac: await signer.sign(record.hash) };
}

// KMS VerifyMac is one request per record: a few at a time keeps a long chain quick without
// bursting the account's KMS request quota.
const VERIFY_CONCURRENCY = 8;

/**
 * {@link verifyChain} and then every record's MAC. A record rewritten with its unkeyed hash
 * recomputed (and the links after it) passes the hash chain but not its MAC: `signature-mismatch`
 * at that record. The first break by `seq` is reported, whichever check found it.
 *
 * @example
 *   const verdict = await verifySignedChain(records, signer, { head: customer.audit });
 */
export async function verifySignedChain(
  records: readonly StoredAuditRecord[],
  signer: AuditSigner,
  options: { readonly head?: AuditHead | undefined } = {},
): Promise<ChainVerification> {
  const structural = verifyChain(records, options);
  // Records from the start up to the structural break (all of them when the chain holds).
  const checkable = structural.valid ? records : records.filter((r) => r.seq < structural.brokenAtSeq);
  const firstBadSignature = await firstUnsigned(checkable, signer);
  if (firstBadSignature !== undefined) return firstBadSignature;
  return structural;
}

async function firstUnsigned(
  records: readonly StoredAuditRecord[],
  signer: AuditSigner,
): Promise<ChainVerification | undefined> {
  for (let start = 0; start < records.length; start += VERIFY_CONCURRENCY) {
    const batch = records.slice(start, start + VERIFY_CONCURRENCY);
    const verdicts = await Promise.all(
      batch.map(async (record) =>
        record.mac === undefined
          ? 'unsigned'
          : (await signer.verify(record.hash, record.mac))
            ? 'ok'
            : 'signature-mismatch',
      ),
    );
    const index = verdicts.findIndex((verdict) => verdict !== 'ok');
    const verdict = verdicts[index];
    const record = batch[index];
    if (record !== undefined && verdict !== undefined && verdict !== 'ok') {
      return { valid: false, brokenAtSeq: record.seq, reason: verdict };
    }
  }
  return undefined;
}
