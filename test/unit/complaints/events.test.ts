import { describe, expect, it, vi } from 'vitest';
import { toJSONSchema } from 'zod/v4/core';
import * as model from '../../../functions/complaints/domain/model.js';
import * as events from '../../../functions/complaints/events.js';
import { complaintsFixture } from '../../support/complaints-fakes.js';

/** The values an enum field of an event accepts, as its JSON Schema (the event catalogue's) lists them. */
function enumValues(definition: (typeof events.complaintsEvents)[number], field: string): unknown[] {
  const property = toJSONSchema(definition.schema).properties?.[field];
  return typeof property === 'object' ? (property.enum ?? []) : [];
}

describe('complaints events', () => {
  it('repeat the model’s enumerations exactly', () => {
    // Assess
    expect(enumValues(events.ComplaintReceived, 'channel')).toEqual([...model.COMPLAINT_CHANNELS]);
    expect(enumValues(events.ComplaintReceived, 'category')).toEqual([...model.COMPLAINT_CATEGORIES]);
    expect(enumValues(events.ComplaintReceived, 'priority')).toEqual([...model.COMPLAINT_PRIORITIES]);
    expect(enumValues(events.ComplaintSlaBreached, 'deadline')).toEqual([...model.DEADLINE_KINDS]);
    expect(enumValues(events.ComplaintDecided, 'outcome')).toEqual([...model.DECISION_OUTCOMES]);
    expect(enumValues(events.ComplaintEscalated, 'level')).toEqual([...model.ESCALATION_LEVELS]);
  });

  it('refuse free text where a code is expected', () => {
    // Act
    const parsed = events.ComplaintPaused.schema.safeParse({
      eventId: 'evt_1',
      occurredAt: '2026-03-02T02:00:00.000Z',
      complaintId: 'cmp_1',
      customerId: 'cus_1',
      branch: 'BJ01',
      reason: 'Waiting for the appraiser, Mr Li',
    });

    // Assess
    expect(parsed.success).toBe(false);
  });

  it('carry no free text and no task token, and the logs none either, through a whole handling', async () => {
    // Arrange
    const fx = complaintsFixture();
    fx.store.addCustomer({ customerId: 'cus_1', branch: 'BJ01', rmId: 'rm-7' });
    const { takeComplaint } = await import('../../../functions/complaints/service/intake.js');
    const actions = await import('../../../functions/complaints/service/actions.js');
    const { logger } = await import('../../../shared/observability/index.js');
    const capture = (chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    };
    const logged: string[] = [];
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    const auth = { sub: 'sup-1', role: 'supervisor' as const, branch: 'BJ01', scopes: [] };
    const actor = { sub: 'sup-1', role: 'supervisor' };

    // Act
    try {
      logger.info('capture check');
      const taken = await takeComplaint(fx.deps, auth, actor, {
        customerId: 'cus_1',
        channel: 'letter',
        category: 'fees',
        description: 'SECRET-DESCRIPTION text',
        customerRequest: 'SECRET-REQUEST text',
        representatives: ['秘密代表'],
        productIds: [],
        vulnerableCustomer: false,
        newFacts: false,
      });
      const id = taken.view.complaintId;
      const row = fx.store.rows.get(id);
      if (row !== undefined) {
        row.complaint = {
          ...row.complaint,
          waitingTask: {
            stage: 'acknowledgement',
            taskToken: 'SECRET-TOKEN',
            openedAt: taken.view.createdAt,
          },
        };
      }
      fx.deps.workflows.completeTask = async () => {
        throw new Error('SECRET-DESCRIPTION in an SDK error');
      };
      await actions.acknowledgeComplaint(fx.deps, { auth, actor, complaintId: id, expected: 1 });
      await actions.addNote(
        fx.deps,
        { auth, actor, complaintId: id, expected: 2 },
        { text: 'SECRET-NOTE text' },
      );
    } finally {
      for (const spy of spies) spy.mockRestore();
    }

    // Assess
    const published = JSON.stringify(fx.store.events);
    const payloads = JSON.stringify([fx.workflows.completed, fx.workflows.failed, fx.workflows.started]);
    const logs = logged.join('');
    expect(logs).toContain('capture check');
    expect(logs).toContain('Could not answer');
    for (const secret of [
      'SECRET-DESCRIPTION',
      'SECRET-REQUEST',
      '秘密代表',
      'SECRET-NOTE',
      'SECRET-TOKEN',
    ]) {
      expect(published).not.toContain(secret);
      expect(payloads).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(fx.store.events.map((event) => event.detailType)).toEqual([
      'ComplaintReceived',
      'ComplaintAcknowledged',
      'ComplaintContactRequested',
    ]);
    // The acknowledgement asks engagement to tell the customer, in the same write, with ids only.
    const [received] = fx.store.events;
    const complaintId = String(received?.detail.complaintId);
    expect(fx.store.events[2]?.detail).toMatchObject({
      requestId: `complaint-${complaintId}-acknowledged`,
      customerId: 'cus_1',
      purpose: 'complaint-update',
      templateId: 'complaint-acknowledged',
      parameters: { reference: complaintId },
      customerRequested: true,
      regarding: complaintId,
    });
  });
});
