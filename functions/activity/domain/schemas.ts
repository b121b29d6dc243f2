import { TransactionPosted } from '../../../shared/events/external.js';
import { idField } from '../../../shared/events/fields.js';
import * as z from '../../../shared/zod.js';
import { segmentationConfigSchema } from './segmentation/config.js';

export { type SegmentationConfig, segmentationConfigSchema } from './segmentation/config.js';

/**
 * Request schemas of the activity API. Strict objects: an unknown field is refused. Built
 * lazily (`z.lazy`), on first use rather than at every cold start.
 */

/** At most this many transactions per batch call. */
export const MAX_BATCH = 500;

/**
 * The batch body: the structure is checked here (an array of 1–500 objects); each item is
 * validated on its own against TransactionPosted, so one bad item is `rejected` with its
 * reason and never fails the others.
 */
export const transactionBatchSchema = z.lazy(() =>
  z.strictObject({
    transactions: z.array(z.record(z.string(), z.unknown())).check(z.minLength(1), z.maxLength(MAX_BATCH)),
  }),
);
export type TransactionBatch = z.output<typeof transactionBatchSchema>;

/**
 * What a well-formed batch looks like, for the documentation: each item is a TransactionPosted
 * detail without the envelope (the API makes `eventId` and `occurredAt`). Validation is looser
 * on purpose (see transactionBatchSchema): an item that breaks this is rejected on its own.
 */
export const transactionBatchDocumentation = z.lazy(() =>
  z.strictObject({
    transactions: z
      .array(z.omit(TransactionPosted.schema, { eventId: true, occurredAt: true }))
      .check(z.minLength(1), z.maxLength(MAX_BATCH)),
  }),
);

/** `GET /v1/segments/summary?branch=…`: branch codes have the shape events give them. */
export const summaryQuerySchema = z.lazy(() => z.strictObject({ branch: z.optional(idField) }));
export type SummaryQuery = z.output<typeof summaryQuerySchema>;

/**
 * `PUT /v1/config/segmentation`: the document `GET` answers, so a client reads it, edits
 * `config` and sends it back as it is. Only `config` is written. The read-only parts are
 * accepted as read: `version` is a second precondition beside If-Match (the edit must be based
 * on the current version, else 412), `updatedAt` and `updatedBy` are ignored (the server stamps
 * them). A body of `config` alone is the same request.
 */
export const segmentationConfigDocumentSchema = z.lazy(() =>
  z.strictObject({
    version: z.optional(z.number().check(z.int(), z.gte(0))),
    config: segmentationConfigSchema,
    updatedAt: z.optional(z.iso.datetime()),
    updatedBy: z.optional(z.string().check(z.minLength(1), z.maxLength(256))),
  }),
);
export type SegmentationConfigDocument = z.output<typeof segmentationConfigDocumentSchema>;
