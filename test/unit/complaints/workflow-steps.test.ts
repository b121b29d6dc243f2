import { describe, expect, it } from 'vitest';
import { LONG_WAIT_SECONDS, stagePosition } from '../../../functions/complaints/domain/workflow-stages.js';
import {
  assignToQueue,
  ComplaintOutOfStepError,
  endReviewWindow,
  openStep,
  prepare,
  recordBreach,
  stepTimeout,
  UnknownComplaintError,
  workflowTaskSchema,
} from '../../../functions/complaints/service/workflow-steps.js';
import * as z from '../../../shared/zod.js';
import { complaintIn, deadline, fakeDeps } from './workflow-fakes.js';

describe('workflow stages', () => {
  it('places each status before, at or past each stage', () => {
    expect(stagePosition('awaiting-acknowledgement', 'acknowledgement')).toBe('waiting');
    expect(stagePosition('paused', 'investigation')).toBe('waiting');
    expect(stagePosition('investigating', 'acknowledgement')).toBe('past');
    expect(stagePosition('in-review', 'review-window')).toBe('past');
    expect(stagePosition('closed', 'closure')).toBe('past');
    expect(stagePosition('awaiting-acknowledgement', 'closure')).toBe('before');
    expect(stagePosition('linked', 'acknowledgement')).toBe('before');
  });
});

describe('workflow task payloads', () => {
  it('take the complaint id, the stage and the token only', () => {
    const valid = { action: 'openStep', complaintId: 'cmp-1', stage: 'review', taskToken: 'AQtoken' };
    expect(z.safeParse(workflowTaskSchema, valid).success).toBe(true);
    for (const malformed of [
      { ...valid, description: 'Fee charged twice' },
      { action: 'openStep', complaintId: 'cmp-1', stage: 'review' },
      { action: 'timeouts', complaintId: 'cmp-1', stage: 'lunch' },
      { action: 'recordBreach', complaintId: '../cmp-1', stage: 'review' },
      { action: 'shred', complaintId: 'cmp-1' },
    ]) {
      expect(z.safeParse(workflowTaskSchema, malformed).success).toBe(false);
    }
  });
});

describe('workflow tasks', () => {
  it('prepare refuses a linked repeat and an unknown complaint; assignToQueue confirms the queue', async () => {
    const deps = fakeDeps();
    deps.store.put(complaintIn('awaiting-acknowledgement'));
    await expect(prepare(deps, 'cmp-1')).resolves.toEqual({ status: 'awaiting-acknowledgement' });
    await expect(assignToQueue(deps, 'cmp-1')).resolves.toEqual({ queue: 'CU-BJ' });
    await expect(prepare(deps, 'cmp-x')).rejects.toBeInstanceOf(UnknownComplaintError);
    deps.store.put(complaintIn('linked', { complaintId: 'cmp-2', deadlines: [] }));
    await expect(prepare(deps, 'cmp-2')).rejects.toBeInstanceOf(ComplaintOutOfStepError);
  });

  describe('timeouts', () => {
    it("waits until the stage's deadline, in seconds from now", async () => {
      const deps = fakeDeps('2026-03-02T03:00:00.000Z');
      deps.store.put(complaintIn('awaiting-acknowledgement'));
      // Acknowledge by 2026-03-03 02:00: 23 hours from now.
      await expect(stepTimeout(deps, 'cmp-1', 'acknowledgement')).resolves.toEqual({
        timeoutSeconds: 23 * 3600,
      });
    });

    it('times out at once (1 s) when the deadline already passed', async () => {
      const deps = fakeDeps('2026-03-04T00:00:00.000Z');
      deps.store.put(complaintIn('awaiting-acknowledgement'));
      await expect(stepTimeout(deps, 'cmp-1', 'acknowledgement')).resolves.toEqual({ timeoutSeconds: 1 });
    });

    it('waits for the decision cap once the decision deadline was breached', async () => {
      const deps = fakeDeps('2026-03-20T00:00:00.000Z');
      deps.store.put(
        complaintIn('investigating', {
          breaches: [
            {
              kind: 'decision',
              due: '2026-03-17T15:59:59.999Z',
              recordedAt: '2026-03-17T16:00:00.000Z',
              escalatedTo: 'branch-head',
            },
          ],
        }),
      );
      const { timeoutSeconds } = await stepTimeout(deps, 'cmp-1', 'investigation');
      expect(timeoutSeconds).toBe(
        Math.ceil((Date.parse('2026-05-01T15:59:59.999Z') - Date.parse('2026-03-20T00:00:00Z')) / 1000),
      );
    });

    it('waits long while paused, and when no deadline is pending (closure)', async () => {
      const deps = fakeDeps();
      deps.store.put(complaintIn('paused'));
      await expect(stepTimeout(deps, 'cmp-1', 'investigation')).resolves.toEqual({
        timeoutSeconds: LONG_WAIT_SECONDS,
      });
      deps.store.put(complaintIn('awaiting-closure'));
      await expect(stepTimeout(deps, 'cmp-1', 'closure')).resolves.toEqual({
        timeoutSeconds: LONG_WAIT_SECONDS,
      });
    });
  });

  describe('openStep', () => {
    it('stores the task token with the complaint without moving its version or auditing', async () => {
      const deps = fakeDeps();
      deps.store.put(complaintIn('awaiting-acknowledgement'));
      await expect(openStep(deps, 'cmp-1', 'acknowledgement', 'token-1')).resolves.toEqual({ waiting: true });
      const complaint = deps.store.complaint('cmp-1');
      expect(complaint.waitingTask).toEqual({
        stage: 'acknowledgement',
        taskToken: 'token-1',
        openedAt: '2026-03-02T03:00:00.000Z',
      });
      expect(complaint.version).toBe(3);
      expect(deps.store.audits).toEqual([]);
      expect(deps.workflows.completed).toEqual([]);
    });

    it('answers its own token at once when the step was already done', async () => {
      const deps = fakeDeps();
      deps.store.put(complaintIn('investigating'));
      await expect(openStep(deps, 'cmp-1', 'initial-handling', 'token-2')).resolves.toEqual({
        waiting: false,
      });
      expect(deps.workflows.completed).toEqual([
        { taskToken: 'token-2', output: { status: 'investigating' } },
      ]);
      expect(deps.store.complaint('cmp-1').waitingTask).toBeUndefined();
    });

    it('reads again when the API moved the complaint between the read and the write', async () => {
      const deps = fakeDeps();
      deps.store.put(complaintIn('awaiting-acknowledgement'));
      // The API acknowledges (version 4) just before the token is stored.
      deps.store.beforeChange = () => {
        deps.store.beforeChange = undefined;
        deps.store.put(complaintIn('awaiting-initial-handling', { version: 4 }));
      };
      await expect(openStep(deps, 'cmp-1', 'acknowledgement', 'token-3')).resolves.toEqual({
        waiting: false,
      });
      expect(deps.workflows.completed).toEqual([
        { taskToken: 'token-3', output: { status: 'awaiting-initial-handling' } },
      ]);
    });
  });

  describe('recordBreach', () => {
    it('records the passed deadline once, escalates it to the supervisor, audits and announces it', async () => {
      const deps = fakeDeps('2026-03-03T02:00:01.000Z');
      deps.store.put(complaintIn('awaiting-acknowledgement'));
      const first = await recordBreach(deps, 'cmp-1', 'acknowledgement');
      expect(first.breach).toEqual({
        kind: 'acknowledge',
        due: '2026-03-03T02:00:00.000Z',
        recordedAt: '2026-03-03T02:00:01.000Z',
        escalatedTo: 'supervisor',
      });
      const complaint = deps.store.complaint('cmp-1');
      expect(complaint.status).toBe('awaiting-acknowledgement');
      expect(complaint.breaches).toHaveLength(1);
      expect(complaint.version).toBe(4);
      expect(
        deps.store.audits.map(({ action, actor, role, fields }) => ({ action, actor, role, fields })),
      ).toEqual([{ action: 'complaint.breached', actor: 'workflow', role: 'system', fields: ['breaches'] }]);
      expect(deps.store.events.map((event) => [event.detailType, event.detail])).toEqual([
        [
          'ComplaintSlaBreached',
          expect.objectContaining({
            complaintId: 'cmp-1',
            customerId: 'cus-1',
            branch: 'BJ01',
            deadline: 'acknowledge',
            due: '2026-03-03T02:00:00.000Z',
          }),
        ],
        ['ComplaintEscalated', expect.objectContaining({ deadline: 'acknowledge', level: 'supervisor' })],
      ]);

      // A retried task, or the same timeout seen twice, records nothing more.
      await expect(recordBreach(deps, 'cmp-1', 'acknowledgement')).resolves.toEqual({});
      expect(deps.store.complaint('cmp-1').breaches).toHaveLength(1);
      expect(deps.store.events).toHaveLength(2);
    });

    it('escalates a missed decision to the branch head', async () => {
      const deps = fakeDeps('2026-03-18T00:00:00.000Z');
      deps.store.put(complaintIn('investigating'));
      const { breach } = await recordBreach(deps, 'cmp-1', 'investigation');
      expect(breach).toMatchObject({ kind: 'decision', escalatedTo: 'branch-head' });
    });

    it('records nothing when the step was done as the timeout fired, when paused, or before the due', async () => {
      const deps = fakeDeps('2026-03-03T03:00:00.000Z');
      deps.store.put(complaintIn('awaiting-initial-handling'));
      await expect(recordBreach(deps, 'cmp-1', 'acknowledgement')).resolves.toEqual({});
      deps.store.put(
        complaintIn('paused', { deadlines: [deadline('decision', '2026-03-01T00:00:00.000Z')] }),
      );
      await expect(recordBreach(deps, 'cmp-1', 'investigation')).resolves.toEqual({});
      deps.store.put(complaintIn('investigating'));
      await expect(recordBreach(deps, 'cmp-1', 'investigation')).resolves.toEqual({});
      expect(deps.store.events).toEqual([]);
      expect(deps.store.audits).toEqual([]);
    });

    it('writes again after a concurrent change, with the breach recorded once', async () => {
      const deps = fakeDeps('2026-03-03T02:00:01.000Z');
      deps.store.put(complaintIn('awaiting-acknowledgement'));
      deps.store.conflicts = 1;
      await recordBreach(deps, 'cmp-1', 'acknowledgement');
      expect(deps.store.complaint('cmp-1').breaches).toHaveLength(1);
      expect(deps.store.events).toHaveLength(2);
    });
  });

  describe('endReviewWindow', () => {
    it('moves the complaint to awaiting closure, audited, with nothing due any more', async () => {
      const deps = fakeDeps('2026-04-20T00:00:00.000Z');
      deps.store.put(
        complaintIn('review-window', {
          nextDueAt: '2026-04-17T15:59:59.999Z',
          waitingTask: { stage: 'review-window', taskToken: 'token-9', openedAt: '2026-03-18T00:00:00.000Z' },
        }),
      );
      await expect(endReviewWindow(deps, 'cmp-1')).resolves.toEqual({ status: 'awaiting-closure' });
      const complaint = deps.store.complaint('cmp-1');
      expect(complaint.status).toBe('awaiting-closure');
      expect(complaint.nextDueAt).toBeUndefined();
      expect(complaint.waitingTask).toBeUndefined();
      expect(complaint.breaches).toEqual([]);
      expect(deps.store.audits.map((audit) => audit.action)).toEqual(['complaint.review-window-ended']);
    });

    it('leaves a complaint whose review was requested meanwhile in review', async () => {
      const deps = fakeDeps();
      deps.store.put(complaintIn('in-review'));
      await expect(endReviewWindow(deps, 'cmp-1')).resolves.toEqual({ status: 'in-review' });
      expect(deps.store.audits).toEqual([]);
    });
  });
});
