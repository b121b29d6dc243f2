import { describe, expect, it } from 'vitest';
import type { Complaint, ComplaintDeadline } from '../../../functions/complaints/domain/model.js';
import {
  complaintReport,
  median,
  nearestRank,
  periodDays,
  periodInstants,
} from '../../../functions/complaints/domain/report.js';
import { csvField, reportCsv } from '../../../functions/complaints/domain/report-csv.js';

const now = new Date('2026-03-01T02:00:00.000Z');

function decisionDeadline(due: string): ComplaintDeadline {
  return {
    kind: 'decision',
    due,
    rule: 'decision-days',
    explanation: '',
    inputs: {},
    provisional: false,
    missingYears: [],
  };
}

function complaint(overrides: Partial<Complaint> & Pick<Complaint, 'complaintId' | 'receivedAt'>): Complaint {
  return {
    version: 1,
    customerId: 'cus_1',
    branch: 'BJ01',
    rmId: 'rm-1',
    queue: 'BJ01',
    channel: 'phone',
    category: 'product',
    priority: 'normal',
    priorityFactors: [],
    status: 'investigating',
    createdAt: overrides.receivedAt,
    createdBy: 'agent-1',
    productIds: [],
    vulnerableCustomer: false,
    newFacts: false,
    representativeCount: 0,
    repeats: [],
    clock: { receivedAt: overrides.receivedAt, pauses: [], approvedExtensions: [] },
    deadlines: [],
    breaches: [],
    extensions: [],
    textErased: false,
    ...overrides,
  };
}

const decided = (decidedAt: string) => ({
  outcome: 'upheld' as const,
  remedies: [],
  decidedBy: 'agent-1',
  decidedAt,
});

// Five complaints of February 2026, figures worked out by hand in the expectations below.
const complaints: Complaint[] = [
  complaint({
    complaintId: 'c1',
    receivedAt: '2026-02-02T01:00:00.000Z',
    productIds: ['PRD-1', 'PRD-2', 'PRD-1'],
    // 2.5 days, decided before its deadline.
    decision: decided('2026-02-04T13:00:00.000Z'),
    deadlines: [decisionDeadline('2026-02-17T15:59:59.999Z')],
  }),
  complaint({
    complaintId: 'c2',
    receivedAt: '2026-02-03T00:00:00.000Z',
    channel: 'email',
    category: 'fees',
    productIds: ['PRD-1'],
    // 10 days, after its deadline: a breach of the decision deadline.
    decision: decided('2026-02-13T00:00:00.000Z'),
    deadlines: [decisionDeadline('2026-02-12T15:59:59.999Z')],
    breaches: [
      {
        kind: 'decision',
        due: '2026-02-12T15:59:59.999Z',
        recordedAt: '2026-02-12T16:00:00.000Z',
        escalatedTo: 'branch-head',
      },
    ],
    extensions: [
      {
        extensionId: 'x1',
        level: 1,
        reason: 'complex',
        requestedBy: 'a',
        requestedAt: '2026-02-05T00:00:00.000Z',
        state: 'approved',
      },
      {
        extensionId: 'x2',
        level: 2,
        reason: 'complex',
        requestedBy: 'a',
        requestedAt: '2026-02-08T00:00:00.000Z',
        state: 'refused',
      },
      {
        extensionId: 'x3',
        level: 2,
        reason: 'complex',
        requestedBy: 'a',
        requestedAt: '2026-02-09T00:00:00.000Z',
        state: 'requested',
      },
    ],
  }),
  complaint({
    complaintId: 'c3',
    receivedAt: '2026-02-05T00:00:00.000Z',
    branch: 'SH01',
    status: 'closed',
    // 1 day, within its deadline; reviewed, the outcome changed, closed.
    decision: decided('2026-02-06T00:00:00.000Z'),
    deadlines: [decisionDeadline('2026-02-20T15:59:59.999Z')],
    review: {
      requestedAt: '2026-02-07T00:00:00.000Z',
      decidedAt: '2026-02-10T00:00:00.000Z',
      outcome: 'rejected',
      changed: true,
    },
    closure: {
      rootCause: 'disclosure',
      remediationActions: [
        { action: 'retrain', owner: 'staff-1', dueDate: '2026-03-10', done: true },
        { action: 'fix-leaflet', owner: 'staff-2', dueDate: '2026-03-20', done: false },
      ],
      closedBy: 'agent-1',
      closedAt: '2026-02-11T00:00:00.000Z',
    },
  }),
  complaint({
    complaintId: 'c4',
    receivedAt: '2026-02-06T00:00:00.000Z',
    branch: 'SH01',
    channel: 'letter',
    category: 'fees',
    status: 'linked',
    repeatOf: 'c2',
  }),
  complaint({
    complaintId: 'c5',
    receivedAt: '2026-02-10T00:00:00.000Z',
    channel: 'online',
    category: 'other',
    status: 'closed',
    // 4 days, within its deadline; acknowledged late; a review asked for, not yet decided.
    decision: decided('2026-02-14T00:00:00.000Z'),
    deadlines: [decisionDeadline('2026-02-25T15:59:59.999Z')],
    breaches: [
      {
        kind: 'acknowledge',
        due: '2026-02-11T00:00:00.000Z',
        recordedAt: '2026-02-11T00:00:00.000Z',
        escalatedTo: 'supervisor',
      },
    ],
    review: { requestedAt: '2026-02-15T00:00:00.000Z' },
    closure: {
      rootCause: 'disclosure',
      remediationActions: [{ action: 'refund-fee', owner: 'staff-3', dueDate: '2026-03-05', done: false }],
      closedBy: 'agent-1',
      closedAt: '2026-02-20T00:00:00.000Z',
    },
  }),
];

const report = complaintReport({
  period: { from: '2026-02-01', to: '2026-02-28' },
  complaints,
  customers: 8000,
  now,
});

describe('the complaints report', () => {
  it('counts complaints by channel, category, product and branch, every channel and category shown', () => {
    expect(report.received).toBe(5);
    expect(report.byChannel).toEqual({
      phone: 2,
      email: 1,
      online: 1,
      counter: 0,
      letter: 1,
      'regulator-forwarded': 0,
      partner: 0,
    });
    expect(report.byCategory).toMatchObject({ product: 2, fees: 2, other: 1, 'data-privacy': 0 });
    // A product named twice by one complaint counts once for it.
    expect(report.byProduct).toEqual({ 'PRD-1': 2, 'PRD-2': 1 });
    expect(report.byBranch).toEqual({ BJ01: 3, SH01: 2 });
  });

  it('gives complaints per 10,000 customers known in scope', () => {
    // 5 complaints over 8,000 customers: 6.25 per 10,000.
    expect(report.perTenThousandCustomers).toBe(6.25);
    expect(
      complaintReport({ period: report, complaints, customers: 0, now }).perTenThousandCustomers,
    ).toBeNull();
  });

  it('gives the share decided within the limit and the median and p90 handling days', () => {
    // Handling days 2.5, 10, 1, 4: sorted 1, 2.5, 4, 10; median (2.5 + 4) / 2 = 3.25 → 3.3;
    // p90 by nearest rank: rank ceil(0.9 × 4) = 4 → 10. Three of four decided in time.
    expect(report.decided).toBe(4);
    expect(report.decidedWithinLimit).toBe(3);
    expect(report.shareDecidedWithinLimit).toBe(0.75);
    expect(report.handlingDays).toEqual({ median: 3.3, p90: 10 });
  });

  it('counts breaches by deadline, extensions by level, reviews, repeats, root causes and open remediation', () => {
    expect(report.breaches).toEqual({
      acknowledge: 1,
      'initial-handling': 0,
      decision: 1,
      'decision-cap': 0,
      'review-request': 0,
      'review-decision': 0,
    });
    expect(report.extensions).toEqual({ approvedLevel1: 1, approvedLevel2: 0, refused: 1 });
    expect(report.reviews).toEqual({ requested: 2, decided: 1, outcomeChanged: 1 });
    expect(report.repeats).toBe(1);
    expect(report.rootCauses).toEqual({ disclosure: 2 });
    expect(report.openRemediationActions).toBe(2);
  });

  it('has no figure to give when nothing was decided', () => {
    const empty = complaintReport({ period: report, complaints: [], customers: 10, branch: 'BJ01', now });

    expect(empty).toMatchObject({
      branch: 'BJ01',
      received: 0,
      perTenThousandCustomers: 0,
      shareDecidedWithinLimit: null,
      handlingDays: { median: null, p90: null },
    });
  });

  it('carries no id of a customer or a complaint', () => {
    const text = JSON.stringify(report);

    expect(text).not.toContain('cus_1');
    expect(text).not.toMatch(/"c[1-5]"/);
  });
});

describe('report statistics', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even one', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('takes the p90 by nearest rank', () => {
    expect(nearestRank([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
    expect(nearestRank([7], 90)).toBe(7);
  });
});

describe('the report period', () => {
  it('covers whole days of China Standard Time, both ends included', () => {
    expect(periodInstants({ from: '2026-02-01', to: '2026-02-28' })).toEqual({
      from: '2026-01-31T16:00:00.000Z',
      to: '2026-02-28T16:00:00.000Z',
    });
    expect(periodDays({ from: '2026-02-01', to: '2026-02-28' })).toBe(28);
    expect(periodDays({ from: '2026-02-01', to: '2026-02-01' })).toBe(1);
  });
});

describe('the report as CSV', () => {
  const csv = reportCsv(report);
  const lines = csv.split('\r\n');

  it('has one section,key,value row per figure', () => {
    expect(lines[0]).toBe('section,key,value');
    expect(lines).toContain('channel,phone,2');
    expect(lines).toContain('product,PRD-1,2');
    expect(lines).toContain('summary,perTenThousandCustomers,6.25');
    expect(lines).toContain('handlingDays,median,3.3');
    expect(lines).toContain('breaches,decision,1');
    expect(lines).toContain('extensions,approvedLevel1,1');
    expect(lines).toContain('rootCause,disclosure,2');
    expect(lines.at(-1)).toBe('');
  });

  it('leaves a figure that cannot be computed empty', () => {
    const empty = reportCsv(complaintReport({ period: report, complaints: [], customers: 0, now }));

    expect(empty.split('\r\n')).toContain('summary,shareDecidedWithinLimit,');
  });

  it('quotes fields with commas, quotes or line breaks and never lets a field be a formula', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvField('-1.5')).toBe('-1.5');
  });
});
