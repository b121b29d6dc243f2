import { describe, expect, it } from 'vitest';
import { WorkingCalendarChanged } from '../../../functions/calendars/events.js';
import type { Complaint } from '../../../functions/complaints/domain/model.js';
import { ComplaintReceived } from '../../../functions/complaints/events.js';
import {
  type ConsumerDeps,
  consumeEvent,
  type Retime,
} from '../../../functions/complaints/service/consume.js';
import { COMPLAINT_DEADLINES_CHANGED } from '../../../functions/complaints/workflows/complaint-handling.js';
import {
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../../../functions/customers/events.js';
import { buildEvent, type EventDefinition, type EventDetailInput } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import { complaintIn, deadline, fakeDeps, recordingJobItems } from './workflow-fakes.js';

const NOW = new Date('2026-12-01T00:00:00.000Z');

function delivered<D extends EventDefinition>(definition: D, detail: EventDetailInput<D>): ConsumedEvent {
  const event = buildEvent(definition, detail, NOW);
  return {
    source: event.source,
    detailType: event.detailType,
    id: 'eb-1',
    time: NOW.toISOString(),
    detail: event.detail,
  };
}

/** The deadline module's stand-in: a loaded 2027 moves the decision a day earlier and settles it. */
const retimeWith2027: Retime = (complaint, calendar) => {
  if (!calendar.hasYear(2027)) return complaint;
  return {
    ...complaint,
    deadlines: complaint.deadlines.map((d) =>
      d.provisional
        ? { ...deadline(d.kind, '2027-01-04T15:59:59.999Z'), provisional: false, missingYears: [] }
        : d,
    ),
  };
};

function setup(retime: Retime = retimeWith2027) {
  const base = fakeDeps(NOW.toISOString());
  const deps: ConsumerDeps = { ...base, retime };
  const shred = recordingJobItems('complaint-shred');
  const recount = recordingJobItems('complaint-recount');
  const consume = (event: ConsumedEvent) =>
    consumeEvent(deps, event, { shred: shred.items, recount: recount.items });
  return { ...base, consume, shred, recount };
}

const registered = (branch = 'BJ01') =>
  delivered(CustomerRegistered, {
    customerId: 'cus-1',
    customerType: 'individual',
    branch,
    rmId: 'rm-1',
    onboardedAt: '2020-01-01T00:00:00.000Z',
    at: '2026-01-01T00:00:00.000Z',
  });

describe('complaints consumer', () => {
  it("mirrors a customer's branch and RM from registration and profile changes, in version order", async () => {
    const run = setup();
    await expect(run.consume(registered())).resolves.toEqual({ kind: 'customer', outcome: 'applied' });
    const changed = (version: number, rmId: string) =>
      delivered(CustomerProfileChanged, {
        customerId: 'cus-1',
        version,
        changedFields: ['rmId'],
        branch: 'BJ01',
        rmId,
        relationship: 'active',
        at: '2026-02-01T00:00:00.000Z',
      });
    await run.consume(changed(3, 'rm-3'));
    await expect(run.consume(changed(2, 'rm-2'))).resolves.toEqual({ kind: 'customer', outcome: 'stale' });
    expect(run.store.customers.get('cus-1')).toMatchObject({ branch: 'BJ01', rmId: 'rm-3', version: 3 });
  });

  it('dead-letters an event moving the customer to another branch (EVENT_INVALID), changing nothing', async () => {
    const run = setup();
    await run.consume(registered());
    const moved = delivered(CustomerProfileChanged, {
      customerId: 'cus-1',
      version: 2,
      changedFields: ['branch'],
      branch: 'SH01',
      rmId: 'rm-9',
      relationship: 'active',
      at: '2026-02-01T00:00:00.000Z',
    });
    const error = await run.consume(moved).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnprocessableEventError);
    expect(error).toMatchObject({ code: 'EVENT_INVALID' });
    expect(run.store.customers.get('cus-1')).toMatchObject({ branch: 'BJ01', version: 1 });
  });

  it('rejects a malformed event and an event it does not take, without echoing values', async () => {
    const run = setup();
    const malformed: ConsumedEvent = { ...registered(), detail: { customerId: 'Zhang San 13800138000' } };
    const error = await run.consume(malformed).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'EVENT_INVALID' });
    expect(String((error as Error).message)).not.toContain('13800138000');
    await expect(run.consume({ ...registered(), source: 'crm.other' })).rejects.toMatchObject({
      code: 'EVENT_UNSUPPORTED',
    });
  });

  it('shreds the text of every complaint of an erased customer, audited, once', async () => {
    const run = setup();
    run.store.addCustomer({ customerId: 'cus-1', branch: 'BJ01', rmId: 'rm-1' });
    run.store.put(complaintIn('closed', { complaintId: 'cmp-1' }));
    run.store.put(complaintIn('investigating', { complaintId: 'cmp-2' }));
    run.store.put(complaintIn('investigating', { complaintId: 'cmp-3', customerId: 'cus-2' }));
    const erased = delivered(CustomerErased, { customerId: 'cus-1', at: '2026-11-30T00:00:00.000Z' });

    await expect(run.consume(erased)).resolves.toEqual({ kind: 'erasure', complaints: 2, failed: 0 });
    expect(run.store.shredded.sort()).toEqual(['cmp-1', 'cmp-2']);
    expect(run.store.complaint('cmp-2').textErased).toBe(true);
    expect(run.store.complaint('cmp-3').textErased).toBe(false);
    expect(run.store.audits.map(({ action, role, fields }) => ({ action, role, fields }))).toEqual([
      {
        action: 'complaint.text-shredded',
        role: 'system',
        fields: ['description', 'customerRequest', 'representatives', 'notes'],
      },
      {
        action: 'complaint.text-shredded',
        role: 'system',
        fields: ['description', 'customerRequest', 'representatives', 'notes'],
      },
    ]);
    expect(run.store.customers.get('cus-1')?.erased).toBe(true);

    // A redelivery shreds nothing twice.
    await expect(run.consume(erased)).resolves.toEqual({ kind: 'erasure', complaints: 2, failed: 0 });
    expect(run.store.shredded).toHaveLength(2);
    expect(run.store.audits).toHaveLength(2);
  });

  it('dead-letters a complaint whose shred fails and shreds the others', async () => {
    const run = setup();
    run.store.put(complaintIn('closed', { complaintId: 'cmp-1' }));
    run.store.put(complaintIn('closed', { complaintId: 'cmp-2' }));
    const shredText = run.store.shredText.bind(run.store);
    run.store.shredText = async (complaintId, audit) => {
      if (complaintId === 'cmp-1') throw new Error('throttled');
      return shredText(complaintId, audit);
    };
    const erased = delivered(CustomerErased, { customerId: 'cus-1', at: '2026-11-30T00:00:00.000Z' });
    await expect(run.consume(erased)).resolves.toEqual({ kind: 'erasure', complaints: 2, failed: 1 });
    expect(run.store.shredded).toEqual(['cmp-2']);
    expect(run.shred.deadLetters).toEqual([
      { item: { kind: 'complaint', id: 'cmp-1' }, code: 'JOB_ITEM_FAILED' },
    ]);
  });

  it('starts the workflow of a received complaint, named by its id with ids only, and none for a repeat', async () => {
    const run = setup();
    const received = (repeat: boolean) =>
      delivered(ComplaintReceived, {
        complaintId: repeat ? 'cmp-2' : 'cmp-1',
        customerId: 'cus-1',
        branch: 'BJ01',
        queue: 'CU-BJ',
        channel: 'phone',
        category: 'fees',
        priority: 'normal',
        receivedAt: '2026-11-30T00:00:00.000Z',
        repeat,
        ...(repeat ? { repeatOf: 'cmp-1' } : {}),
      });
    await expect(run.consume(received(false))).resolves.toEqual({ kind: 'workflow', started: true });
    await expect(run.consume(received(true))).resolves.toEqual({ kind: 'workflow', started: false });
    expect(run.workflows.started).toEqual([{ name: 'cmp-1', input: { complaintId: 'cmp-1' } }]);
  });

  describe('a working-day calendar year loaded', () => {
    const year2027 = delivered(WorkingCalendarChanged, {
      year: 2027,
      version: 1,
      holidays: [{ name: "New Year's Day", from: '2027-01-01', to: '2027-01-01' }],
      makeUpWorkingDays: [],
    });

    function provisionalComplaint(overrides: Partial<Complaint> = {}): Complaint {
      return complaintIn('investigating', {
        deadlines: [deadline('decision', '2027-01-05T15:59:59.999Z', true)],
        waitingTask: { stage: 'investigation', taskToken: 'token-1', openedAt: '2026-11-20T00:00:00.000Z' },
        ...overrides,
      });
    }

    it('mirrors the year, recounts the provisional deadlines of open complaints and re-times their waiting step', async () => {
      const run = setup();
      run.store.put(provisionalComplaint());
      run.store.put(complaintIn('investigating', { complaintId: 'cmp-2' }));
      run.store.put(provisionalComplaint({ complaintId: 'cmp-3', status: 'closed' }));

      await expect(run.consume(year2027)).resolves.toEqual({
        kind: 'calendar',
        year: 2027,
        mirror: 'applied',
        candidates: 1,
        recounted: 1,
        retimed: 1,
      });
      expect(run.calendarMirror.stored.get(2027)?.version).toBe(1);
      const recounted = run.store.complaint('cmp-1');
      expect(recounted.deadlines[0]).toMatchObject({ due: '2027-01-04T15:59:59.999Z', provisional: false });
      expect(recounted.version).toBe(4);
      expect(run.store.audits.map((audit) => audit.action)).toEqual(['complaint.deadlines-recounted']);
      expect(run.workflows.failed).toEqual([
        { taskToken: 'token-1', error: COMPLAINT_DEADLINES_CHANGED, cause: expect.any(String) },
      ]);
      expect(run.store.complaint('cmp-2').version).toBe(3);

      // A redelivery finds the deadlines counted already: nothing changes, no step is re-timed.
      await expect(run.consume(year2027)).resolves.toMatchObject({
        mirror: 'unchanged',
        candidates: 0,
        recounted: 0,
      });
      expect(run.workflows.failed).toHaveLength(1);
    });

    it('dead-letters a malformed year (EVENT_INVALID) and mirrors nothing', async () => {
      const run = setup();
      const invalid = {
        ...year2027,
        detail: {
          ...(year2027.detail as object),
          holidays: [{ name: 'x', from: '2026-01-01', to: '2026-01-01' }],
        },
      };
      await expect(run.consume(invalid)).rejects.toMatchObject({ code: 'EVENT_INVALID' });
      expect(run.calendarMirror.stored.size).toBe(0);
    });

    it('dead-letters a complaint whose recount fails and recounts the others', async () => {
      const run = setup((complaint, calendar, now) => {
        if (complaint.complaintId === 'cmp-1') throw new Error('unreadable');
        return retimeWith2027(complaint, calendar, now);
      });
      run.store.put(provisionalComplaint());
      run.store.put(provisionalComplaint({ complaintId: 'cmp-2', waitingTask: undefined }));
      await expect(run.consume(year2027)).resolves.toMatchObject({ candidates: 2, recounted: 1, retimed: 0 });
      expect(run.recount.deadLetters).toEqual([
        { item: { kind: 'complaint', id: 'cmp-1' }, code: 'JOB_ITEM_FAILED' },
      ]);
    });
  });
});
