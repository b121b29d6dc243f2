import { SES_EMAIL_EVENTS, SES_SOURCE } from '../../../shared/capability/email-events.js';
import { idField, instantField } from '../../../shared/events/fields.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { invalidEvent, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import * as z from '../../../shared/zod.js';
import { issueSummaries } from '../../../shared/zod-issues.js';
import type { DeliveryReport, ReportedStatus } from '../domain/delivery-report.js';

/**
 * The message tags SendEmail puts on every e-mail (`EmailTags`), which SES hands back in
 * `mail.tags` of each event: the contact and its customer. SES also adds
 * `ses:configuration-set`, which the rule matches on (shared/capability/email-events.ts).
 */
export const SES_TAGS = { contactId: 'crm-contact-id', customerId: 'crm-customer-id' } as const;

/**
 * A tag as SES publishes it: a list holding its value. Our ids (`con_…`, `cus_…` and a ULID)
 * fit SES's tag alphabet (letters, digits, `_`, `-`).
 */
const tag = z.tuple([idField]);

/**
 * The only parts of the detail read: the tags, the bounce type and the event's time. The
 * detail also holds the recipient's address (`mail.destination`, `bounce.bouncedRecipients`,
 * `complaint.complainedRecipients`) and the message headers: never read, so never logged,
 * evented or dead-lettered (the dead letter keeps the envelope only, shared/messaging).
 */
const sesDetailSchema = z.object({
  mail: z.object({
    tags: z.object({ [SES_TAGS.contactId]: tag, [SES_TAGS.customerId]: tag }),
  }),
  bounce: z.optional(z.object({ bounceType: z.string(), timestamp: z.optional(instantField) })),
  complaint: z.optional(z.object({ timestamp: z.optional(instantField) })),
  delivery: z.optional(z.object({ timestamp: z.optional(instantField) })),
});

/** Whether an event is one of the SES e-mail events the delivery function takes. */
export function isSesReportEvent(event: Pick<ConsumedEvent, 'source' | 'detailType'>): boolean {
  return event.source === SES_SOURCE && Object.hasOwn(SES_EMAIL_EVENTS, event.detailType);
}

/**
 * The delivery report of an SES event (docs/domain-rules.md §18.5): the contact and customer
 * from the tags SendEmail set, the status from the detail-type (a `Permanent` bounce is
 * `bounced`; a `Transient` or `Undetermined` one, which SES reports only once it gave up, is
 * `failed`: the address may work another day), the time from the event's own timestamp or the
 * envelope's. An event without our tags (an e-mail this CRM did not send) is `CONTACT_UNKNOWN`.
 */
export function sesDeliveryReport(event: ConsumedEvent): DeliveryReport {
  const reported =
    event.source === SES_SOURCE
      ? Object.entries(SES_EMAIL_EVENTS).find(([type]) => type === event.detailType)?.[1]
      : undefined;
  if (reported === undefined) {
    throw new UnprocessableEventError('EVENT_UNSUPPORTED', `expected ${SES_SOURCE} e-mail delivery events`);
  }
  const parsed = sesDetailSchema.safeParse(event.detail);
  if (!parsed.success) {
    const summaries = issueSummaries(parsed.error.issues);
    if (summaries.some((issue) => issue.path.startsWith('mail.tags'))) {
      throw new UnprocessableEventError(
        'CONTACT_UNKNOWN',
        'mail.tags names no contact of this CRM (an e-mail it did not send)',
        ['mail.tags'],
      );
    }
    throw invalidEvent(summaries);
  }
  const { mail, bounce, complaint, delivery } = parsed.data;
  const status: ReportedStatus =
    reported === 'bounced' && bounce?.bounceType !== 'Permanent' ? 'failed' : reported;
  const at = bounce?.timestamp ?? complaint?.timestamp ?? delivery?.timestamp ?? event.time;
  return {
    contactId: mail.tags[SES_TAGS.contactId][0],
    customerId: mail.tags[SES_TAGS.customerId][0],
    channel: 'email',
    status,
    provider: 'ses',
    at,
  };
}
