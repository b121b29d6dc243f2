import { describe, expect, expectTypeOf, it } from 'vitest';
import { eventCatalogue as catalogue } from '../../../functions/capabilities.js';
import {
  CustomerErased,
  CustomerProfileChanged,
  CustomerRegistered,
} from '../../../functions/customers/events.js';
import {
  buildEvent,
  catalogueOf,
  type EventDefinition,
  type EventDetail,
  InvalidEventError,
  parseEventDetail,
} from '../../../shared/events/index.js';
import { isId } from '../../../shared/ids.js';

const eventCatalogue = catalogue.definitions;
const findEvent = catalogue.find;

const envelope = { eventId: 'evt_01KDVDNA00AAAAAAAAAAAAAAAA', occurredAt: '2026-03-01T08:00:00.000Z' };
const at = '2026-03-01T08:00:00.000Z';
const ids = { customerId: 'cus_01KDVDNA00BBBBBBBBBBBBBBBB', reviewId: 'rev_01KDVDNA00CCCCCCCCCCCCCCCC' };

/** One valid detail per complaints event: ids and codes only. */
function complaintDetails(): Record<string, Record<string, unknown>> {
  const complaint = {
    complaintId: 'cmp_01KDVDNA00DDDDDDDDDDDDDDDD',
    customerId: ids.customerId,
    branch: 'BJ001',
  };
  return {
    ComplaintReceived: {
      ...complaint,
      queue: 'CU-BJ',
      channel: 'letter',
      category: 'fees',
      priority: 'high',
      receivedAt: at,
      repeat: false,
    },
    ComplaintAssigned: { ...complaint, assignee: 'agent-7' },
    ComplaintAcknowledged: { ...complaint, at, late: false },
    ComplaintEscalated: { ...complaint, deadline: 'acknowledge', level: 'supervisor' },
    ComplaintPaused: { ...complaint, reason: 'external-appraisal' },
    ComplaintResumed: { ...complaint, pausedSeconds: 7200 },
    ComplaintDeadlineExtended: { ...complaint, level: 1, decisionDue: at },
    ComplaintDecided: { ...complaint, outcome: 'upheld', remedyTypes: ['compensation'], withinLimit: true },
    ComplaintReviewRequested: { ...complaint, reviewDue: at },
    ComplaintReviewDecided: { ...complaint, outcome: 'rejected', changed: true },
    ComplaintClosed: {
      ...complaint,
      rootCause: 'fees-pricing',
      outcome: 'upheld',
      channel: 'letter',
      category: 'fees',
    },
    ComplaintSlaBreached: { ...complaint, deadline: 'decision', due: at },
    ComplaintContactRequested: {
      requestId: 'complaint-01J0000000000000000000000C-acknowledged',
      customerId: complaint.customerId,
      purpose: 'complaint-update',
      templateId: 'complaint-acknowledged',
      parameters: { reference: 'CMP-2026-0001' },
      latestAt: at,
      customerRequested: true,
      regarding: complaint.complaintId,
    },
  };
}

/** The engagement capability's (functions/engagement/events.ts) and the delivery results. */
function engagementDetails(): Record<string, Record<string, unknown>> {
  const customerId = 'cus_01J0000000000000000000000A';
  const contactId = 'con_01J0000000000000000000000C';
  return {
    ContactDecided: {
      contactId,
      requestId: 'req-1',
      customerId,
      purpose: 'marketing',
      outcome: 'deferred',
      rule: 'quiet-hours',
      channel: 'sms',
      dueAt: at,
      at,
    },
    ContactDispatched: {
      contactId,
      customerId,
      purpose: 'survey',
      channel: 'email',
      templateId: 'survey-complaint',
      templateVersion: 1,
      locale: 'zh-CN',
      subject: 'How did we do?',
      text: 'Dear {name}, tell us how we handled your complaint: https://crm.example.com/s/abc',
      at,
    },
    SurveySent: {
      surveyId: 'srv_01J0000000000000000000000S',
      customerId,
      branch: 'BJ001',
      trigger: 'complaint-closed',
      complaintId: 'cmp_01J0000000000000000000000C',
      contactId,
      expiresAt: at,
      at,
    },
    SurveyAnswered: {
      surveyId: 'srv_01J0000000000000000000000S',
      customerId,
      branch: 'BJ001',
      trigger: 'complaint-closed',
      csat: 2,
      nps: 6,
      dimensions: { attitude: 3, efficiency: 2 },
      unresolved: true,
      hasText: true,
      at,
    },
    EngagementTaskOpened: {
      taskId: 'tsk_01J0000000000000000000000T',
      kind: 'complaint-return-visit',
      customerId,
      branch: 'BJ001',
      queue: 'CU-BJ',
      complaintId: 'cmp_01J0000000000000000000000C',
      dueAt: at,
      at,
    },
    EngagementTaskEscalated: {
      taskId: 'tsk_01J0000000000000000000000T',
      kind: 'periodic-visit',
      customerId,
      branch: 'BJ001',
      dueAt: at,
      at,
    },
    EngagementTaskCompleted: {
      taskId: 'tsk_01J0000000000000000000000T',
      kind: 'complaint-return-visit',
      customerId,
      branch: 'BJ001',
      reached: true,
      resolved: true,
      csat: 5,
      attempts: 1,
      followUpNeeded: false,
      at,
    },
    ContactPreferencesChanged: {
      customerId,
      version: 3,
      preferredChannel: 'email',
      timeZone: 'Asia/Shanghai',
      at,
    },
    ContactDelivered: { contactId, customerId, channel: 'sms', provider: 'capture', at },
    ContactDeliveryFailed: {
      contactId,
      customerId,
      channel: 'email',
      reason: 'bounced',
      contactPointFailed: true,
      at,
    },
  };
}

/** The products and recommendations events: public product data, ids and codes. */
function recommendationDetails(): Record<string, Record<string, unknown>> {
  const product = { productId: 'wm-90d-r2', category: 'wealth-management', riskLevel: 'R2' };
  const recommendation = {
    recommendationId: 'rec-01J0000000000000000000000A',
    customerId: ids.customerId,
    ...product,
    branch: 'BJ001',
  };
  return {
    ProductChanged: {
      ...product,
      productName: '稳盈 90 天理财',
      termDays: 90,
      minimumAmount: { amount: 1_000_000, currency: 'CNY' },
      customerTypes: ['individual'],
      minimumGrade: 'premium',
      saleFrom: '2026-01-01T00:00:00.000Z',
      status: 'on-sale',
      version: 3,
      at,
    },
    RecommendationMade: {
      ...recommendation,
      channel: 'sms',
      ruleVersion: 's1-m12-r2-d90',
      reasons: ['holds-category', 'segment-affinity'],
      seniorConfirmed: false,
      at,
    },
    RecommendationUnavailable: {
      requestId: 'retention-offer-ret_01KDVDNA00EEEEEEEEEEEEEEEE',
      caseId: 'ret_01KDVDNA00EEEEEEEEEEEEEEEE',
      customerId: ids.customerId,
      branch: 'BJ001',
      at,
    },
    RecommendationResponded: { ...recommendation, response: 'declined', at },
    RecommendationContactRequested: {
      requestId: 'recommendation-rec-01J0000000000000000000000A',
      customerId: ids.customerId,
      purpose: 'marketing',
      preferredChannel: 'sms',
      templateId: 'product-recommendation',
      parameters: { productName: '稳盈 90 天理财' },
      latestAt: at,
      regarding: recommendation.recommendationId,
    },
  };
}

/** One valid detail per retention event: ids, codes, levels and scores only. */
function retentionDetails(): Record<string, Record<string, unknown>> {
  const retentionCase = {
    caseId: 'ret_01KDVDNA00EEEEEEEEEEEEEEEE',
    customerId: ids.customerId,
    branch: 'BJ001',
  };
  return {
    ChurnRiskChanged: {
      customerId: ids.customerId,
      branch: 'BJ001',
      from: 'low',
      level: 'high',
      score: 0.812,
      reasons: ['inactive', 'aum-drop'],
      modelVersion: 1,
      at,
    },
    RetentionCaseOpened: {
      ...retentionCase,
      level: 'high',
      strategy: 'care-contact',
      reasons: ['inactive'],
      outreachDueAt: '2026-03-04T15:59:59.999Z',
      windowEndsAt: '2026-03-31T08:00:00.000Z',
      at,
    },
    RetentionCaseEscalated: { ...retentionCase, at },
    RetentionAttemptRecorded: {
      ...retentionCase,
      attempt: 1,
      channel: 'phone',
      reached: true,
      cause: 'price-or-yield',
      offerMade: false,
      at,
    },
    RetentionCaseClosed: {
      ...retentionCase,
      outcome: 'retained',
      cause: 'price-or-yield',
      strategy: 'offer',
      level: 'high',
      at,
    },
    RetentionContactRequested: {
      requestId: 'retention-care-ret_01KDVDNA00EEEEEEEEEEEEEEEE',
      customerId: ids.customerId,
      purpose: 'care',
      templateId: 'retention-care',
      latestAt: at,
      regarding: retentionCase.caseId,
    },
    RetentionSurveyRequested: {
      requestId: 'retention-survey-ret_01KDVDNA00EEEEEEEEEEEEEEEE',
      ...retentionCase,
      at,
    },
    RetentionOfferRequested: {
      requestId: 'retention-offer-ret_01KDVDNA00EEEEEEEEEEEEEEEE',
      ...retentionCase,
      at,
    },
  };
}

/** One valid detail per declared event: the catalogue test fails if an event has none. */
const validDetails: Record<string, Record<string, unknown>> = {
  CustomerRegistered: {
    customerId: ids.customerId,
    customerType: 'individual',
    branch: 'BJ001',
    rmId: 'rm-7',
    onboardedAt: '2019-04-01T01:00:00.000Z',
    at,
  },
  CustomerProfileChanged: {
    customerId: ids.customerId,
    version: 3,
    changedFields: ['mobile', 'address.city'],
    branch: 'BJ001',
    rmId: 'rm-7',
    relationship: 'active',
    at,
  },
  ConsentChanged: {
    customerId: ids.customerId,
    purpose: 'marketing',
    channel: 'sms',
    granted: true,
    channels: ['sms', 'email'],
    at,
  },
  CustomerRestricted: { customerId: ids.customerId, reason: 'erasure-requested', at },
  CustomerRestrictionLifted: { customerId: ids.customerId, reason: 'compliance-risk', at },
  CustomerErased: { customerId: ids.customerId, at },
  ReviewDue: {
    ...ids,
    branch: 'BJ001',
    rmId: 'rm-7',
    dueAt: at,
    deadline: '2026-03-13T15:59:59.999Z',
    deadlineProvisional: false,
  },
  ReviewEscalated: {
    ...ids,
    branch: 'BJ001',
    deadline: '2026-03-20T15:59:59.999Z',
    deadlineProvisional: true,
  },
  ReviewCompleted: { ...ids, outcome: 'confirmed', at },
  ReviewOverdue: { ...ids, branch: 'BJ001', deadline: '2026-03-20T15:59:59.999Z', at },
  // The calendars capability's: public calendar data.
  WorkingCalendarChanged: {
    year: 2027,
    version: 1,
    holidays: [{ name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
    makeUpWorkingDays: ['2027-02-20'],
  },
  // The activity capability's (functions/activity/events.ts).
  CustomerSegmentChanged: {
    customerId: ids.customerId,
    dimension: 'assetTier',
    from: 'medium',
    to: 'high',
    at,
  },
  ActivitySummaryChanged: {
    customerId: ids.customerId,
    lastTransactionDay: '2026-02-27',
    months: [
      { month: '2026-02', transactions: 4, aum: 12_000_000, outflows: 0 },
      { month: '2026-01', transactions: 9, aum: null, outflows: 500_000 },
    ],
    currency: 'CNY',
    at,
  },
  // Inbound from the bank's systems (shared/events/external.ts; more cases in external.test.ts).
  TransactionPosted: {
    transactionId: 'txn-0001',
    customerId: ids.customerId,
    type: 'deposit',
    channel: 'counter',
    amount: 10_000,
    currency: 'CNY',
    status: 'success',
    postedAt: at,
  },
  BalanceSnapshot: {
    customerId: ids.customerId,
    asOf: at,
    aum: 1,
    deposits: 1,
    wealth: 0,
    loans: 0,
    currency: 'CNY',
  },
  ProductHoldingChanged: {
    customerId: ids.customerId,
    productId: 'WM-2026-01',
    riskLevel: 'R2',
    action: 'opened',
    at,
  },
  CreditRatingChanged: { customerId: ids.customerId, grade: 'prime', score: 812, at },
  ComplianceStatusChanged: { customerId: ids.customerId, status: 'watch', reasonCode: 'STR-07', at },
  MessageDeliveryReported: {
    contactId: 'con_01J0000000000000000000000K',
    customerId: ids.customerId,
    channel: 'email',
    status: 'bounced',
    at,
  },
  ...complaintDetails(),
  ...engagementDetails(),
  ...recommendationDetails(),
  ...retentionDetails(),
};
/** The external systems allowed to publish to our bus (docs/domain-rules.md §13.1), one by one. */
const externalSources = ['core-banking', 'credit-risk', 'aml', 'bank-messaging'];

function sampleOf(definition: EventDefinition): Record<string, unknown> {
  const detail = validDetails[definition.detailType];
  if (detail === undefined) throw new Error(`No sample detail for ${definition.detailType}`);
  return { ...envelope, ...detail };
}

describe('event catalogue', () => {
  it('declares the customers events and the inbound external ones', () => {
    expect(eventCatalogue.map((definition) => definition.detailType).sort()).toEqual(
      Object.keys(validDetails).sort(),
    );
  });

  it.each(eventCatalogue.map((definition) => [definition.detailType, definition] as const))(
    '%s accepts a valid detail and rejects an undeclared key such as name or mobile',
    (_, definition) => {
      const sample = sampleOf(definition);

      const valid = definition.schema.safeParse(sample);
      const withName = definition.schema.safeParse({ ...sample, name: '张三' });
      const withMobile = definition.schema.safeParse({ ...sample, mobile: '13800138000' });

      expect(valid.success).toBe(true);
      expect(withName.success).toBe(false);
      expect(withMobile.success).toBe(false);
    },
  );

  it.each(eventCatalogue.map((definition) => [definition.detailType, definition] as const))(
    '%s requires the envelope (eventId and occurredAt)',
    (_, definition) => {
      const { eventId: _eventId, ...withoutId } = sampleOf(definition);
      const { occurredAt: _occurredAt, ...withoutTime } = sampleOf(definition);

      expect(definition.schema.safeParse(withoutId).success).toBe(false);
      expect(definition.schema.safeParse(withoutTime).success).toBe(false);
    },
  );

  it('names detail types in PascalCase and sources crm.<capability> or a listed external system', () => {
    for (const definition of eventCatalogue) {
      expect(definition.detailType).toMatch(/^(?:[A-Z][a-z0-9]+)+$/);
      if (!externalSources.includes(definition.source)) {
        expect(definition.source).toMatch(/^crm\.[a-z][a-z0-9-]*$/);
      }
    }
  });

  it('declares each source and detail type once', () => {
    const keys = eventCatalogue.map((definition) => `${definition.source}/${definition.detailType}`);

    expect(new Set(keys).size).toBe(keys.length);
  });

  it('refuses a catalogue that declares one source and detail type twice', () => {
    expect(() => catalogueOf([CustomerErased, CustomerErased])).toThrow(/twice/);
  });

  it('finds a definition by source and detail type, and nothing for an unknown one', () => {
    expect(findEvent('crm.customers', 'CustomerErased')).toBe(CustomerErased);
    expect(findEvent('crm.complaints', 'CustomerErased')).toBeUndefined();
    expect(findEvent('crm.customers', 'CustomerDeleted')).toBeUndefined();
  });

  it('refuses a value where a field name belongs, and free text where an id belongs', () => {
    const sample = sampleOf(CustomerProfileChanged);

    const withValue = CustomerProfileChanged.schema.safeParse({
      ...sample,
      changedFields: ['138 0013 8000'],
    });
    const withNameAsId = CustomerRegistered.schema.safeParse({
      ...sampleOf(CustomerRegistered),
      rmId: '王小明',
    });

    expect(withValue.success).toBe(false);
    expect(withNameAsId.success).toBe(false);
  });

  it('makes the facts a mirror keeps required: the onboarding date, and the assignment after a change', () => {
    const { onboardedAt: _onboardedAt, ...registered } = sampleOf(CustomerRegistered);
    const changed = sampleOf(CustomerProfileChanged);
    const { relationship: _relationship, ...withoutRelationship } = changed;
    const { rmId: _rmId, ...withoutRm } = changed;

    expect(CustomerRegistered.schema.safeParse(registered).success).toBe(false);
    expect(CustomerProfileChanged.schema.safeParse(withoutRelationship).success).toBe(false);
    expect(CustomerProfileChanged.schema.safeParse(withoutRm).success).toBe(false);
    expect(CustomerProfileChanged.schema.safeParse({ ...changed, relationship: 'dormant' }).success).toBe(
      false,
    );
    expect(CustomerProfileChanged.schema.safeParse({ ...changed, relationship: 'closed' }).success).toBe(
      true,
    );
  });
});

describe('buildEvent', () => {
  const now = new Date('2026-05-06T07:08:09.010Z');

  it('fills eventId and occurredAt from the id generator and the producer’s clock', () => {
    const event = buildEvent(CustomerErased, { customerId: ids.customerId, at }, now);

    expect(event.source).toBe('crm.customers');
    expect(event.detailType).toBe('CustomerErased');
    expect(event.detail).toEqual({
      eventId: expect.any(String),
      occurredAt: '2026-05-06T07:08:09.010Z',
      customerId: ids.customerId,
      at,
    });
    expect(isId(event.detail.eventId, 'evt')).toBe(true);
    expectTypeOf(event.detail).toExtend<EventDetail<typeof CustomerErased>>();
  });

  it('keeps an eventId the producer chose (for idempotent retries)', () => {
    const event = buildEvent(CustomerErased, { ...envelope, customerId: ids.customerId, at }, now);

    expect(event.detail.eventId).toBe(envelope.eventId);
  });

  it('throws InvalidEventError naming the path, not the value, for a bad or extra field', () => {
    const extra = { customerId: ids.customerId, at, name: '张三' };

    const attempt = () => parseEventDetail(CustomerErased, { ...envelope, ...extra });

    expect(attempt).toThrow(InvalidEventError);
    expect(attempt).not.toThrow(/张三/);
    expect(() => buildEvent(CustomerErased, { customerId: ids.customerId, at: 'yesterday' }, now)).toThrow(
      /at:/,
    );
  });
});
