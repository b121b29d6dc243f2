import { describe, expect, it } from 'vitest';
import { planAccess } from '../../../functions/customers/service/complaint-access.js';

const live = { shreddedAt: undefined };
const erased = { shreddedAt: '2026-03-01T00:00:00.000Z' };
const at = (minute: number) => `2026-03-02T02:${String(minute).padStart(2, '0')}:00.000Z#evt_${minute}`;

describe('what a complaint event changes in who may read the customer', () => {
  it('opens the customer to the complaints unit when a complaint is received, once', () => {
    expect(planAccess(live, 'c1', undefined, { kind: 'received' })).toEqual({
      kind: 'write',
      action: 'complaint-access.opened',
      next: { complaintId: 'c1', open: true },
    });
    expect(planAccess(live, 'c1', { complaintId: 'c1', open: true }, { kind: 'received' })).toEqual({
      kind: 'ignore',
      reason: 'known',
    });
  });

  it('grants the assignee and ends the previous assignee’s grant', () => {
    const known = { complaintId: 'c1', open: true, assignee: 'agent-1', assignedOrder: at(1) };

    expect(planAccess(live, 'c1', known, { kind: 'assigned', assignee: 'agent-2', order: at(2) })).toEqual({
      kind: 'write',
      action: 'complaint-access.assigned',
      next: { complaintId: 'c1', open: true, assignee: 'agent-2', assignedOrder: at(2) },
      grant: 'agent-2',
      revoke: 'agent-1',
    });
  });

  it('keeps the grant of an assignee assigned again, ending nothing', () => {
    const known = { complaintId: 'c1', open: true, assignee: 'agent-1', assignedOrder: at(1) };

    expect(
      planAccess(live, 'c1', known, { kind: 'assigned', assignee: 'agent-1', order: at(3) }),
    ).toMatchObject({
      grant: 'agent-1',
      revoke: undefined,
    });
  });

  it('ignores an assignment older than the one applied, and the same one delivered again', () => {
    const known = { complaintId: 'c1', open: true, assignee: 'agent-2', assignedOrder: at(2) };

    expect(planAccess(live, 'c1', known, { kind: 'assigned', assignee: 'agent-1', order: at(1) })).toEqual({
      kind: 'ignore',
      reason: 'stale',
    });
    expect(planAccess(live, 'c1', known, { kind: 'assigned', assignee: 'agent-2', order: at(2) })).toEqual({
      kind: 'ignore',
      reason: 'known',
    });
  });

  it('ends every access on closure and keeps a tombstone, so nothing later reopens it', () => {
    const known = { complaintId: 'c1', open: true, assignee: 'agent-2', assignedOrder: at(2) };
    const tombstone = { complaintId: 'c1', open: false };

    expect(planAccess(live, 'c1', known, { kind: 'closed' })).toEqual({
      kind: 'write',
      action: 'complaint-access.closed',
      next: tombstone,
      revoke: 'agent-2',
    });
    expect(planAccess(live, 'c1', undefined, { kind: 'closed' })).toMatchObject({
      kind: 'write',
      next: tombstone,
    });
    for (const fact of [
      { kind: 'received' } as const,
      { kind: 'assigned', assignee: 'agent-3', order: at(9) } as const,
      { kind: 'closed' } as const,
    ]) {
      expect(planAccess(live, 'c1', tombstone, fact)).toEqual({ kind: 'ignore', reason: 'closed' });
    }
  });

  it('opens nothing on an erased customer, though a closure still ends what was open', () => {
    const known = { complaintId: 'c1', open: true, assignee: 'agent-1', assignedOrder: at(1) };

    expect(planAccess(erased, 'c1', undefined, { kind: 'received' })).toEqual({
      kind: 'ignore',
      reason: 'erased',
    });
    expect(planAccess(erased, 'c1', known, { kind: 'assigned', assignee: 'agent-2', order: at(2) })).toEqual({
      kind: 'ignore',
      reason: 'erased',
    });
    expect(planAccess(erased, 'c1', known, { kind: 'closed' })).toMatchObject({
      kind: 'write',
      revoke: 'agent-1',
    });
  });
});
