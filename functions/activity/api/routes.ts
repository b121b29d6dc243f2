import { defineRoute } from '../../../shared/http/contract.js';
import { idParams } from '../../../shared/http/params.js';
import {
  segmentationConfigDocumentSchema,
  summaryQuerySchema,
  transactionBatchDocumentation,
  transactionBatchSchema,
} from '../domain/schemas.js';
import { transactionBatchResultExample, transactionBatchResultSchema } from './batch-responses.js';
import { segmentationConfigViewExample, segmentationConfigViewSchema } from './config-responses.js';
import {
  activityProfileExample,
  activityProfileSchema,
  segmentSummaryExample,
  segmentSummarySchema,
} from './responses.js';

/** The path of the segmentation configuration resource. */
export const SEGMENTATION_CONFIG_PATH = '/v1/config/segmentation';

/**
 * The activity API: every operation's contract (route, policy action, request and response
 * schemas, problems). `api/route-handlers.ts` implements them.
 */
export const activityRoutes = {
  customerProfile: defineRoute({
    method: 'GET',
    path: '/v1/customers/{customerId}/profile',
    summary: 'Read a customer’s activity profile',
    description:
      'The 12 monthly buckets, the last successful transaction, AUM now and 3 and 6 months ago, products held, the segments with the explanation of the composite score, and the last 100 segment changes. Visible as the customer record is: a customer outside the caller’s scope is a 404, like one that does not exist.',
    action: 'customer-profile:read',
    params: idParams('customerId'),
    responses: {
      200: { description: 'The profile', schema: activityProfileSchema, example: activityProfileExample },
    },
    problems: [404],
  }),
  segmentSummary: defineRoute({
    method: 'GET',
    path: '/v1/segments/summary',
    summary: 'Count customers per segment',
    description:
      'Counts per branch, dimension and value: no customer ids, no personal information. A supervisor sees their own branch only.',
    action: 'segments:summary',
    query: summaryQuerySchema,
    responses: {
      200: { description: 'The counts', schema: segmentSummarySchema, example: segmentSummaryExample },
    },
  }),
  ingestTransactions: defineRoute({
    method: 'POST',
    path: '/v1/transactions/batch',
    summary: 'Post up to 500 transactions from a core system',
    description:
      'For core systems without EventBridge (admins, or machine clients with the `crm/ingest` scope). Each transaction is validated and applied on its own: one result per item, `accepted` (with `pending: customer-unknown` when the customer is not registered yet), `duplicate` (a replay, whatever happened to it first, parked included) or `rejected` with the field at fault (the value is never echoed), a `postedAt` more than the allowed clock skew (5 minutes by default) in the future included; `rejected` with `TRANSIENT_FAILURE` when the item met a passing failure and nothing of it was counted (send it again). An amount above the cap of its currency (`TRANSACTION_AMOUNT_CAPS`) refuses the whole batch with 422 before anything is written. Each customer of the batch is regraded once.',
    action: 'transactions:ingest',
    body: transactionBatchSchema,
    // A batch of 500 transactions is about 150 KB; 1 MiB leaves room and stays far below
    // API Gateway's 10 MB.
    maxBodyBytes: 1024 * 1024,
    documentedBody: transactionBatchDocumentation,
    responses: {
      200: {
        description: 'The counts and one result per item, in the order sent',
        schema: transactionBatchResultSchema,
        example: transactionBatchResultExample,
      },
    },
  }),
  getSegmentationConfig: defineRoute({
    method: 'GET',
    path: SEGMENTATION_CONFIG_PATH,
    summary: 'Read the segmentation configuration',
    description:
      'The thresholds and weights in force (`config`), and the version that names them (0: the defaults, never saved), also the ETag. The body is the document PUT takes back: edit `config` and send it with the ETag in If-Match.',
    action: 'segmentation-config:read',
    responses: {
      200: {
        description: 'The configuration in force',
        schema: segmentationConfigViewSchema,
        example: segmentationConfigViewExample,
        headers: ['etag'],
      },
    },
  }),
  putSegmentationConfig: defineRoute({
    method: 'PUT',
    path: SEGMENTATION_CONFIG_PATH,
    summary: 'Replace the segmentation configuration',
    description:
      'The document GET answers, with `config` edited, based on the version named by If-Match. Only `config` is written: `version`, when sent, must be the current version too (412 otherwise); `updatedAt` and `updatedBy` are accepted as read and ignored. Validated (every threshold and weight, and how they relate), saved as a new immutable version with an audit record in one transaction; gradings pick it up within a minute.',
    action: 'segmentation-config:write',
    body: segmentationConfigDocumentSchema,
    headers: { 'if-match': 'required' },
    responses: {
      200: {
        description: 'The configuration now in force',
        schema: segmentationConfigViewSchema,
        example: segmentationConfigViewExample,
        headers: ['etag'],
      },
    },
  }),
};
