import { randomBytes } from 'node:crypto';
import { KMSClient, KMSInvalidMacException } from '@aws-sdk/client-kms';
import { describe, expect, it, vi } from 'vitest';
import {
  type AuditRecord,
  appendAuditRecord,
  hashAuditRecord,
  LocalAuditSigner,
  type SignedAuditRecord,
  signAuditRecord,
  verifySignedChain,
} from '../../../shared/audit/index.js';
import { KmsAuditSigner } from '../../../shared/audit/kms-audit-signer.js';

const subject = 'customer#cus_01KDVDNA00BBBBBBBBBBBBBBBB';

async function signedChain(signer: LocalAuditSigner, length: number): Promise<SignedAuditRecord[]> {
  const records: SignedAuditRecord[] = [];
  for (let i = 0; i < length; i += 1) {
    const record = appendAuditRecord(records.at(-1), {
      subject,
      at: `2026-03-0${i + 1}T08:00:00.000Z`,
      actor: 'rm-7',
      role: 'relationship-manager',
      action: i === 0 ? 'customer.created' : 'customer.updated',
      fields: ['mobile'],
    });
    records.push(await signAuditRecord(signer, record));
  }
  return records;
}

/** What someone who may write the table but has no audit key can do: change, then rehash. */
function rewriteAndRehash(records: SignedAuditRecord[], seq: number, change: Partial<AuditRecord>) {
  const rewritten: SignedAuditRecord[] = [];
  for (const record of records) {
    const previous = rewritten.at(-1);
    const base = record.seq === seq ? { ...record, ...change } : record;
    const { hash: _old, mac, ...content } = { ...base, prevHash: previous?.hash ?? base.prevHash };
    rewritten.push({ ...content, hash: hashAuditRecord(content), mac });
  }
  return rewritten;
}

describe('verifySignedChain', () => {
  const signer = new LocalAuditSigner(randomBytes(32));

  it('accepts a chain signed by the audit key, with its head', async () => {
    const records = await signedChain(signer, 4);
    const last = records.at(-1);

    expect(await verifySignedChain(records, signer, { head: { seq: 4, hash: last?.hash ?? '' } })).toEqual({
      valid: true,
      length: 4,
    });
  });

  it('refuses a rewritten record whose unkeyed hashes were all recomputed (and the head moved)', async () => {
    const records = await signedChain(signer, 4);
    const forged = rewriteAndRehash(records, 2, { fields: ['name'], actor: 'someone-else' });
    const head = { seq: 4, hash: forged.at(-1)?.hash ?? '' };

    // The SHA-256 chain alone cannot tell: every link and the head agree.
    expect(forged.map((record) => record.hash)).not.toEqual(records.map((record) => record.hash));
    expect(await verifySignedChain(forged, signer, { head })).toEqual({
      valid: false,
      brokenAtSeq: 2,
      reason: 'signature-mismatch',
    });
  });

  it('refuses a record signed under another key, and one without a MAC', async () => {
    const records = await signedChain(signer, 3);
    const otherKey = await signedChain(new LocalAuditSigner(randomBytes(32)), 3);
    const { mac: _mac, ...stripped } = records[2] as SignedAuditRecord;

    expect(await verifySignedChain(otherKey, signer)).toMatchObject({
      brokenAtSeq: 1,
      reason: 'signature-mismatch',
    });
    expect(
      await verifySignedChain(
        [records[0], records[1], stripped].flatMap((r) => (r ? [r] : [])),
        signer,
      ),
    ).toEqual({ valid: false, brokenAtSeq: 3, reason: 'unsigned' });
  });

  it('reports the structural break first when it comes before any bad MAC', async () => {
    const records = await signedChain(signer, 4);
    const removed = records.filter((record) => record.seq !== 2);

    expect(await verifySignedChain(removed, signer)).toEqual({
      valid: false,
      brokenAtSeq: 2,
      reason: 'missing-record',
    });
  });
});

describe('KmsAuditSigner', () => {
  it('signs with GenerateMac and verifies with VerifyMac (HMAC_SHA_256), a refused MAC being false', async () => {
    const client = new KMSClient({ region: 'eu-west-1' });
    const send = vi.spyOn(client, 'send');
    send.mockImplementationOnce(async () => ({ Mac: Uint8Array.of(1, 2, 3) }));
    send.mockImplementationOnce(async () => ({ MacValid: true }));
    send.mockImplementationOnce(async () => {
      throw new KMSInvalidMacException({ message: 'invalid', $metadata: {} });
    });
    const signer = new KmsAuditSigner(client, 'alias/fincrm-dev-audit');

    const mac = await signer.sign('ab'.repeat(32));
    expect(mac).toBe(Buffer.from([1, 2, 3]).toString('base64'));
    expect(await signer.verify('ab'.repeat(32), mac)).toBe(true);
    expect(await signer.verify('cd'.repeat(32), mac)).toBe(false);
    const first = send.mock.calls[0]?.[0].input;
    expect(first).toMatchObject({ KeyId: 'alias/fincrm-dev-audit', MacAlgorithm: 'HMAC_SHA_256' });
  });
});
