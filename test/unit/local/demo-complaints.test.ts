import { describe, expect, it } from 'vitest';
import { demoAgentOf, demoComplaints } from '../../../infra/local/demo-complaints.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const customers = Array.from({ length: 20 }, (_, index) => ({
  customerId: `cus_demo_${index}`,
  branch: index % 2 === 0 ? 'BJ01' : 'SH01',
}));

describe('the demo complaints', () => {
  const plan = demoComplaints(customers, NOW);
  const actionsOf = (stage: string) => plan.find((c) => c.stage === stage)?.steps.map((step) => step.action);

  it('covers every stage the demo shows, each about a customer of its own, and one repeat', () => {
    const repeat = plan.find((complaint) => complaint.stage === 'repeat of an open complaint');
    const investigated = plan.find((complaint) => complaint.stage === 'investigating');

    expect(plan.map((complaint) => complaint.stage)).toEqual([
      'new, in the queue',
      'assigned',
      'urgent: regulator-forwarded, vulnerable customer',
      'acknowledgement breached',
      'awaiting initial handling',
      'investigating',
      'paused for external appraisal',
      'extended (level 1, supervisor approved)',
      'decision breached',
      'decided, review window open',
      'in review',
      'awaiting closure after review',
      'closed',
      'repeat of an open complaint',
    ]);
    expect(new Set(plan.slice(0, -1).map((complaint) => complaint.customerId)).size).toBe(plan.length - 1);
    expect(repeat?.customerId).toBe(investigated?.customerId);
    expect(repeat?.intake.category).toBe(investigated?.intake.category);
    expect(repeat?.steps).toEqual([]);
  });

  it('receives every complaint within the 30-day backfill, none in the future', () => {
    for (const complaint of plan) {
      const receivedAt = Date.parse(String(complaint.intake.receivedAt));
      expect(receivedAt).toBeLessThanOrEqual(NOW.getTime());
      expect(NOW.getTime() - receivedAt).toBeLessThanOrEqual(30 * 86_400_000);
    }
  });

  it('takes each complaint through the steps of its stage in the order the lifecycle allows', () => {
    expect(actionsOf('new, in the queue')).toEqual([]);
    expect(actionsOf('paused for external appraisal')).toEqual([
      'assign',
      'acknowledge',
      'initial-handling',
      'pause',
    ]);
    expect(actionsOf('extended (level 1, supervisor approved)')?.slice(-2)).toEqual([
      'extensions',
      'extensions/{extensionId}/decision',
    ]);
    expect(actionsOf('in review')?.slice(-2)).toEqual(['decision', 'review-requests']);
    expect(actionsOf('closed')?.slice(-4)).toEqual([
      'decision',
      'review-requests',
      'review-decision',
      'close',
    ]);
  });

  it('has the branch’s agent take the complaint, the supervisor approve, the complaints unit decide reviews', () => {
    const assigned = plan.find((complaint) => complaint.stage === 'assigned');
    const extended = plan.find((complaint) => complaint.stage.startsWith('extended'));
    const reviewed = plan.find((complaint) => complaint.stage === 'awaiting closure after review');

    expect(assigned?.steps[0]).toEqual({
      action: 'assign',
      as: 'agent',
      body: { assignee: demoAgentOf(assigned?.branch ?? '') },
    });
    expect(extended?.steps.at(-1)?.as).toBe('supervisor');
    expect(reviewed?.steps.at(-1)).toMatchObject({ action: 'review-decision', as: 'manager' });
  });

  it('sets remediation due after the demo’s today, so a closure is accepted', () => {
    const close = plan.find((complaint) => complaint.stage === 'closed')?.steps.at(-1);

    expect(close?.body).toMatchObject({ remediationActions: [{ dueDate: '2026-04-01' }] });
  });

  it('makes only the first stages for a small portfolio', () => {
    expect(demoComplaints(customers.slice(0, 3), NOW).map((complaint) => complaint.stage)).toEqual([
      'new, in the queue',
      'assigned',
      'urgent: regulator-forwarded, vulnerable customer',
    ]);
  });
});
