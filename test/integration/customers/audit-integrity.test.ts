import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerKey } from '../../../functions/customers/store/keys.js';
import {
  type AuditRecord,
  appendAuditRecord,
  auditPut,
  auditRecordFromItem,
  hashAuditRecord,
  type StoredAuditRecord,
  signAuditRecord,
} from '../../../shared/audit/index.js';
import {
  type Caller,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

/**
 * The attacks on the audit trail (docs/domain-rules.md §12), each performed against the
 * customers API and DynamoDB Local and shown refused or detected.
 */
describe('customer audit trail integrity', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());

  async function register(): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    return String(created.json.customerId);
  }

  async function storedTrail(customerId: string): Promise<StoredAuditRecord[]> {
    const { Items = [] } = await h.db.send(
      new QueryCommand({
        TableName: h.tables.audit,
        KeyConditionExpression: 'subject = :s',
        ExpressionAttributeValues: { ':s': `customer#${customerId}` },
        ConsistentRead: true,
      }),
    );
    return Items.map(auditRecordFromItem);
  }

  async function readTrail(customerId: string, caller: Caller = callers.compliance) {
    const trail = await h.call(caller, 'GET', `/v1/customers/${customerId}/audit`);
    expect(trail.status).toBe(200);
    return trail.json as { chain: Record<string, unknown>; records: AuditRecord[] };
  }

  it('refuses to overwrite an audit record: the writer’s Put fails on its condition', async () => {
    const customerId = await register();
    const [first] = await storedTrail(customerId);
    if (first === undefined) throw new Error('no audit record');
    const { seq: _seq, prevHash: _prev, hash: _hash, mac: _mac, ...entry } = first;
    const replacement = appendAuditRecord(undefined, { ...entry, actor: 'someone-else' });

    const overwrite = h.db.send(
      new PutCommand(auditPut(h.tables.audit, await signAuditRecord(h.deps.auditSigner, replacement)).Put),
    );

    await expect(overwrite).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect((await storedTrail(customerId))[0]).toEqual(first);
  });

  it('detects a record rewritten with every unkeyed hash and the head recomputed: its MAC fails', async () => {
    // Prepare: a reveal, then an insider rewrites who revealed and hides it from the hash chain.
    const customerId = await register();
    await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'aml-case:7' },
    });
    const records = await storedTrail(customerId);
    const reveal = records.at(-1);
    if (reveal === undefined) throw new Error('no audit record');
    const { hash: _hash, mac, ...content } = { ...reveal, actor: 'user-nobody' };
    const rehashed = { ...content, hash: hashAuditRecord(content), mac };
    await h.db.send(new PutCommand({ TableName: h.tables.audit, Item: rehashed })); // no condition: IAM cannot require one
    await h.db.send(
      new UpdateCommand({
        TableName: h.tables.customers,
        Key: customerKey(customerId),
        UpdateExpression: 'SET audit = :head',
        ExpressionAttributeValues: { ':head': { seq: rehashed.seq, hash: rehashed.hash } },
      }),
    );

    // Act
    const trail = await readTrail(customerId);

    // Assess: links and head agree, so only the signature tells.
    expect(trail.chain).toEqual({ valid: false, length: 2, brokenAtSeq: 2 });
  });

  it('refuses a head update that does not extend the stored chain, and detects a head moved alone', async () => {
    // Prepare
    const customerId = await register();
    const record = await h.deps.store.get(customerId);
    if (record?.audit === undefined) throw new Error('no customer');
    const forged = appendAuditRecord(
      { seq: record.audit.seq, hash: 'f'.repeat(64) },
      {
        subject: `customer#${customerId}`,
        at: new Date().toISOString(),
        actor: 'x',
        role: 'system',
        action: 'customer.updated',
        fields: [],
      },
    );

    // Act: the store's own transaction, carrying a record that links to another head.
    const outcome = await h.deps.store.change({
      customerId,
      base: record,
      expectedAuditSeq: record.audit.seq,
      bumpVersion: false,
      set: [],
      audit: forged,
      events: [],
    });
    // Act: the head moved with no record appended (a bare UpdateItem).
    await h.db.send(
      new UpdateCommand({
        TableName: h.tables.customers,
        Key: customerKey(customerId),
        UpdateExpression: 'SET audit = :head',
        ExpressionAttributeValues: { ':head': { seq: 2, hash: 'e'.repeat(64) } },
      }),
    );
    const trail = await readTrail(customerId);

    // Assess
    expect(outcome).toEqual({ ok: false, reason: 'audit-conflict' });
    expect(trail.chain).toEqual({ valid: false, length: 1, brokenAtSeq: 2 });
  });

  it('refuses a purpose carrying an ID number with 422, writing nothing and echoing nothing', async () => {
    const customerId = await register();
    const before = await storedTrail(customerId);

    const refused = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'ID 110101199003071234' },
    });
    const evidence = await h.call(callers.rm, 'PATCH', `/v1/customers/${customerId}`, {
      headers: { 'if-match': '"1"' },
      body: { name: '张三', evidenceRef: 'call-13800138000' },
    });

    expect(refused.status).toBe(422);
    expect(refused.json.code).toBe('purpose-contains-identifier');
    expect(JSON.stringify(refused.body)).not.toContain('110101199003071234');
    expect(evidence.status).toBe(422);
    expect(JSON.stringify(evidence.body)).not.toContain('13800138000');
    expect(await storedTrail(customerId)).toEqual(before);
  });

  it('shows a supervisor only the purpose code of a reveal, and records every read of the trail', async () => {
    const customerId = await register();
    await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'sar-review: suspected structuring case 2026-88' },
    });

    const supervisor = await readTrail(customerId, callers.supervisor);
    const compliance = await readTrail(customerId);

    expect(supervisor.records[1]).toMatchObject({ action: 'customer.revealed', purpose: 'sar-review' });
    expect(JSON.stringify(supervisor)).not.toContain('structuring');
    expect(compliance.records[1]?.purpose).toBe('sar-review: suspected structuring case 2026-88');
    expect(compliance.records[2]).toMatchObject({ action: 'audit.read', actor: callers.supervisor.sub });
    expect(compliance.chain).toEqual({ valid: true, length: 3 });
  });

  it('records a reveal that could not be decrypted as failed, never as a reveal', async () => {
    // Prepare: the customer's data key no longer opens (a KMS failure, a damaged key).
    const customerId = await register();
    await h.db.send(
      new UpdateCommand({
        TableName: h.tables.customers,
        Key: customerKey(customerId),
        UpdateExpression: 'SET encryptedDataKey = :broken',
        ExpressionAttributeValues: { ':broken': Buffer.alloc(61).toString('base64') },
      }),
    );

    // Act
    const reveal = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}`, {
      query: { view: 'full' },
      headers: { 'x-access-purpose': 'aml-case:9' },
    });
    const trail = await readTrail(customerId);

    // Assess
    expect(reveal.status).toBe(500);
    expect(trail.records.map((record) => record.action)).toEqual([
      'customer.created',
      'customer.reveal-failed',
    ]);
    expect(trail.records[1]).toMatchObject({ actor: callers.compliance.sub, purpose: 'aml-case:9' });
    expect(trail.chain).toEqual({ valid: true, length: 2 });
  });

  it('audits each service-agent search grant in the customer’s chain', async () => {
    const body = individual();
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    const customerId = String(created.json.customerId);

    const search = await h.call(callers.agent, 'POST', '/v1/customers/search', {
      body: { mobile: body.mobile },
    });
    const read = await h.call(callers.agent, 'GET', `/v1/customers/${customerId}`);
    const trail = await readTrail(customerId);

    expect(search.status).toBe(200);
    expect(read.status).toBe(200);
    expect(trail.records[1]).toMatchObject({
      action: 'agent-grant.created',
      actor: callers.agent.sub,
      fields: [],
    });
    expect(trail.chain).toEqual({ valid: true, length: 2 });
  });
});
