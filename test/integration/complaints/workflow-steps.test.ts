import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Complaint } from '../../../functions/complaints/domain/model.js';
import { complaintsCapability } from '../../../functions/complaints/index.js';
import {
  endReviewWindow,
  openStep,
  recordBreach,
} from '../../../functions/complaints/service/workflow-steps.js';
import { DynamoComplaintStore } from '../../../functions/complaints/store/dynamo-complaint-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { auditSubject, LocalAuditSigner } from '../../../shared/audit/index.js';
import { documentClientOf } from '../../../shared/dynamodb/index.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { RecordingTaskGateway } from '../../support/complaints-fakes.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { complaintIn } from '../../unit/complaints/workflow-fakes.js';

const RECEIVED = new Date('2026-03-02T02:00:00.000Z');

/**
 * The workflow tasks on the real store (DynamoDB Local): the task token kept without a version
 * bump, a breach written with its signed audit record and its events in one transaction, the
 * review window's end. The state machine itself is tested with the local Step Functions.
 */
describe('the complaint workflow tasks on DynamoDB Local', () => {
  const clock = new ControlledClock(RECEIVED);
  const db = documentClientOf(localClient(inject('dynamodbEndpoint')));
  const workflows = new RecordingTaskGateway();
  let tables: { complaints: string; audit: string; keys: string };
  let store: DynamoComplaintStore;
  const deps = () => ({ store, workflows, clock });

  beforeAll(async () => {
    const created = await createIsolatedTables(inject('dynamodbEndpoint'), {
      prefix: `it-cmpwf-${randomUUID().slice(0, 8)}-`,
      capabilities: [complaintsCapability],
    });
    tables = {
      complaints: created.tables.Complaints ?? '',
      audit: created.tables.ComplaintAudit ?? '',
      keys: created.tables.ComplaintKeys ?? '',
    };
    store = new DynamoComplaintStore(db, tables, clock, new LocalAuditSigner(randomBytes(32)));
  });
  afterAll(() => db.destroy());

  async function received(overrides: Partial<Complaint> = {}): Promise<Complaint> {
    const complaintId = `cmp_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    const complaint = complaintIn('awaiting-acknowledgement', {
      complaintId,
      customerId: `cus_${complaintId.slice(4)}`,
      version: 1,
      ...overrides,
    });
    const outcome = await store.create({
      complaint,
      sealed: { description: 'v1.sealed', customerRequest: 'v1.sealed', representatives: [] },
      encryptedDataKey: Buffer.from('key').toString('base64'),
      audit: {
        subject: auditSubject('complaint', complaintId),
        at: RECEIVED.toISOString(),
        actor: 'agent-1',
        role: 'service-agent',
        action: 'complaint.created',
        fields: ['description'],
      },
      events: [],
    });
    expect(outcome).toEqual({ ok: true });
    return complaint;
  }

  it('keeps the task token with the complaint without moving its version or its audit chain', async () => {
    clock.set(new Date('2026-03-02T03:00:00.000Z'));
    const { complaintId } = await received();

    await expect(openStep(deps(), complaintId, 'acknowledgement', 'AQtoken-1')).resolves.toEqual({
      waiting: true,
    });
    const stored = await store.get(complaintId);

    expect(stored?.complaint.version).toBe(1);
    expect(stored?.auditSeq).toBe(1);
    expect(stored?.complaint.waitingTask).toEqual({
      stage: 'acknowledgement',
      taskToken: 'AQtoken-1',
      openedAt: '2026-03-02T03:00:00.000Z',
    });
  });

  it('writes a breach with its signed audit record and its two events, once', async () => {
    const { complaintId } = await received();
    clock.set(new Date('2026-03-03T02:00:01.000Z'));

    const { breach } = await recordBreach(deps(), complaintId, 'acknowledgement');
    await recordBreach(deps(), complaintId, 'acknowledgement');
    const stored = await store.get(complaintId);
    const trail = await store.auditTrail(complaintId);
    const outbox = (await scanAll(db, tables.complaints)).filter(
      (item) => item.entityType === OUTBOX_ENTITY_TYPE && String(item.detail).includes(complaintId),
    );

    expect(breach).toMatchObject({ kind: 'acknowledge', escalatedTo: 'supervisor' });
    expect(stored?.complaint.breaches).toEqual([breach]);
    expect(stored?.complaint.version).toBe(2);
    expect(trail.map(({ action, actor, role }) => [action, actor, role])).toEqual([
      ['complaint.created', 'agent-1', 'service-agent'],
      ['complaint.breached', 'workflow', 'system'],
    ]);
    expect(outbox.map((item) => item.detailType).sort()).toEqual([
      'ComplaintEscalated',
      'ComplaintSlaBreached',
    ]);
  });

  it('ends the review window: awaiting closure, audited, nothing due', async () => {
    const { complaintId } = await received({ status: 'review-window' });
    clock.set(new Date('2026-04-20T00:00:00.000Z'));

    await expect(endReviewWindow(deps(), complaintId)).resolves.toEqual({ status: 'awaiting-closure' });
    const stored = await store.get(complaintId);

    expect(stored?.complaint.status).toBe('awaiting-closure');
    expect(stored?.complaint.nextDueAt).toBeUndefined();
    expect((await store.auditTrail(complaintId)).map((record) => record.action)).toEqual([
      'complaint.created',
      'complaint.review-window-ended',
    ]);
  });
});
