import { pageOf } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import { CONTACT_CHANNELS, DELIVERY_FAILURES } from '../../customers/events.js';
import type { ContactDecision } from '../domain/model.js';
import { CONTACT_OUTCOMES, CONTACT_PURPOSES, CONTACT_RULES, DELIVERY_CHANNELS } from '../events.js';
import type { ContactRecord } from '../store/contact-store.js';
import { instant, nonEmpty } from './responses.js';

/**
 * Response schemas of the contact routes, exactly as the handlers serialise them (a field whose
 * value is undefined is absent); strict, so a field the code starts returning fails the contract
 * tests until it is declared. Ids, codes, instants and the template's non-personal parameters:
 * never a name, an address or free text. Examples are synthetic.
 */

const decisionFields = {
  outcome: z.enum(CONTACT_OUTCOMES),
  rule: z.enum(CONTACT_RULES),
  channel: z.optional(z.enum(DELIVERY_CHANNELS)),
  dueAt: z.optional(instant()),
};

/** The answer to a contact request: the contact and what the policy decided. */
export const contactDecisionSchema = z.lazy(() =>
  z.strictObject({ contactId: nonEmpty(), ...decisionFields }),
);

export const contactViewSchema = z.lazy(() =>
  z.strictObject({
    contactId: nonEmpty(),
    requestId: nonEmpty(),
    purpose: z.enum(CONTACT_PURPOSES),
    templateId: nonEmpty(),
    templateVersion: z.optional(z.number().check(z.int(), z.positive())),
    status: z.enum([...CONTACT_OUTCOMES, 'delivered', 'failed']),
    rule: z.enum(CONTACT_RULES),
    channel: z.optional(z.enum(DELIVERY_CHANNELS)),
    dueAt: z.optional(instant()),
    preferredChannel: z.optional(z.enum(DELIVERY_CHANNELS)),
    parameters: z.optional(z.record(z.string(), z.string())),
    earliestAt: z.optional(instant()),
    latestAt: instant(),
    customerRequested: z.optional(z.boolean()),
    regarding: z.optional(nonEmpty()),
    requestedBy: nonEmpty(),
    createdAt: instant(),
    /** Every decision taken on the contact, oldest first, each with the rule that decided. */
    decisions: z.array(z.strictObject({ at: instant(), ...decisionFields })),
    delivery: z.optional(
      z.strictObject({
        result: z.enum(['delivered', 'failed']),
        at: instant(),
        channel: z.enum(CONTACT_CHANNELS),
        provider: z.optional(nonEmpty()),
        reason: z.optional(z.enum(DELIVERY_FAILURES)),
        contactPointFailed: z.optional(z.boolean()),
      }),
    ),
  }),
);
export type ContactView = z.infer<typeof contactViewSchema>;

export const contactPageSchema = z.lazy(() => pageOf(contactViewSchema));

/** The answer to a request. */
export function contactDecisionView(
  contactId: string,
  decision: ContactDecision,
): z.input<typeof contactDecisionSchema> {
  return {
    contactId,
    outcome: decision.outcome,
    rule: decision.rule,
    channel: decision.outcome === 'sent' || decision.outcome === 'deferred' ? decision.channel : undefined,
    dueAt: decision.outcome === 'deferred' ? decision.dueAt : undefined,
  };
}

/** A contact as the history shows it (an undefined field is absent from the JSON). */
export function contactView(contact: ContactRecord): z.input<typeof contactViewSchema> {
  const { customerId: _customerId, revision: _revision, ...shown } = contact;
  return {
    ...shown,
    decisions: contact.decisions.map(({ at, outcome, rule, channel, dueAt }) => ({
      at,
      outcome,
      rule,
      channel,
      dueAt,
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Examples (synthetic)

const exampleContact = 'con_01JQ3V6Y8K2T9C4M5N7P8R0S1W';

export const contactDecisionExample = {
  contactId: exampleContact,
  outcome: 'deferred',
  rule: 'quiet-hours',
  channel: 'sms',
  dueAt: '2026-03-03T00:00:00.000Z',
} satisfies z.input<typeof contactDecisionSchema>;

export const contactPageExample = {
  items: [
    {
      contactId: exampleContact,
      requestId: 'survey-complaint-cmp_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
      purpose: 'survey',
      templateId: 'survey-complaint',
      templateVersion: 1,
      status: 'delivered',
      rule: 'allowed',
      channel: 'sms',
      parameters: { link: 'https://portal.example.test/v1/public/surveys/abc.def.ghi' },
      latestAt: '2026-03-05T13:30:00.000Z',
      regarding: 'cmp_01JQ3V6Y8K2T9C4M5N7P8R0S1W',
      requestedBy: 'crm.engagement',
      createdAt: '2026-03-02T13:30:00.000Z',
      decisions: [
        {
          at: '2026-03-02T13:30:00.000Z',
          outcome: 'deferred',
          rule: 'quiet-hours',
          channel: 'sms',
          dueAt: '2026-03-03T00:00:00.000Z',
        },
        { at: '2026-03-03T00:00:10.000Z', outcome: 'sent', rule: 'allowed', channel: 'sms' },
      ],
      delivery: { result: 'delivered', at: '2026-03-03T00:00:12.000Z', channel: 'sms', provider: 'sms' },
    },
  ],
  cursor: 'eyJwayI6IkNVU1RPTUVSI2N1c18wMSIsInNrIjoiQ09OVEFDVCNjb25fMDEifQ',
} satisfies z.input<typeof contactPageSchema>;
