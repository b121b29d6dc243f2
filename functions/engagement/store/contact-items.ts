import { readItem } from '../../../shared/dynamodb/items.js';
import * as z from '../../../shared/zod.js';
import {
  CONSENT_PURPOSES,
  CONTACT_CHANNELS,
  DELIVERY_FAILURES,
  RESTRICTION_REASONS,
} from '../../customers/events.js';
import type { FactsRecord } from '../domain/facts-mirror.js';
import { CONTACT_OUTCOMES, CONTACT_PURPOSES, CONTACT_RULES, DELIVERY_CHANNELS } from '../events.js';
import type { ContactRecord, DueContactRef, MarketingLedger } from './contact-store.js';
import {
  CUSTOMER_FACTS_ENTITY,
  contactKey,
  DUE_KINDS,
  factsKey,
  factsListKey,
  marketingCapKey,
  requestKey,
} from './keys.js';

/**
 * The items of the contact path and the facts mirror, both ways: what the stores write, and the
 * zod schemas every item is read back through (`readItem`, never a cast). Loose objects: the
 * keys and index attributes are storage, not part of the record.
 */

const text = z.string();
const optionalText = z.optional(z.string());
const count = z.number().check(z.int(), z.nonnegative());
const channel = z.enum(DELIVERY_CHANNELS);

const decisionSchema = z.object({
  at: text,
  outcome: z.enum(CONTACT_OUTCOMES),
  rule: z.enum(CONTACT_RULES),
  channel: z.optional(channel),
  dueAt: optionalText,
});

const contactSchema = z.object({
  contactId: text,
  customerId: text,
  requestId: text,
  purpose: z.enum(CONTACT_PURPOSES),
  templateId: text,
  templateVersion: z.optional(count),
  preferredChannel: z.optional(channel),
  parameters: z.optional(z.record(z.string(), z.string())),
  earliestAt: optionalText,
  latestAt: text,
  customerRequested: z.optional(z.boolean()),
  regarding: optionalText,
  requestedBy: text,
  createdAt: text,
  status: z.enum([...CONTACT_OUTCOMES, 'delivered', 'failed']),
  rule: z.enum(CONTACT_RULES),
  channel: z.optional(channel),
  dueAt: optionalText,
  decisions: z.array(decisionSchema),
  delivery: z.optional(
    z.object({
      result: z.enum(['delivered', 'failed']),
      at: text,
      channel: z.enum(CONTACT_CHANNELS),
      provider: optionalText,
      reason: z.optional(z.enum(DELIVERY_FAILURES)),
      contactPointFailed: z.optional(z.boolean()),
    }),
  ),
  revision: count,
});

const requestSchema = z.object({ customerId: text, contactId: text });
const ledgerSchema = z.object({ sends: z.array(text), version: count });

const consentSchema = z.object({
  granted: z.boolean(),
  channels: z.array(z.enum(CONTACT_CHANNELS)),
  at: text,
});
const factsSchema = z.object({
  customerId: text,
  branch: optionalText,
  rmId: optionalText,
  relationship: z.enum(['active', 'closed']),
  profileVersion: count,
  preferencesVersion: count,
  consents: z.partialRecord(z.enum(CONSENT_PURPOSES), consentSchema),
  restrictions: z.partialRecord(z.enum(RESTRICTION_REASONS), z.object({ active: z.boolean(), at: text })),
  preferredChannel: z.optional(z.enum(CONTACT_CHANNELS)),
  timeZone: optionalText,
  compositeGrade: optionalText,
  gradeAt: optionalText,
  channelResults: z.partialRecord(z.enum(CONTACT_CHANNELS), z.object({ failed: z.boolean(), at: text })),
  erased: z.boolean(),
  erasedAt: optionalText,
  revision: count,
});

/** Attributes whose value is undefined are left out (DynamoDB stores no undefined). */
function defined(record: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** The contact item: a deferred one is on byDue (dueKey CONTACT) until it is decided again. */
export function contactItem(contact: ContactRecord): Record<string, unknown> {
  return {
    ...contactKey(contact.customerId, contact.contactId),
    ...defined({
      ...contact,
      decisions: contact.decisions.map(defined),
      delivery: contact.delivery === undefined ? undefined : defined(contact.delivery),
    }),
    ...(contact.status === 'deferred' && contact.dueAt !== undefined
      ? { dueKey: DUE_KINDS.contact, dueAt: contact.dueAt }
      : {}),
  };
}

export const contactFromItem = (item: unknown): ContactRecord => readItem(contactSchema, item, 'contact');

/** The dedupe item of a request: which contact it was decided as. */
export function requestItem(requestId: string, ref: DueContactRef): Record<string, unknown> {
  return { ...requestKey(requestId), requestId, ...ref };
}

export const requestFromItem = (item: unknown): DueContactRef =>
  readItem(requestSchema, item, 'contact request');

export function ledgerItem(customerId: string, ledger: MarketingLedger): Record<string, unknown> {
  return { ...marketingCapKey(customerId), customerId, sends: [...ledger.sends], version: ledger.version };
}

export const ledgerFromItem = (item: unknown): MarketingLedger =>
  readItem(ledgerSchema, item, 'marketing-cap ledger');

/** The facts item: on byEntity (CUSTOMER_FACTS, `<branch>#<customerId>`) once the branch is known. */
export function factsItem(facts: FactsRecord): Record<string, unknown> {
  return {
    ...factsKey(facts.customerId),
    entityType: CUSTOMER_FACTS_ENTITY,
    ...(facts.branch === undefined ? {} : { listKey: factsListKey(facts.branch, facts.customerId) }),
    ...defined(facts),
  };
}

export const factsFromItem = (item: unknown): FactsRecord => readItem(factsSchema, item, 'customer facts');
