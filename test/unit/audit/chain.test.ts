import { describe, expect, it } from 'vitest';
import { CONSENT_PURPOSES } from '../../../functions/customers/events.js';
import {
  type AuditAction,
  type AuditRecord,
  appendAuditRecord,
  auditSubject,
  canonicalJson,
  GENESIS_HASH,
  hashAuditRecord,
  InvalidAuditEntryError,
  verifyChain,
} from '../../../shared/audit/index.js';

const subject = 'customer#cus_01KDVDNA00BBBBBBBBBBBBBBBB';
const actions: AuditAction[] = [
  'customer.created',
  'customer.updated',
  'customer.revealed',
  'consent.changed',
  'erasure.requested',
];

/** A chain of five records, as five successive changes would write it. */
function chainOfFive(): AuditRecord[] {
  const records: AuditRecord[] = [];
  actions.forEach((action, i) => {
    const revealed = action === 'customer.revealed';
    records.push(
      appendAuditRecord(records.at(-1), {
        subject,
        at: `2026-03-0${i + 1}T08:00:00.000Z`,
        actor: revealed ? 'officer-1' : 'rm-7',
        role: revealed ? 'compliance-officer' : 'relationship-manager',
        action,
        fields: revealed ? ['idNumber', 'mobile'] : ['mobile'],
        ...(revealed ? { purpose: 'AML case 2026-117' } : {}),
        requestId: `req-${i + 1}`,
      }),
    );
  });
  return records;
}

function replace(records: AuditRecord[], seq: number, change: Partial<AuditRecord>): AuditRecord[] {
  return records.map((record) => (record.seq === seq ? { ...record, ...change } : record));
}

describe('appendAuditRecord', () => {
  it('starts at seq 1 from the genesis hash and links each record to the previous hash', () => {
    const records = chainOfFive();

    expect(records.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]?.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toMatch(/^0{64}$/);
    for (let i = 1; i < records.length; i += 1) expect(records[i]?.prevHash).toBe(records[i - 1]?.hash);
    for (const record of records) expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('hashes the canonical JSON of every field but the hash, whatever the key order', () => {
    const [first] = chainOfFive();
    if (first === undefined) throw new Error('empty chain');
    const { hash, ...rest } = first;
    const reversed = Object.fromEntries(Object.entries(rest).reverse()) as Omit<AuditRecord, 'hash'>;

    expect(hashAuditRecord(reversed)).toBe(hash);
    expect(canonicalJson({ b: 1, a: [2, { d: 3, c: 4 }] })).toBe('{"a":[2,{"c":4,"d":3}],"b":1}');
  });

  it('stores no key for an absent purpose or request id', () => {
    const record = appendAuditRecord(undefined, {
      subject,
      at: '2026-03-01T08:00:00.000Z',
      actor: 'system:shredder',
      role: 'system',
      action: 'customer.shredded',
      fields: [],
      purpose: undefined,
    });

    expect(Object.keys(record)).not.toContain('purpose');
    expect(Object.keys(record)).not.toContain('requestId');
  });

  it('refuses a value in place of a field name', () => {
    const entry = {
      subject,
      at: '2026-03-01T08:00:00.000Z',
      actor: 'rm-7',
      role: 'relationship-manager',
      action: 'customer.updated' as const,
      fields: ['13800138000'],
    };

    expect(() => appendAuditRecord(undefined, entry)).toThrow(InvalidAuditEntryError);
  });

  const entryNaming = (field: string) => ({
    subject,
    at: '2026-03-01T08:00:00.000Z',
    actor: 'rm-7',
    role: 'relationship-manager',
    action: 'consent.changed',
    fields: [field],
  });

  it.each(CONSENT_PURPOSES)('names the consent of %s as the record does: consents.<purpose>', (purpose) => {
    // Act
    const record = appendAuditRecord(undefined, entryNaming(`consents.${purpose}`));

    // Assess
    expect(record.fields).toEqual([`consents.${purpose}`]);
  });

  it.each([
    '13800138000',
    '138-0013-8000',
    'consents.138-0013-8000',
    '2026-03-01',
    'consents.2026-03-01',
    'zhang.san@example.com',
    'product-recommendation',
    'consents.-marketing',
    'consents.marketing-',
    'consents.third--party',
    'consents.Third-Party',
    'consents.third party',
    '张三',
    'a.b.c.d.e',
    `consents.${'a-'.repeat(32)}b`,
  ])('still refuses %s, which is no field name', (value) => {
    // Act and assess
    expect(() => appendAuditRecord(undefined, entryNaming(value))).toThrow(InvalidAuditEntryError);
  });
});

describe('verifyChain', () => {
  it('accepts an untouched chain of five, and the empty chain', () => {
    const records = chainOfFive();

    expect(verifyChain(records)).toEqual({ valid: true, length: 5 });
    expect(verifyChain(records, { head: { seq: 5, hash: records[4]?.hash ?? '' } })).toEqual({
      valid: true,
      length: 5,
    });
    expect(verifyChain([])).toEqual({ valid: true, length: 0 });
  });

  it('detects a changed field at its seq', () => {
    const tampered = replace(chainOfFive(), 3, { fields: ['mobile'] });

    expect(verifyChain(tampered)).toEqual({ valid: false, brokenAtSeq: 3, reason: 'hash-mismatch' });
  });

  it('detects a changed actor, time or purpose at its seq', () => {
    const records = chainOfFive();

    expect(verifyChain(replace(records, 2, { actor: 'someone-else' }))).toMatchObject({ brokenAtSeq: 2 });
    expect(verifyChain(replace(records, 4, { at: '2027-01-01T00:00:00.000Z' }))).toMatchObject({
      brokenAtSeq: 4,
    });
    expect(verifyChain(replace(records, 3, { purpose: undefined }))).toMatchObject({ brokenAtSeq: 3 });
  });

  it('detects a removed record at the missing seq', () => {
    const removed = chainOfFive().filter((record) => record.seq !== 3);

    expect(verifyChain(removed)).toEqual({ valid: false, brokenAtSeq: 3, reason: 'missing-record' });
  });

  it('detects reordered records at the first position out of place', () => {
    const [r1, r2, r3, r4, r5] = chainOfFive();
    if (r1 === undefined || r2 === undefined || r3 === undefined || r4 === undefined || r5 === undefined) {
      throw new Error('short chain');
    }

    expect(verifyChain([r1, r3, r2, r4, r5])).toEqual({
      valid: false,
      brokenAtSeq: 2,
      reason: 'out-of-order',
    });
  });

  it('detects records whose contents were swapped under their keys', () => {
    const records = chainOfFive();
    const [, r2, r3] = records;
    if (r2 === undefined || r3 === undefined) throw new Error('short chain');
    const swapped = replace(replace(records, 2, { ...r3, seq: 2 }), 3, { ...r2, seq: 3 });

    expect(verifyChain(swapped)).toEqual({ valid: false, brokenAtSeq: 2, reason: 'broken-link' });
  });

  it('detects a forged hash value at its seq', () => {
    const forged = replace(chainOfFive(), 4, { hash: 'f'.repeat(64) });

    expect(verifyChain(forged)).toEqual({ valid: false, brokenAtSeq: 4, reason: 'hash-mismatch' });
  });

  it('detects a rewritten record with a recomputed hash at the next link', () => {
    const records = chainOfFive();
    const original = records[1];
    if (original === undefined) throw new Error('short chain');
    const { hash: _old, ...content } = { ...original, fields: ['name'] };
    const rewritten = replace(records, 2, { fields: ['name'], hash: hashAuditRecord(content) });

    expect(verifyChain(rewritten)).toEqual({ valid: false, brokenAtSeq: 3, reason: 'broken-link' });
  });

  it('detects a record from another subject’s chain', () => {
    const foreign = replace(chainOfFive(), 5, { subject: 'customer#cus_other' });

    expect(verifyChain(foreign)).toEqual({ valid: false, brokenAtSeq: 5, reason: 'subject-mismatch' });
  });

  it('refuses an action that is not <thing>.<verb>, and a subject that could carry data', () => {
    const entry = { subject, at: '2026-03-01T00:00:00.000Z', actor: 'u', role: 'admin', fields: [] };

    expect(() => appendAuditRecord(undefined, { ...entry, action: 'Customer Viewed' })).toThrow(
      /<thing>.<verb>/,
    );
    expect(() => auditSubject('customer', '张三')).toThrow(/kind and an id/);
    expect(auditSubject('config', 'segmentation')).toBe('config#segmentation');
  });

  it('with the head kept on the customer, detects a removed or rewritten last record', () => {
    const records = chainOfFive();
    const head = { seq: 5, hash: records[4]?.hash ?? '' };
    const truncated = records.slice(0, 4);
    const last = records[4];
    if (last === undefined) throw new Error('short chain');
    const { hash: _old, ...content } = { ...last, fields: ['address'] };
    const rewrittenLast = [...truncated, { ...content, hash: hashAuditRecord(content) }];

    expect(verifyChain(truncated)).toEqual({ valid: true, length: 4 });
    expect(verifyChain(truncated, { head })).toEqual({
      valid: false,
      brokenAtSeq: 5,
      reason: 'missing-record',
    });
    expect(verifyChain(rewrittenLast, { head })).toEqual({
      valid: false,
      brokenAtSeq: 5,
      reason: 'head-mismatch',
    });
  });
});
