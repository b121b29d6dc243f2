import * as z from '../../../shared/zod.js';
import { CONSENT_PURPOSES, CONTACT_CHANNELS } from '../events.js';
import { customerId, instant, nonEmpty } from './responses.js';

/**
 * Response schemas of the customers API's privacy routes (consent, contact preferences,
 * erasure), with examples; built as responses.ts builds them (strict, lazy, synthetic examples).
 */

// ---------------------------------------------------------------------------------------------
// Consent: PUT /v1/customers/{customerId}/consents/{purpose}

/**
 * `PUT /v1/customers/{customerId}/consents/{purpose}` (200, the record's new version as ETag,
 * to send as If-Match on the next change of the customer): the consent now on record for the
 * purpose. A grant without `channels` covers every channel; a withdrawal has none.
 */
export const consentResultSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      purpose: z.enum(CONSENT_PURPOSES),
      granted: z.boolean(),
      channels: z.array(z.enum(CONTACT_CHANNELS)),
      at: instant(),
    })
    .check(z.describe('The consent now on record for one purpose')),
);

/** Example: marketing consent granted for SMS and app push. */
export const consentResultExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  purpose: 'marketing',
  granted: true,
  channels: ['sms', 'app-push'],
  at: '2026-03-02T02:05:00.000Z',
} satisfies z.input<typeof consentResultSchema>;

// ---------------------------------------------------------------------------------------------
// Contact preferences: PUT /v1/customers/{customerId}/contact-preferences

/**
 * `PUT /v1/customers/{customerId}/contact-preferences` (200, the record's new version as ETag):
 * the preferences now on record. A field absent was cleared: no preferred channel, or quiet
 * hours in Asia/Shanghai.
 */
export const contactPreferencesResultSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      preferredChannel: z.optional(z.enum(CONTACT_CHANNELS)),
      timeZone: z.optional(nonEmpty()),
      at: instant(),
    })
    .check(z.describe('The contact preferences now on record')),
);

/** Example: e-mail preferred, quiet hours in Shanghai time. */
export const contactPreferencesResultExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  preferredChannel: 'email',
  timeZone: 'Asia/Shanghai',
  at: '2026-03-02T02:05:00.000Z',
} satisfies z.input<typeof contactPreferencesResultSchema>;

// ---------------------------------------------------------------------------------------------
// Erasure: POST /v1/customers/{customerId}/erasure-requests

/**
 * `POST /v1/customers/{customerId}/erasure-requests`: 202 when this call made the request, 200
 * (same body) when one was already on record. Processing is restricted at once; the data is
 * shredded at `shredDueAt`, the end of AML retention, which is only known once the relationship
 * has ended (absent while it is open).
 */
export const erasureStatusSchema = z.lazy(() =>
  z
    .strictObject({
      customerId: customerId(),
      restricted: z.literal(true),
      erasureRequestedAt: instant(),
      shredDueAt: z.optional(instant()),
    })
    .check(z.describe('An erasure request on record: restricted now, shredded when retention ends')),
);

/** Example: a request for a customer whose relationship is still open (no shredding date yet). */
export const erasureStatusExample = {
  customerId: 'cus_01KJP4C580F6T0QN8DTSSA53J3',
  restricted: true,
  erasureRequestedAt: '2026-03-02T02:10:00.000Z',
} satisfies z.input<typeof erasureStatusSchema>;

/** Example: a request for a closed relationship: shredded when the 10 years of retention end. */
export const scheduledErasureStatusExample = {
  ...erasureStatusExample,
  shredDueAt: '2036-04-01T02:00:00.000Z',
} satisfies z.input<typeof erasureStatusSchema>;
