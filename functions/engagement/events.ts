import { defineEvent } from '../../shared/events/define.js';
import { idField, instantField } from '../../shared/events/fields.js';
import * as z from '../../shared/zod.js';

/**
 * Events of the engagement capability, and the shape of a contact request other capabilities
 * publish (docs/domain-rules.md §18). Ids, codes, scores and instants only: no address, name or
 * free text ever travels on the bus. A dispatched contact carries the template's text with its
 * non-personal parameters filled in; the customers capability fills the name and address at
 * delivery.
 */
export const ENGAGEMENT_SOURCE = 'crm.engagement';

/** Why a capability contacts a customer; each purpose has its own rules (§18.2). */
export const CONTACT_PURPOSES = ['service', 'care', 'marketing', 'survey', 'complaint-update'] as const;
/**
 * The channels engagement delivers on (the consent channels of the customers capability). `phone`
 * is a person calling: it is never sent automatically, only recorded by a return visit.
 */
export const DELIVERY_CHANNELS = ['sms', 'email', 'app-push'] as const;
/** How a contact decision ended, and what a dispatched one became. */
export const CONTACT_OUTCOMES = ['sent', 'deferred', 'refused', 'dropped'] as const;
/** The rule that decided a contact (§18.2); `allowed` when every rule let it through. */
export const CONTACT_RULES = [
  'allowed',
  'no-consent',
  'consent-withdrawn',
  'restricted',
  'quiet-hours',
  'marketing-cap',
  'no-channel',
  'latest-passed',
  'customer-erased',
  'unknown-customer',
  'unknown-template',
] as const;
export const SURVEY_TRIGGERS = [
  'complaint-closed',
  'relationship-quarterly',
  'relationship-yearly',
  'retention',
] as const;
export const SURVEY_DIMENSIONS = ['attitude', 'efficiency', 'process', 'product'] as const;
export const TASK_KINDS = ['complaint-return-visit', 'periodic-visit', 'survey-follow-up'] as const;

/** A template parameter's value: short, single-line, and nothing that looks like a personal identifier. */
const parameterValue = z.string().check(z.maxLength(200), z.regex(/^[^\r\n]*$/, 'Expected one line'));
const parameterName = z.string().check(z.regex(/^[a-z][A-Za-z0-9]{0,31}$/, 'Expected a parameter name'));
/** A language tag as templates carry it (`zh-CN`, `en`, `zh-Hant-HK`): one spelling, kept as written. */
export const localeField = z
  .string()
  .check(z.regex(/^[a-z]{2,3}(-[A-Z][a-z]{3})?(-[A-Z]{2})?$/, 'Expected a language tag such as zh-CN'));
const score = (max: number) => z.number().check(z.int(), z.gte(0), z.lte(max));

/**
 * What a capability asks for when it wants to contact a customer. Another capability publishes
 * it as its own event (`<Thing>ContactRequested`, from its outbox) and engagement subscribes;
 * engagement's own surveys call the same service in process. `requestId` makes a redelivery
 * decide nothing twice; `parameters` are the template's named values (never a name or address:
 * those are filled at delivery, and engagement refuses a value that looks like a personal
 * identifier).
 */
export const contactRequestFields = {
  requestId: idField,
  customerId: idField,
  purpose: z.enum(CONTACT_PURPOSES),
  preferredChannel: z.optional(z.enum(DELIVERY_CHANNELS)),
  templateId: idField,
  parameters: z.optional(z.record(parameterName, parameterValue)),
  earliestAt: z.optional(instantField),
  latestAt: instantField,
  /** A complaint update the customer asked for: exempt from quiet hours. */
  customerRequested: z.optional(z.boolean()),
  /** The case the contact is about (a complaint, a recommendation, a retention case), for the contact history. */
  regarding: z.optional(idField),
};

/**
 * A contact was decided: sent (dispatched to delivery), deferred to `dueAt`, refused or dropped,
 * with the rule that decided. One event per decision; a deferred contact decides again later.
 */
export const ContactDecided = defineEvent(
  ENGAGEMENT_SOURCE,
  'ContactDecided',
  {
    contactId: idField,
    requestId: idField,
    customerId: idField,
    purpose: z.enum(CONTACT_PURPOSES),
    outcome: z.enum(CONTACT_OUTCOMES),
    rule: z.enum(CONTACT_RULES),
    channel: z.optional(z.enum(DELIVERY_CHANNELS)),
    dueAt: z.optional(instantField),
    at: instantField,
  },
  'A contact was decided by the contact policy: sent (handed to delivery), deferred to `dueAt`, refused or dropped, with the rule that decided.',
);

/**
 * A contact handed to delivery. The customers capability (which alone can open an address)
 * resolves the address and the name, checks its own consent once more, fills `{name}` and sends.
 * `text` is the template with its non-personal parameters filled in.
 */
export const ContactDispatched = defineEvent(
  ENGAGEMENT_SOURCE,
  'ContactDispatched',
  {
    contactId: idField,
    customerId: idField,
    purpose: z.enum(CONTACT_PURPOSES),
    channel: z.enum(DELIVERY_CHANNELS),
    templateId: idField,
    templateVersion: z.number().check(z.int(), z.positive()),
    locale: localeField,
    subject: z.optional(z.string().check(z.maxLength(200))),
    text: z.string().check(z.minLength(1), z.maxLength(2000)),
    at: instantField,
  },
  'A contact handed to delivery: the customers capability resolves the address and the name (`{name}` in the text), checks the consent once more and sends. No personal data: the text is the template with its non-personal parameters.',
);

/** A survey was sent (its link went out through the contact path). */
export const SurveySent = defineEvent(
  ENGAGEMENT_SOURCE,
  'SurveySent',
  {
    surveyId: idField,
    customerId: idField,
    branch: idField,
    trigger: z.enum(SURVEY_TRIGGERS),
    complaintId: z.optional(idField),
    contactId: idField,
    expiresAt: instantField,
    at: instantField,
  },
  'A satisfaction survey was sent through the contact path, with a signed single-use link that expires at `expiresAt`.',
);

/** A survey was answered: the scores, never the free text. */
export const SurveyAnswered = defineEvent(
  ENGAGEMENT_SOURCE,
  'SurveyAnswered',
  {
    surveyId: idField,
    customerId: idField,
    branch: idField,
    trigger: z.enum(SURVEY_TRIGGERS),
    complaintId: z.optional(idField),
    csat: score(5),
    nps: z.optional(score(10)),
    dimensions: z.optional(z.partialRecord(z.enum(SURVEY_DIMENSIONS), score(5))),
    unresolved: z.boolean(),
    hasText: z.boolean(),
    at: instantField,
  },
  'A satisfaction survey was answered: CSAT 1–5, NPS 0–10, the dimension scores and whether the customer says the matter is unresolved. Never the free text.',
);

/** A task for a person: a return visit, a periodic RM visit or a survey follow-up. */
export const EngagementTaskOpened = defineEvent(
  ENGAGEMENT_SOURCE,
  'EngagementTaskOpened',
  {
    taskId: idField,
    kind: z.enum(TASK_KINDS),
    customerId: idField,
    branch: idField,
    assignee: z.optional(idField),
    queue: z.optional(idField),
    complaintId: z.optional(idField),
    surveyId: z.optional(idField),
    dueAt: instantField,
    at: instantField,
  },
  'A task for a person was opened: a return visit after a closed complaint (for the handling unit), a periodic RM visit, or a follow-up of a poor survey answer (for the branch supervisor).',
);

/** A task passed its due time and was escalated (to the branch supervisor). */
export const EngagementTaskEscalated = defineEvent(
  ENGAGEMENT_SOURCE,
  'EngagementTaskEscalated',
  {
    taskId: idField,
    kind: z.enum(TASK_KINDS),
    customerId: idField,
    branch: idField,
    dueAt: instantField,
    at: instantField,
  },
  'An engagement task passed its due time without being done: escalated to the branch supervisor.',
);

/** A task was completed: the customer reached, or the configured number of failed attempts made. */
export const EngagementTaskCompleted = defineEvent(
  ENGAGEMENT_SOURCE,
  'EngagementTaskCompleted',
  {
    taskId: idField,
    kind: z.enum(TASK_KINDS),
    customerId: idField,
    branch: idField,
    complaintId: z.optional(idField),
    reached: z.boolean(),
    resolved: z.optional(z.boolean()),
    csat: z.optional(score(5)),
    attempts: z.number().check(z.int(), z.positive()),
    followUpNeeded: z.boolean(),
    at: instantField,
  },
  'An engagement task was completed: the customer was reached, or the configured number of failed attempts was made. Scores and flags, never the notes.',
);

/** Every event the engagement capability publishes. */
export const engagementEvents = [
  ContactDecided,
  ContactDispatched,
  SurveySent,
  SurveyAnswered,
  EngagementTaskOpened,
  EngagementTaskEscalated,
  EngagementTaskCompleted,
] as const;
