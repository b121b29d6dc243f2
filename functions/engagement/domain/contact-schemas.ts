import { idParams, pageQueryFields } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import { contactRequestFields } from '../events.js';

/**
 * Request schemas of the contact routes (docs/domain-rules.md §18.1). A staff member's contact
 * request has the fields every capability's request has, but the customer comes from the path
 * and the request id from the Idempotency-Key (or a new one).
 */
export const customerContactsParams = idParams('customerId');

export const listContactsQuerySchema = z.lazy(() =>
  z.strictObject({
    ...pageQueryFields(),
  }),
);
export type ListContactsQuery = z.infer<typeof listContactsQuerySchema>;

const { requestId: _requestId, customerId: _customerId, ...staffRequestFields } = contactRequestFields;

export const requestContactSchema = z.lazy(() => z.strictObject(staffRequestFields));
export type RequestContactBody = z.infer<typeof requestContactSchema>;
