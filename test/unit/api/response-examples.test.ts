import { describe, expect, it } from 'vitest';
import { toJSONSchema } from 'zod/v4/core';
import * as activityBatches from '../../../functions/activity/api/batch-responses.js';
import * as activityConfig from '../../../functions/activity/api/config-responses.js';
import * as activity from '../../../functions/activity/api/responses.js';
import { segmentationConfigDocumentSchema } from '../../../functions/activity/domain/schemas.js';
import * as calendars from '../../../functions/calendars/api/responses.js';
import * as complaints from '../../../functions/complaints/api/responses.js';
import * as customerAudit from '../../../functions/customers/api/audit-responses.js';
import * as customerPrivacy from '../../../functions/customers/api/privacy-responses.js';
import * as customers from '../../../functions/customers/api/responses.js';
import * as customerReviews from '../../../functions/customers/api/review-responses.js';
import * as problems from '../../../shared/http/problem-schema.js';
import * as z from '../../../shared/zod.js';
import { expectSchema, objectPaths, withExtraKey } from '../../support/contract.js';

type Schema = z.core.$ZodType;

/** Every exported example with the schema it documents. */
const EXAMPLES: readonly (readonly [string, Schema, unknown])[] = [
  ['customerViewExample', customers.customerViewSchema, customers.customerViewExample],
  ['maskedCustomerViewExample', customers.customerViewSchema, customers.maskedCustomerViewExample],
  ['revealedCustomerViewExample', customers.customerViewSchema, customers.revealedCustomerViewExample],
  ['corporateCustomerViewExample', customers.customerViewSchema, customers.corporateCustomerViewExample],
  ['erasedCustomerViewExample', customers.customerViewSchema, customers.erasedCustomerViewExample],
  ['customerSummaryExample', customers.customerSummarySchema, customers.customerSummaryExample],
  ['customerListPageExample', customers.customerListPageSchema, customers.customerListPageExample],
  [
    'customerSearchResultExample',
    customers.customerSearchResultSchema,
    customers.customerSearchResultExample,
  ],
  ['auditRecordExample', customerAudit.auditRecordSchema, customerAudit.auditRecordExample],
  ['auditTrailExample', customerAudit.auditTrailSchema, customerAudit.auditTrailExample],
  ['consentResultExample', customerPrivacy.consentResultSchema, customerPrivacy.consentResultExample],
  [
    'contactPreferencesResultExample',
    customerPrivacy.contactPreferencesResultSchema,
    customerPrivacy.contactPreferencesResultExample,
  ],
  ['erasureStatusExample', customerPrivacy.erasureStatusSchema, customerPrivacy.erasureStatusExample],
  [
    'scheduledErasureStatusExample',
    customerPrivacy.erasureStatusSchema,
    customerPrivacy.scheduledErasureStatusExample,
  ],
  ['reviewExample', customerReviews.reviewSchema, customerReviews.reviewExample],
  ['provisionalReviewExample', customerReviews.reviewSchema, customerReviews.provisionalReviewExample],
  ['reviewListPageExample', customerReviews.reviewListPageSchema, customerReviews.reviewListPageExample],
  [
    'reviewCompletionExample',
    customerReviews.reviewCompletionSchema,
    customerReviews.reviewCompletionExample,
  ],
  ['activityProfileExample', activity.activityProfileSchema, activity.activityProfileExample],
  ['ungradedActivityProfileExample', activity.activityProfileSchema, activity.ungradedActivityProfileExample],
  ['segmentSummaryExample', activity.segmentSummarySchema, activity.segmentSummaryExample],
  [
    'transactionBatchResultExample',
    activityBatches.transactionBatchResultSchema,
    activityBatches.transactionBatchResultExample,
  ],
  [
    'defaultSegmentationConfigViewExample',
    activityConfig.segmentationConfigViewSchema,
    activityConfig.defaultSegmentationConfigViewExample,
  ],
  [
    'segmentationConfigViewExample',
    activityConfig.segmentationConfigViewSchema,
    activityConfig.segmentationConfigViewExample,
  ],
  ['builtInCalendarYearExample', calendars.calendarYearViewSchema, calendars.builtInCalendarYearExample],
  ['loadedCalendarYearExample', calendars.calendarYearViewSchema, calendars.loadedCalendarYearExample],
  ['complaintViewExample', complaints.complaintViewSchema, complaints.complaintViewExample],
  ['complaintSummaryExample', complaints.complaintSummarySchema, complaints.complaintSummaryExample],
  ['complaintListPageExample', complaints.complaintListPageSchema, complaints.complaintListPageExample],
  ['fieldErrorExample', problems.fieldErrorSchema, problems.fieldErrorExample],
  ['problemDocumentExample', problems.problemDocumentSchema, problems.problemDocumentExample],
  ['validationProblemExample', problems.validationProblemSchema, problems.validationProblemExample],
  [
    'validationProblemExample (any problem)',
    problems.problemDocumentSchema,
    problems.validationProblemExample,
  ],
  ['gatewayErrorExample', problems.gatewayErrorSchema, problems.gatewayErrorExample],
];

/** Names of the exports of the response modules that are examples. */
const exportedExamples = [
  customers,
  customerAudit,
  customerPrivacy,
  customerReviews,
  activity,
  activityBatches,
  activityConfig,
  calendars,
  complaints,
  problems,
].flatMap((module) => Object.keys(module).filter((name) => name.endsWith('Example')));

describe('response schema examples', () => {
  it('lists every exported example here, so none goes unchecked', () => {
    // Assess
    expect(new Set(EXAMPLES.map(([name]) => name.replace(/ \(.*\)$/, '')))).toEqual(
      new Set(exportedExamples),
    );
  });

  it.each(EXAMPLES)('%s parses with its schema', (_name, schema, example) => {
    // Act and assess
    expect(expectSchema(schema, example)).toEqual(example);
  });

  it.each(EXAMPLES)(
    '%s: every object in it refuses a key its schema does not declare',
    (_name, schema, example) => {
      // Prepare
      const paths = objectPaths(example);

      // Act
      const accepted = paths.filter(
        (path) => z.safeParse(schema, withExtraKey(example, path, 'undeclaredField')).success,
      );

      // Assess
      expect(paths.length).toBeGreaterThan(0);
      expect(accepted).toEqual([]);
    },
  );

  it('refuses a masked view that shows a C2 field in clear, and a full view of masked forms', () => {
    // Prepare
    const leaking = { ...customers.customerViewExample, idNumber: '110105194912310021' };
    const stillMasked = { ...customers.revealedCustomerViewExample, birthDate: '****-**-**' };

    // Act
    const leak = z.safeParse(customers.customerViewSchema, leaking);
    const masked = z.safeParse(customers.customerViewSchema, stillMasked);

    // Assess
    expect(leak.success).toBe(false);
    expect(leak.error?.issues.map((issue) => issue.path.join('.'))).toContain('idNumber');
    expect(masked.success).toBe(false);
  });

  it('tells an intact audit chain from a broken one by `valid`', () => {
    // Prepare
    const broken = { ...customerAudit.auditTrailExample, chain: { valid: false, length: 2, brokenAtSeq: 2 } };
    const brokenWithoutWhere = { ...customerAudit.auditTrailExample, chain: { valid: false, length: 2 } };

    // Act and assess
    expect(z.safeParse(customerAudit.auditTrailSchema, broken).success).toBe(true);
    expect(z.safeParse(customerAudit.auditTrailSchema, brokenWithoutWhere).success).toBe(false);
  });

  it('refuses a saved configuration version without who and when, and version 0 with them', () => {
    // Prepare
    const { updatedAt: _at, updatedBy: _by, ...anonymous } = activityConfig.segmentationConfigViewExample;
    const stampedDefaults = {
      ...activityConfig.defaultSegmentationConfigViewExample,
      updatedAt: '2026-03-02T01:00:00.000Z',
      updatedBy: 'user-admin-1',
    };

    // Act and assess
    expect(z.safeParse(activityConfig.segmentationConfigViewSchema, anonymous).success).toBe(false);
    expect(z.safeParse(activityConfig.segmentationConfigViewSchema, stampedDefaults).success).toBe(false);
  });

  it('answers a segmentation configuration that PUT takes back as it is', () => {
    // Act and assess: a client may GET, edit `config` and PUT the same document.
    for (const example of [
      activityConfig.defaultSegmentationConfigViewExample,
      activityConfig.segmentationConfigViewExample,
    ]) {
      expect(expectSchema(segmentationConfigDocumentSchema, example)).toEqual(example);
    }
  });

  it('turns every response schema into JSON Schema a client generator can read', () => {
    // Prepare
    const schemas = [...new Set(EXAMPLES.map(([, schema]) => schema))];

    // Act
    const documents = schemas.map((schema) =>
      toJSONSchema(schema, { io: 'output', unrepresentable: 'throw' }),
    );

    // Assess: strict objects all the way down, and no storage name (reviewDueAt) leaking out.
    expect(documents).toHaveLength(schemas.length);
    const text = JSON.stringify(documents);
    expect(text).toContain('"additionalProperties":false');
    expect(text).not.toContain('"additionalProperties":true');
    expect(JSON.stringify(toJSONSchema(customerReviews.reviewListPageSchema))).not.toContain('reviewDueAt');
  });
});
