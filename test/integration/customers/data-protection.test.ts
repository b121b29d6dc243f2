import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { shredCustomer } from '../../../functions/customers/service/privacy.js';
import { customerKeyContext, DecryptionFailedError } from '../../../shared/crypto/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

// The integration project runs handlers at ERROR to keep CI output readable; this file wants
// every line they would write in AWS, set before the logger is created at import.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';
});

/** Captures everything the process writes to stdout/stderr (where Powertools logs go). */
function captureOutput(): { text: () => string; restore: () => void } {
  const chunks: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const capture = (chunk: unknown) => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  process.stderr.write = capture as typeof process.stderr.write;
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = out;
      process.stderr.write = err;
    },
  };
}

describe('customer data protection', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());

  it('stores no plaintext C2 value: not at rest, not in the outbox, not in the audit trail, not in logs', async () => {
    // Prepare
    const person = individual({ name: '欧阳娜娜', address: '上海市浦东新区世纪大道100号' });
    const corporate = {
      type: 'corporate',
      name: 'Acme Trading Co., Ltd.',
      uscc: '91350100M000100Y43',
      legalRepresentative: { name: '李四光', idType: 'passport', idNumber: 'E12345678' },
      contactMobile: '+86 139 1234 5678',
      branch: 'BJ01',
      rmId: 'rm-1',
    };
    const output = captureOutput();
    let created: string;
    try {
      // Act
      const first = await h.call(callers.rm, 'POST', '/v1/customers', { body: person });
      const second = await h.call(callers.rm, 'POST', '/v1/customers', { body: corporate });
      created = String(first.json.customerId);
      await h.call(callers.rm, 'PATCH', `/v1/customers/${created}`, {
        headers: { 'if-match': '"1"' },
        body: { mobile: '13912345678', email: 'nana.ouyang@example.org' },
      });
      await h.call(callers.compliance, 'GET', `/v1/customers/${created}`, {
        query: { view: 'full' },
        headers: { 'x-access-purpose': 'aml-case:42' },
      });
      // Refused requests are logged: their bodies carry the same personal data.
      const refused = await h.call(callers.rm, 'POST', '/v1/customers', {
        body: { ...person, password: 'pw' },
      });
      expect(refused.status).toBe(422);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
    } finally {
      output.restore();
    }

    // Assess
    const secrets = [
      person.name,
      person.idNumber,
      person.mobile,
      person.email,
      person.address,
      person.birthDate,
      '李四光',
      'E12345678',
      '13912345678',
      'nana.ouyang@example.org',
    ].map(String);
    const stored = JSON.stringify(await h.rawItems());
    const logs = output.text();
    // The handlers did log (the refused request at least), so the check below has teeth.
    expect(logs).toContain('"level"');
    for (const secret of secrets) {
      expect(stored, `stored items contain a C2 value`).not.toContain(secret);
      expect(logs, `logs contain a C2 value`).not.toContain(secret);
    }
    expect(stored).toContain('OUTBOX');
    expect(stored).toContain('CustomerRegistered');
  });

  it('binds every data key to its record: a wrong encryption context or a tampered ciphertext does not decrypt', async () => {
    // Prepare
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const id = String(created.json.customerId);
    const record = await h.deps.store.get(id);
    const encryptedDataKey = record === undefined ? undefined : await h.deps.store.dataKeyOf(record);
    if (record === undefined || encryptedDataKey === undefined) throw new Error('no data key stored');
    const sealedName = record.sealed.name ?? '';

    // Act + Assess
    await expect(
      h.deps.cipher.openRecordKey(encryptedDataKey, customerKeyContext('cus_other')),
    ).rejects.toThrow(DecryptionFailedError);
    const sealer = await h.deps.cipher.openRecordKey(encryptedDataKey, customerKeyContext(id));
    expect(sealer.open(id, 'name', sealedName)).toBe('张三丰');
    // Flip one character inside the ciphertext, always to a different one.
    const position = sealedName.length - 2;
    const flipped = sealedName.charAt(position) === 'A' ? 'B' : 'A';
    const tampered = `${sealedName.slice(0, position)}${flipped}${sealedName.slice(position + 1)}`;
    expect(tampered).not.toBe(sealedName);
    expect(() => sealer.open(id, 'name', tampered)).toThrow(DecryptionFailedError);
    expect(() => sealer.open(id, 'mobile', sealedName)).toThrow(DecryptionFailedError);
  });

  it('counts key-provider calls: 1 to create, 0 for lists, searches and compliance masked reads, 1 per decrypting read', async () => {
    const before = h.kms.callCount;
    const body = individual();
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    const id = String(created.json.customerId);
    expect(h.kms.callCount - before).toBe(1);

    const afterCreate = h.kms.callCount;
    await h.call(callers.rm, 'GET', '/v1/customers');
    await h.call(callers.rm, 'POST', '/v1/customers/search', { body: { mobile: body.mobile } });
    await h.call(callers.compliance, 'GET', `/v1/customers/${id}`);
    expect(h.kms.callCount - afterCreate).toBe(0);

    await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
    expect(h.kms.callCount - afterCreate).toBe(1);
    await h.call(callers.compliance, 'GET', `/v1/customers/${id}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'complaint-review' },
    });
    expect(h.kms.callCount - afterCreate).toBe(2);
  });

  it('audits a reveal before returning it, and the chain detects a tampered audit record', async () => {
    // Prepare
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const id = String(created.json.customerId);

    // Act
    const noPurpose = await h.call(callers.compliance, 'GET', `/v1/customers/${id}`, {
      query: { view: 'full' },
    });
    const rmReveal = await h.call(callers.rm, 'GET', `/v1/customers/${id}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'curious' },
    });
    const reveal = await h.call(callers.compliance, 'GET', `/v1/customers/${id}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'aml-case:7' },
    });
    const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${id}/audit`);

    // Assess
    expect(noPurpose.status).toBe(400);
    expect(rmReveal.status).toBe(403);
    expect(reveal.status).toBe(200);
    expect(reveal.json.name).toBe('张三丰');
    expect(reveal.json.view).toBe('full');
    const records = trail.json.records as {
      action: string;
      purpose?: string;
      actor: string;
      fields: string[];
    }[];
    expect(records.map((r) => r.action)).toEqual(['customer.created', 'customer.revealed']);
    expect(records[1]).toMatchObject({ actor: callers.compliance.sub, purpose: 'aml-case:7' });
    expect(records[1]?.fields).toContain('idNumber');
    expect(trail.json.chain).toEqual({ valid: true, length: 2 });

    // Tamper: an insider rewrites who revealed the data.
    await h.db.send(
      new UpdateCommand({
        TableName: h.tables.audit,
        Key: { subject: `customer#${id}`, seq: 2 },
        UpdateExpression: 'SET actor = :someoneElse',
        ExpressionAttributeValues: { ':someoneElse': 'user-nobody' },
      }),
    );
    const afterTamper = await h.call(callers.compliance, 'GET', `/v1/customers/${id}/audit`);
    expect(afterTamper.json.chain).toMatchObject({ valid: false, brokenAtSeq: 2 });
  });

  it('restricts at once on an erasure request and crypto-shreds when the retention period has passed', async () => {
    // Prepare
    const body = individual();
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    const id = String(created.json.customerId);
    const start = new Date();
    const clock = new ControlledClock(start);
    h.clock.use(clock);
    try {
      // Act: erasure while the relationship is open, then the relationship closes.
      const erasure = await h.call(callers.rm, 'POST', `/v1/customers/${id}/erasure-requests`, { body: {} });
      const afterErasure = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
      const closed = await h.call(callers.rm, 'PATCH', `/v1/customers/${id}`, {
        headers: { 'if-match': `"${afterErasure.json.version}"` },
        body: { relationship: 'closed' },
      });
      const tooEarly = await shredCustomer(h.deps, id, { sub: 'test', role: 'system' });
      const captured = await h.deps.store.get(id);
      // What a point-in-time restore of the Customers table from before the shredding holds.
      const backup = (await h.rawItems()).filter((item) => item.customerId === id);
      const keyBefore = (await h.keyItems()).filter((item) => item.customerId === id);
      clock.advance((10 * 366 + 1) * 86_400_000);
      const due = (await h.deps.store.dueForShredding(clock.now(), 100)).items;
      const shredded = await shredCustomer(h.deps, id, { sub: 'test', role: 'system' });
      const after = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
      const searched = await h.call(callers.rm, 'POST', '/v1/customers/search', {
        body: { mobile: body.mobile },
      });
      const stored = await h.deps.store.get(id);

      // Assess
      expect(erasure.status).toBe(202);
      expect(erasure.json).toMatchObject({ restricted: true });
      expect(afterErasure.json.restricted).toBe(true);
      expect(closed.status).toBe(200);
      expect(closed.json.relationship).toBe('closed');
      expect(String(closed.json.retentionUntil).slice(0, 4)).toBe(String(start.getUTCFullYear() + 10));
      expect(tooEarly).toBe(false);
      expect(due).toContain(id);
      expect(shredded).toBe(true);
      expect(after.status).toBe(200);
      expect(after.json).toMatchObject({ erased: true });
      for (const field of ['name', 'idNumber', 'mobile', 'email', 'address', 'birthDate']) {
        expect(after.json[field]).toBeUndefined();
      }
      expect(searched.json.items).toEqual([]);
      expect(stored?.encryptedDataKey).toBeUndefined();
      expect(stored?.sealed).toEqual({});
      // The sealed values captured before shredding are useless without the record's data key.
      expect(captured?.sealed.name).toBeDefined();
      await expect(
        h.deps.cipher.openRecordKey(stored?.encryptedDataKey ?? '', customerKeyContext(id)),
      ).rejects.toThrow();
      // The attack: restore Customers from before the shredding and open its sealed values. The
      // restored items hold no data key (it lives only in the key table, which has no backups),
      // and the key table no longer has it: nothing opens them.
      expect(keyBefore).toHaveLength(1);
      const wrappedKey = String(keyBefore[0]?.encryptedDataKey);
      expect(JSON.stringify(backup)).toContain(captured?.sealed.name ?? 'no sealed name');
      expect(JSON.stringify(backup)).not.toContain(wrappedKey);
      expect((await h.keyItems()).filter((item) => item.customerId === id)).toEqual([]);
      if (captured === undefined) throw new Error('no record captured');
      expect(await h.deps.store.dataKeyOf(captured)).toBeUndefined();
      // The identity document can be registered again (the lock went with the data).
      const again = await h.call(callers.rm, 'POST', '/v1/customers', { body: { ...body } });
      expect(again.status).toBe(201);
    } finally {
      h.clock.reset();
    }
  });
});
