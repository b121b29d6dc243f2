import { describe, expect, it } from 'vitest';
import { planComplianceChange } from '../../../functions/customers/domain/compliance.js';
import { DEFAULT_CUSTOMER_POLICIES } from '../../../functions/customers/domain/policies.js';
import { individualRecord } from './fixtures.js';

const NOW = new Date('2026-03-02T02:00:00.000Z');
const policies = DEFAULT_CUSTOMER_POLICIES;
// The fixture is compliant, reviewed on a 6-month cadence: its period began on 2026-01-05.
const compliant = () => individualRecord({ nextReviewAt: '2026-07-05T08:00:00.000Z' });
const onRisk = () =>
  individualRecord({
    complianceStatus: 'risk',
    complianceStatusAt: '2026-02-01T00:00:00.000Z',
    restricted: true,
    restrictionReason: 'compliance-risk',
    nextReviewAt: '2026-04-05T08:00:00.000Z',
  });

describe('planComplianceChange', () => {
  it('applies a first watch status: the review comes 3 months after the period began', () => {
    const plan = planComplianceChange(
      compliant(),
      { status: 'watch', at: '2026-03-01T02:00:00Z' },
      NOW,
      policies,
    );

    expect(plan).toEqual({
      kind: 'apply',
      status: 'watch',
      at: '2026-03-01T02:00:00.000Z',
      nextReviewAt: '2026-04-05T08:00:00.000Z',
      restriction: 'keep',
      changedFields: ['complianceStatusAt', 'complianceStatus', 'nextReviewAt'],
    });
  });

  it('restricts processing when the status becomes risk', () => {
    const plan = planComplianceChange(
      compliant(),
      { status: 'risk', at: '2026-03-01T00:00:00Z' },
      NOW,
      policies,
    );

    expect(plan).toMatchObject({ kind: 'apply', status: 'risk', restriction: 'impose' });
    expect(plan.kind === 'apply' && plan.changedFields).toContain('restricted');
  });

  it('lifts the compliance restriction and lengthens the cadence when risk is cleared', () => {
    const plan = planComplianceChange(
      onRisk(),
      { status: 'compliant', at: '2026-03-01T00:00:00Z' },
      NOW,
      policies,
    );

    expect(plan).toMatchObject({
      kind: 'apply',
      status: 'compliant',
      restriction: 'lift',
      nextReviewAt: '2026-07-05T08:00:00.000Z',
    });
  });

  it('keeps the 3-month cadence but lifts the restriction when risk becomes watch', () => {
    const plan = planComplianceChange(
      onRisk(),
      { status: 'watch', at: '2026-03-01T00:00:00Z' },
      NOW,
      policies,
    );

    expect(plan).toEqual({
      kind: 'apply',
      status: 'watch',
      at: '2026-03-01T00:00:00.000Z',
      restriction: 'lift',
      changedFields: ['complianceStatusAt', 'complianceStatus', 'restricted', 'restrictionReason'],
    });
  });

  it('records a repeated status that is newer, changing nothing else', () => {
    const plan = planComplianceChange(
      onRisk(),
      { status: 'risk', at: '2026-03-01T00:00:00Z' },
      NOW,
      policies,
    );

    expect(plan).toEqual({
      kind: 'apply',
      status: 'risk',
      at: '2026-03-01T00:00:00.000Z',
      restriction: 'keep',
      changedFields: ['complianceStatusAt'],
    });
  });

  it.each([
    ['the same instant, written with less precision', '2026-02-01T00:00:00Z'],
    ['an earlier instant', '2026-01-31T23:59:59.999Z'],
  ])('ignores a report at %s as the one applied', (_, at) => {
    const plan = planComplianceChange(onRisk(), { status: 'compliant', at }, NOW, policies);

    expect(plan).toEqual({ kind: 'ignore', reason: 'not-newer' });
  });

  it('orders by instant, not by text: 08:00:00.5Z is after 08:00:00Z', () => {
    const record = individualRecord({ complianceStatusAt: '2026-02-01T08:00:00.000Z' });

    const plan = planComplianceChange(
      record,
      { status: 'watch', at: '2026-02-01T08:00:00.5Z' },
      NOW,
      policies,
    );

    expect(plan.kind).toBe('apply');
  });

  it('ignores every report once erasure was requested, leaving that restriction alone', () => {
    const record = individualRecord({
      restricted: true,
      restrictionReason: 'erasure-requested',
      erasureRequestedAt: '2026-02-01T00:00:00.000Z',
    });

    const plan = planComplianceChange(
      record,
      { status: 'compliant', at: '2026-03-01T00:00:00Z' },
      NOW,
      policies,
    );

    expect(plan).toEqual({ kind: 'ignore', reason: 'erasure-requested' });
  });

  it('ignores every report for a shredded customer', () => {
    const record = individualRecord({ shreddedAt: '2026-02-01T00:00:00.000Z', sealed: {}, masked: {} });

    const plan = planComplianceChange(record, { status: 'risk', at: '2026-03-01T00:00:00Z' }, NOW, policies);

    expect(plan).toEqual({ kind: 'ignore', reason: 'erased' });
  });

  it('schedules no review for a closed relationship, but still applies the status and restriction', () => {
    const record = individualRecord({ relationship: 'closed', nextReviewAt: undefined });

    const plan = planComplianceChange(record, { status: 'risk', at: '2026-03-01T00:00:00Z' }, NOW, policies);

    expect(plan).toEqual({
      kind: 'apply',
      status: 'risk',
      at: '2026-03-01T00:00:00.000Z',
      restriction: 'impose',
      changedFields: ['complianceStatusAt', 'complianceStatus', 'restricted', 'restrictionReason'],
    });
  });
});
