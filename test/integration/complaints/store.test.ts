import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Complaint } from '../../../functions/complaints/domain/model.js';
import { ComplaintReceived } from '../../../functions/complaints/events.js';
import { complaintsCapability } from '../../../functions/complaints/index.js';
import { AuditChainBrokenError } from '../../../functions/complaints/store/audit-chain-broken.js';
import type { NewComplaint } from '../../../functions/complaints/store/complaint-store.js';
import { DynamoComplaintStore } from '../../../functions/complaints/store/dynamo-complaint-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import {
  type AuditEntry,
  auditRecordFromItem,
  auditSubject,
  hashAuditRecord,
  LocalAuditSigner,
} from '../../../shared/audit/index.js';
import { CorruptItemError, documentClientOf, InvalidCursorError } from '../../../shared/dynamodb/index.js';
import { buildEvent } from '../../../shared/events/index.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { localClient, scanAll } from '../../support/dynamo.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const AGENT = { actor: 'agent-1', role: 'service-agent' };

/** A fresh id for each complaint and customer, so tests never see each other's items. */
const nextId = (prefix: string) => `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

function complaint(overrides: Partial<Complaint> = {}): Complaint {
  const receivedAt = overrides.receivedAt ?? NOW.toISOString();
  return {
    complaintId: nextId('cmp'),
    version: 1,
    customerId: nextId('cus'),
    branch: 'BJ01',
    rmId: 'rm-1',
    queue: 'CU-BJ',
    channel: 'phone',
    category: 'fees',
    priority: 'normal',
    priorityFactors: [],
    status: 'awaiting-acknowledgement',
    receivedAt,
    createdAt: NOW.toISOString(),
    createdBy: 'agent-1',
    productIds: ['prd-1'],
    vulnerableCustomer: false,
    newFacts: false,
    representativeCount: 0,
    repeats: [],
    clock: { receivedAt, pauses: [], approvedExtensions: [] },
    deadlines: [
      {
        kind: 'acknowledge',
        due: '2026-03-03T02:00:00.000Z',
        rule: 'acknowledge-hours',
        explanation: '24 hours from receipt',
        inputs: { receivedAt, hours: 24 },
        provisional: false,
        missingYears: [],
      },
    ],
    nextDueAt: '2026-03-03T02:00:00.000Z',
    breaches: [],
    extensions: [],
    textErased: false,
    ...overrides,
  };
}

const entry = (c: Complaint, action: string, fields: string[] = []): AuditEntry => ({
  subject: auditSubject('complaint', c.complaintId),
  at: NOW.toISOString(),
  ...AGENT,
  action,
  fields,
});

function newComplaint(c: Complaint, extra: Partial<NewComplaint> = {}): NewComplaint {
  return {
    complaint: c,
    sealed: {
      description: 'v1.sealed-description',
      customerRequest: 'v1.sealed-request',
      representatives: [],
    },
    encryptedDataKey: Buffer.from(`key-of-${c.complaintId}`).toString('base64'),
    audit: entry(c, 'complaint.created', ['description', 'customerRequest']),
    events: [
      buildEvent(
        ComplaintReceived,
        {
          complaintId: c.complaintId,
          customerId: c.customerId,
          branch: c.branch,
          queue: c.queue,
          channel: c.channel,
          category: c.category,
          priority: c.priority,
          receivedAt: c.receivedAt,
          repeat: c.repeatOf !== undefined,
          ...(c.repeatOf === undefined ? {} : { repeatOf: c.repeatOf }),
        },
        NOW,
      ),
    ],
    ...extra,
  };
}

describe('the complaints store on DynamoDB Local', () => {
  const signer = new LocalAuditSigner(randomBytes(32));
  const clock = new ControlledClock(NOW);
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  let tables: { complaints: string; audit: string; keys: string };
  let store: DynamoComplaintStore;

  beforeAll(async () => {
    const created = await createIsolatedTables(inject('dynamodbEndpoint'), {
      prefix: `it-cmp-${randomUUID().slice(0, 8)}-`,
      capabilities: [complaintsCapability],
    });
    tables = {
      complaints: created.tables.Complaints ?? '',
      audit: created.tables.ComplaintAudit ?? '',
      keys: created.tables.ComplaintKeys ?? '',
    };
    store = new DynamoComplaintStore(db, tables, clock, signer);
  });
  afterAll(() => db.destroy());

  /** A store in another process: nothing remembered from this one's reads and writes. */
  const freshStore = () => new DynamoComplaintStore(db, tables, clock, signer);

  async function created(overrides: Partial<Complaint> = {}, extra: Partial<NewComplaint> = {}) {
    const c = complaint(overrides);
    expect(await store.create(newComplaint(c, extra))).toEqual({ ok: true });
    return c;
  }

  describe('create and read back', () => {
    it('writes the complaint, its sealed text, its key, its first audit record and its event together', async () => {
      // Act
      const c = await created({ amountAtStake: { amountMinor: 123_456, currency: 'CNY' } });

      // Assess
      expect(await store.get(c.complaintId)).toEqual({ complaint: c, auditSeq: 1 });
      expect(await store.sealedText(c.complaintId)).toEqual({
        sealed: {
          description: 'v1.sealed-description',
          customerRequest: 'v1.sealed-request',
          representatives: [],
        },
        encryptedDataKey: Buffer.from(`key-of-${c.complaintId}`).toString('base64'),
        notes: [],
      });
      const trail = await store.auditTrail(c.complaintId);
      expect(trail.map((record) => [record.seq, record.action])).toEqual([[1, 'complaint.created']]);
      expect(await store.complaintsOf(c.customerId)).toEqual([c.complaintId]);
      const outbox = (await scanAll(db, tables.complaints)).filter(
        (item) => item.entityType === OUTBOX_ENTITY_TYPE && String(item.detail).includes(c.complaintId),
      );
      expect(outbox.map((item) => item.detailType)).toEqual(['ComplaintReceived']);
    });

    it('answers undefined for a complaint that does not exist', async () => {
      expect(await store.get('cmp_absent')).toBeUndefined();
      expect(await store.sealedText('cmp_absent')).toBeUndefined();
    });
  });

  describe('changes', () => {
    it('writes a change under the version and audit guards, bumps the version and extends the chain', async () => {
      // Prepare
      const c = await created();

      // Act
      const outcome = await freshStore().change({
        complaint: {
          ...c,
          status: 'awaiting-initial-handling',
          clock: { ...c.clock, acknowledgedAt: NOW.toISOString() },
        },
        expectedVersion: 1,
        expectedAuditSeq: 1,
        bumpVersion: true,
        audit: entry(c, 'complaint.acknowledged', ['status']),
        events: [],
      });

      // Assess
      expect(outcome).toMatchObject({
        ok: true,
        complaint: { version: 2, status: 'awaiting-initial-handling' },
      });
      expect(await store.get(c.complaintId)).toMatchObject({
        complaint: { version: 2, status: 'awaiting-initial-handling' },
        auditSeq: 2,
      });
      expect((await store.auditTrail(c.complaintId)).map((record) => record.action)).toEqual([
        'complaint.created',
        'complaint.acknowledged',
      ]);
    });

    it('refuses a change made from an older version (If-Match) and writes nothing', async () => {
      // Prepare
      const c = await created();
      await store.change({
        complaint: { ...c, assignee: 'agent-1' },
        expectedVersion: 1,
        expectedAuditSeq: 1,
        bumpVersion: true,
        audit: entry(c, 'complaint.assigned', ['assignee']),
        events: [],
      });

      // Act
      const outcome = await store.change({
        complaint: { ...c, status: 'awaiting-initial-handling' },
        expectedVersion: 1,
        expectedAuditSeq: 2,
        bumpVersion: true,
        audit: entry(c, 'complaint.acknowledged', ['status']),
        events: [],
      });

      // Assess
      expect(outcome).toEqual({ ok: false, reason: 'version-conflict' });
      expect(await store.get(c.complaintId)).toMatchObject({
        complaint: { version: 2, status: 'awaiting-acknowledgement', assignee: 'agent-1' },
        auditSeq: 2,
      });
    });

    it('refuses a change computed before an audit append (a text read) as an audit conflict', async () => {
      // Prepare
      const c = await created();
      expect(await store.appendAudit(c.complaintId, 1, entry(c, 'complaint.text-read'))).toBe(true);

      // Act
      const outcome = await store.change({
        complaint: { ...c, status: 'awaiting-initial-handling' },
        expectedVersion: 1,
        expectedAuditSeq: 1,
        bumpVersion: true,
        audit: entry(c, 'complaint.acknowledged', ['status']),
        events: [],
      });
      const stale = await store.appendAudit(c.complaintId, 1, entry(c, 'complaint.text-read'));

      // Assess
      expect(outcome).toEqual({ ok: false, reason: 'audit-conflict' });
      expect(stale).toBe(false);
      expect(await store.get(c.complaintId)).toMatchObject({ complaint: { version: 1 }, auditSeq: 2 });
    });

    it('stores workflow bookkeeping without moving the version or the chain', async () => {
      // Prepare
      const c = await created();

      // Act
      const outcome = await store.change({
        complaint: {
          ...c,
          waitingTask: { stage: 'acknowledgement', taskToken: 'token-1', openedAt: NOW.toISOString() },
        },
        expectedVersion: 1,
        expectedAuditSeq: 1,
        bumpVersion: false,
        events: [],
      });

      // Assess
      expect(outcome).toMatchObject({ ok: true, complaint: { version: 1 } });
      expect(await store.get(c.complaintId)).toMatchObject({
        complaint: { version: 1, waitingTask: { taskToken: 'token-1' } },
        auditSeq: 1,
      });
    });

    it('answers not-found for a change of a complaint that does not exist', async () => {
      const c = complaint();
      expect(
        await store.change({
          complaint: c,
          expectedVersion: 1,
          expectedAuditSeq: 1,
          bumpVersion: true,
          events: [],
        }),
      ).toEqual({ ok: false, reason: 'not-found' });
    });
  });

  describe('idempotency and the open-complaint marker', () => {
    it('remembers the Idempotency-Key with the request fingerprint, and refuses the key a second time', async () => {
      // Prepare
      const idempotency = { sub: 'agent-1', key: nextId('key'), fingerprint: 'sha256-of-body' };
      const c = await created({}, { idempotency });

      // Act
      const again = await store.create(newComplaint(complaint(), { idempotency }));

      // Assess
      expect(await store.idempotencyRecord('agent-1', idempotency.key)).toEqual({
        complaintId: c.complaintId,
        fingerprint: 'sha256-of-body',
      });
      expect(again).toEqual({ ok: false, reason: 'duplicate-request' });
    });

    it('forgets an Idempotency-Key after 24 hours even before TTL deletes it', async () => {
      const idempotency = { sub: 'agent-1', key: nextId('key'), fingerprint: 'f' };
      await created({}, { idempotency });
      const later = new DynamoComplaintStore(
        db,
        tables,
        new ControlledClock(new Date(NOW.getTime() + 24 * 3_600_000)),
        signer,
      );
      expect(await later.idempotencyRecord('agent-1', idempotency.key)).toBeUndefined();
    });

    it('lets only the first open complaint of a customer and category take the marker', async () => {
      // Prepare
      const first = await created();

      // Act
      const second = complaint({ customerId: first.customerId, category: first.category });
      const outcome = await store.create(newComplaint(second));

      // Assess
      expect(outcome).toEqual({ ok: false, reason: 'open-exists' });
      expect(await store.openComplaintFor(first.customerId, first.category)).toBe(first.complaintId);
      expect(await store.get(second.complaintId)).toBeUndefined();
      expect(await store.sealedText(second.complaintId)).toBeUndefined();
    });

    it('lets exactly one of two racing creates take the marker; the other is told open-exists', async () => {
      // Prepare
      const customerId = nextId('cus');
      const racers = [complaint({ customerId }), complaint({ customerId })];

      // Act
      const outcomes = await Promise.all(racers.map((racer) => freshStore().create(newComplaint(racer))));

      // Assess
      expect(outcomes).toEqual(expect.arrayContaining([{ ok: true }, { ok: false, reason: 'open-exists' }]));
      const winner = racers[outcomes.findIndex((outcome) => outcome.ok)];
      expect(await store.openComplaintFor(customerId, 'fees')).toBe(winner?.complaintId);
    });

    it('gives a complaint with new facts its own record while the marker stays with the older one', async () => {
      const first = await created();
      const withNewFacts = await created({
        customerId: first.customerId,
        category: first.category,
        newFacts: true,
      });
      expect(await store.get(withNewFacts.complaintId)).toBeDefined();
      expect(await store.openComplaintFor(first.customerId, first.category)).toBe(first.complaintId);
    });

    it('links a repeat to the open complaint atomically: both written, or neither', async () => {
      // Prepare
      const open = await created();
      const repeat = complaint({
        customerId: open.customerId,
        category: open.category,
        status: 'linked',
        repeatOf: open.complaintId,
        deadlines: [],
        nextDueAt: undefined,
      });
      const linkTo = {
        complaint: {
          ...open,
          repeats: [repeat.complaintId],
          priority: 'high' as const,
          priorityFactors: ['repeat-complaint' as const],
        },
        expectedVersion: 1,
        audit: entry(open, 'complaint.repeat-linked', ['repeats', 'priority']),
      };

      // Act
      const outcome = await freshStore().create(newComplaint(repeat, { linkTo }));
      const stale = complaint({
        customerId: open.customerId,
        category: open.category,
        status: 'linked',
        repeatOf: open.complaintId,
      });
      const staleOutcome = await store.create(newComplaint(stale, { linkTo }));

      // Assess
      expect(outcome).toEqual({ ok: true });
      expect(await store.get(open.complaintId)).toMatchObject({
        complaint: { version: 2, repeats: [repeat.complaintId], priority: 'high' },
        auditSeq: 2,
      });
      expect(await store.get(repeat.complaintId)).toMatchObject({
        complaint: { status: 'linked', repeatOf: open.complaintId },
      });
      expect(staleOutcome).toEqual({ ok: false, reason: 'link-conflict' });
      expect(await store.get(stale.complaintId)).toBeUndefined();
      expect((await store.auditTrail(open.complaintId)).map((record) => record.action)).toEqual([
        'complaint.created',
        'complaint.repeat-linked',
      ]);
    });

    it('frees the marker when the complaint closes, so the next complaint takes it', async () => {
      // Prepare
      const c = await created();

      // Act
      await store.change({
        complaint: { ...c, status: 'closed', nextDueAt: undefined },
        expectedVersion: 1,
        expectedAuditSeq: 1,
        bumpVersion: true,
        audit: entry(c, 'complaint.closed', ['status']),
        events: [],
        releaseOpenMarker: true,
      });

      // Assess
      expect(await store.openComplaintFor(c.customerId, c.category)).toBeUndefined();
      await created({ customerId: c.customerId, category: c.category });
    });
  });

  describe('lists', () => {
    const branch = `BR${randomUUID().slice(0, 6)}`;
    const queue = `CU-${branch}`;
    const seeded: Complaint[] = [];

    beforeAll(async () => {
      const day = (n: number) => `2026-02-${String(10 + n).padStart(2, '0')}T01:00:00.000Z`;
      seeded.push(
        await created({
          branch,
          queue,
          rmId: 'rm-a',
          receivedAt: day(1),
          priority: 'urgent',
          nextDueAt: '2026-03-05T00:00:00.000Z',
        }),
        await created({
          branch,
          queue,
          rmId: 'rm-a',
          receivedAt: day(2),
          assignee: 'agent-x',
          category: 'product',
        }),
        await created({
          branch,
          queue,
          rmId: 'rm-b',
          receivedAt: day(3),
          nextDueAt: '2026-04-01T00:00:00.000Z',
        }),
        await created({
          branch,
          queue,
          rmId: 'rm-b',
          receivedAt: day(4),
          assignee: 'agent-x',
          status: 'closed',
          nextDueAt: undefined,
        }),
      );
    });

    /** Every page of a list, following cursors, pages of `limit`. */
    async function all(scope: Parameters<DynamoComplaintStore['list']>[0], filters = {}, limit = 1) {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(scope, filters, limit, cursor);
        ids.push(...page.items.map((item) => item.complaintId));
        cursor = page.cursor;
      } while (cursor !== undefined);
      return ids;
    }
    const ids = (...indexes: number[]) => indexes.map((index) => seeded[index]?.complaintId);

    it('pages through a branch oldest receipt first, and filters', async () => {
      expect(await all({ kind: 'branch', branch })).toEqual(ids(0, 1, 2, 3));
      expect(await all({ kind: 'branch', branch }, { priority: 'urgent' })).toEqual(ids(0));
      expect(await all({ kind: 'branch', branch }, { status: 'closed' })).toEqual(ids(3));
      expect(await all({ kind: 'branch', branch }, { category: 'product', assignee: 'agent-x' })).toEqual(
        ids(1),
      );
      expect(await all({ kind: 'branch', branch }, { dueBefore: '2026-03-10T00:00:00.000Z' }, 10)).toEqual(
        ids(0, 1),
      );
    });

    it('reads an RM book within its branch, an agent assigned list and queue, and everything', async () => {
      expect(await all({ kind: 'rm', rmId: 'rm-b', branch })).toEqual(ids(2, 3));
      expect(await all({ kind: 'rm', rmId: 'rm-b', branch: 'OTHER' })).toEqual([]);
      expect(await all({ kind: 'agent', sub: 'agent-x', queue }, { branch })).toEqual(ids(1, 3));
      // The queue: open and unassigned only.
      expect(await all({ kind: 'agent', sub: 'agent-x', queue, view: 'queue' })).toEqual(ids(0, 2));
      expect(await all({ kind: 'all' }, { branch }, 50)).toEqual(ids(0, 1, 2, 3));
    });

    it('refuses a cursor of another partition or index, and a forged one, as invalid-cursor', async () => {
      // Prepare
      const page = await store.list({ kind: 'branch', branch }, {}, 1);
      const cursor = page.cursor;

      // Assess
      expect(cursor).toBeDefined();
      await expect(store.list({ kind: 'branch', branch: 'OTHER' }, {}, 1, cursor)).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
      await expect(store.list({ kind: 'all' }, {}, 1, cursor)).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.list({ kind: 'branch', branch }, {}, 1, 'not-a-cursor')).rejects.toMatchObject({
        status: 400,
      });
    });

    it('never lists a waiting task token', async () => {
      const c = await created({
        branch: `${branch}T`,
        waitingTask: { stage: 'acknowledgement', taskToken: 'secret-token', openedAt: NOW.toISOString() },
      });
      const [listed] = (await store.list({ kind: 'branch', branch: `${branch}T` }, {}, 10)).items;
      expect(listed?.complaintId).toBe(c.complaintId);
      expect(listed).not.toHaveProperty('waitingTask');
    });

    it('gives the report every complaint received in [from, to), of a branch or all', async () => {
      const between = await store.receivedBetween(
        '2026-02-12T00:00:00.000Z',
        '2026-02-14T01:00:00.000Z',
        branch,
      );
      expect(between.map((item) => item.complaintId)).toEqual(ids(1, 2));
      const everywhere = await store.receivedBetween('2026-02-11', '2026-02-15');
      expect(everywhere.map((item) => item.complaintId)).toEqual(expect.arrayContaining(ids(0, 1, 2, 3)));
    });

    it('counts the open complaints due by an instant from the due index', async () => {
      // Seeded 0 (2026-03-05) and 1 (2026-03-03) are open and due by then; 3 is closed. Other
      // tests' complaints are due 2026-03-03 too, so the count is compared, not absolute.
      const byMarch4 = await store.dueBefore('2026-03-04T00:00:00.000Z');
      const byMarch5 = await store.dueBefore('2026-03-05T00:00:00.000Z');
      expect(byMarch5 - byMarch4).toBe(1);
    });

    it('keeps only open complaints with a pending deadline in the due index', async () => {
      const raw = async (c: Complaint | undefined) =>
        (
          await db.send(
            new GetCommand({
              TableName: tables.complaints,
              Key: { pk: `COMPLAINT#${c?.complaintId}`, sk: 'COMPLAINT' },
            }),
          )
        ).Item;
      expect(await raw(seeded[0])).toMatchObject({ dueKey: 'OPEN', nextDueAt: '2026-03-05T00:00:00.000Z' });
      expect(await raw(seeded[3])).not.toHaveProperty('dueKey');

      // Closing the first takes it out of the due index and the queue.
      const first = seeded[0] as Complaint;
      await store.change({
        complaint: { ...first, status: 'closed' },
        expectedVersion: 1,
        expectedAuditSeq: 1,
        bumpVersion: true,
        audit: entry(first, 'complaint.closed', ['status']),
        events: [],
      });
      expect(await raw(first)).not.toHaveProperty('dueKey');
      expect(await raw(first)).not.toHaveProperty('queueKey');
    });
  });

  describe('the customer mirror', () => {
    it('keeps the highest version, refuses a branch move and lets erasure stick', async () => {
      const customerId = nextId('cus');
      expect(
        await store.applyCustomerChange(customerId, {
          kind: 'profile',
          version: 3,
          branch: 'BJ01',
          rmId: 'rm-3',
        }),
      ).toBe('applied');
      // The registration arrives late: older than what is kept.
      expect(
        await store.applyCustomerChange(customerId, { kind: 'registered', branch: 'BJ01', rmId: 'rm-1' }),
      ).toBe('stale');
      expect(
        await store.applyCustomerChange(customerId, {
          kind: 'profile',
          version: 2,
          branch: 'BJ01',
          rmId: 'rm-2',
        }),
      ).toBe('stale');
      expect(
        await store.applyCustomerChange(customerId, {
          kind: 'profile',
          version: 4,
          branch: 'SH01',
          rmId: 'rm-9',
        }),
      ).toBe('other-branch');
      expect(await store.customer(customerId)).toEqual({
        customerId,
        branch: 'BJ01',
        rmId: 'rm-3',
        version: 3,
        erased: false,
      });

      expect(await store.applyCustomerChange(customerId, { kind: 'erased', at: NOW.toISOString() })).toBe(
        'applied',
      );
      expect(
        await store.applyCustomerChange(customerId, {
          kind: 'profile',
          version: 5,
          branch: 'BJ01',
          rmId: 'rm-5',
        }),
      ).toBe('erased');
      expect(await store.customer(customerId)).toMatchObject({ rmId: 'rm-3', erased: true });
    });

    it('counts the customers it knows and that were not erased, per branch', async () => {
      const branch = `CNT${randomUUID().slice(0, 6)}`;
      const [a, b, c] = [nextId('cus'), nextId('cus'), nextId('cus')];
      await store.applyCustomerChange(a, { kind: 'registered', branch, rmId: 'rm-1' });
      await store.applyCustomerChange(b, { kind: 'profile', version: 2, branch, rmId: 'rm-2' });
      await store.applyCustomerChange(c, { kind: 'registered', branch, rmId: 'rm-1' });
      await store.applyCustomerChange(c, { kind: 'erased', at: NOW.toISOString() });
      const everywhere = await store.customerCount();

      expect(await store.customerCount(branch)).toBe(2);
      expect(await store.customerCount(`${branch}X`)).toBe(0);
      expect(everywhere).toBeGreaterThanOrEqual(2);
    });

    it('registers a new customer at version 1, and keeps an erasure that came first', async () => {
      const customerId = nextId('cus');
      expect(
        await store.applyCustomerChange(customerId, { kind: 'registered', branch: 'SH01', rmId: 'rm-1' }),
      ).toBe('applied');
      expect(await store.customer(customerId)).toEqual({
        customerId,
        branch: 'SH01',
        rmId: 'rm-1',
        version: 1,
        erased: false,
      });

      const erasedFirst = nextId('cus');
      await store.applyCustomerChange(erasedFirst, { kind: 'erased', at: NOW.toISOString() });
      expect(
        await store.applyCustomerChange(erasedFirst, { kind: 'registered', branch: 'SH01', rmId: 'rm-1' }),
      ).toBe('erased');
      expect(await store.customer(erasedFirst)).toBeUndefined();
    });
  });

  describe('notes, shredding and the audit trail', () => {
    it('adds notes under the audit guard and returns them with the sealed text', async () => {
      const c = await created();
      const note = {
        noteId: 'note-1',
        at: '2026-03-02T03:00:00.000Z',
        author: 'agent-1',
        sealedText: 'v1.sealed-note',
      };
      expect(await store.addNote(c.complaintId, 1, note, entry(c, 'complaint.note-added', ['notes']))).toBe(
        true,
      );
      expect(
        await store.addNote(
          c.complaintId,
          1,
          { ...note, noteId: 'note-2' },
          entry(c, 'complaint.note-added'),
        ),
      ).toBe(false);
      expect((await store.sealedText(c.complaintId))?.notes).toEqual([note]);
      expect(await store.get(c.complaintId)).toMatchObject({ complaint: { version: 1 }, auditSeq: 2 });
    });

    it('shreds the key, the text and the notes, marks the text erased and audits it', async () => {
      // Prepare
      const c = await created();
      await store.addNote(
        c.complaintId,
        1,
        { noteId: 'n', at: NOW.toISOString(), author: 'a', sealedText: 'v1.x' },
        entry(c, 'complaint.note-added'),
      );

      // Act
      await freshStore().shredText(c.complaintId, entry(c, 'complaint.text-shredded', ['description']));
      await store.shredText(c.complaintId, entry(c, 'complaint.text-shredded'));

      // Assess
      expect(await store.sealedText(c.complaintId)).toBeUndefined();
      const key = await db.send(
        new GetCommand({ TableName: tables.keys, Key: { complaintId: c.complaintId } }),
      );
      expect(key.Item).toBeUndefined();
      const left = (await scanAll(db, tables.complaints)).filter(
        (item) => item.pk === `COMPLAINT#${c.complaintId}`,
      );
      expect(left.map((item) => item.sk)).toEqual(['COMPLAINT']);
      expect(await store.get(c.complaintId)).toMatchObject({
        complaint: { textErased: true, version: 2 },
        auditSeq: 3,
      });
      expect((await store.auditTrail(c.complaintId)).map((record) => record.action)).toEqual([
        'complaint.created',
        'complaint.note-added',
        'complaint.text-shredded',
      ]);
    });

    it('detects a rewritten audit record and a removed last one', async () => {
      // Prepare
      const c = await created();
      await store.appendAudit(c.complaintId, 1, entry(c, 'complaint.text-read'));

      // Act: a record rewritten in place, its MAC kept.
      await db.send(
        new UpdateCommand({
          TableName: tables.audit,
          Key: { subject: `complaint#${c.complaintId}`, seq: 1 },
          UpdateExpression: 'SET actor = :someone',
          ExpressionAttributeValues: { ':someone': 'someone-else' },
        }),
      );

      // Assess
      await expect(store.auditTrail(c.complaintId)).rejects.toBeInstanceOf(AuditChainBrokenError);
      await expect(store.auditTrail(c.complaintId)).rejects.toMatchObject({ brokenAtSeq: 1 });
    });

    it('detects a record rewritten with its hashes recomputed by its signature', async () => {
      // Prepare: one record, rewritten as someone without the audit key would (hash recomputed).
      const c = await created();
      const key = { subject: `complaint#${c.complaintId}`, seq: 1 };
      const { Item } = await db.send(new GetCommand({ TableName: tables.audit, Key: key }));
      const { hash: _old, mac, ...rest } = auditRecordFromItem(Item ?? {});
      const forged = { ...rest, actor: 'someone-else' };
      const hash = hashAuditRecord(forged);
      await db.send(new PutCommand({ TableName: tables.audit, Item: { ...forged, hash, mac } }));
      await db.send(
        new UpdateCommand({
          TableName: tables.complaints,
          Key: { pk: `COMPLAINT#${c.complaintId}`, sk: 'COMPLAINT' },
          UpdateExpression: 'SET audit.#hash = :hash',
          ExpressionAttributeNames: { '#hash': 'hash' },
          ExpressionAttributeValues: { ':hash': hash },
        }),
      );

      // Act + Assess
      await expect(store.auditTrail(c.complaintId)).rejects.toMatchObject({
        brokenAtSeq: 1,
        reason: 'signature-mismatch',
      });
    });

    it('detects a removed last record against the head kept on the complaint', async () => {
      const c = await created();
      await store.appendAudit(c.complaintId, 1, entry(c, 'complaint.text-read'));
      await db.send(
        new DeleteCommand({
          TableName: tables.audit,
          Key: { subject: `complaint#${c.complaintId}`, seq: 2 },
        }),
      );
      await expect(store.auditTrail(c.complaintId)).rejects.toMatchObject({
        brokenAtSeq: 2,
        reason: 'missing-record',
      });
    });

    it('refuses to read a stored number JavaScript cannot hold exactly', async () => {
      const c = await created();
      await db.send(
        new UpdateCommand({
          TableName: tables.complaints,
          Key: { pk: `COMPLAINT#${c.complaintId}`, sk: 'COMPLAINT' },
          UpdateExpression: 'SET amountAtStake = :amount',
          ExpressionAttributeValues: { ':amount': { amountMinor: 9_007_199_254_740_993n, currency: 'CNY' } },
        }),
      );
      await expect(store.get(c.complaintId)).rejects.toBeInstanceOf(CorruptItemError);
    });
  });

  it('puts a data key once: a second complaint with the same id is refused', async () => {
    const c = await created();
    await expect(store.create(newComplaint(c))).rejects.toThrow(/exists already/);
  });
});
