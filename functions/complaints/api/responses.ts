import { idField } from '../../../shared/events/fields.js';
import { pageOf } from '../../../shared/http/params.js';
import * as z from '../../../shared/zod.js';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CHANNELS,
  COMPLAINT_PRIORITIES,
  COMPLAINT_STATUSES,
  DEADLINE_KINDS,
  DECISION_OUTCOMES,
  ESCALATION_LEVELS,
  PRIORITY_FACTORS,
  REMEDY_TYPES,
} from '../domain/model.js';

/**
 * Response schemas of the complaints API: each route's success body exactly as the handlers
 * serialise it (a field whose value is undefined is absent). Every object is strict, so a field
 * the code starts returning fails the contract tests until it is declared here. Examples are
 * synthetic: placeholder ids and invented text, never a real person's.
 */

const instant = () => z.iso.datetime();
const count = () => z.number().check(z.int(), z.nonnegative());
const version = () => z.number().check(z.int(), z.positive());
const nonEmpty = () => z.string().check(z.minLength(1));
const code = () => z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/, 'must be a lower-case code'));

const money = () =>
  z.strictObject({
    amountMinor: z.number().check(z.int(), z.positive()),
    currency: z.string().check(z.regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')),
  });

/** Where a deadline stands now (the SLA module's state): met, breached, paused, ended or pending. */
const slaSchema = () => {
  const at = { kind: z.enum(DEADLINE_KINDS), due: instant() };
  return z.union([
    z.strictObject({ ...at, state: z.literal('met'), metAt: instant() }),
    z.strictObject({ ...at, state: z.literal('breached'), metAt: z.optional(instant()) }),
    z.strictObject({ ...at, state: z.literal('paused') }),
    z.strictObject({ ...at, state: z.literal('ended') }),
    z.strictObject({
      ...at,
      state: z.literal('pending'),
      timeLeft: z.strictObject({ unit: z.enum(['hours', 'working-days']), value: z.number() }),
      dueWithinOneWorkingDay: z.boolean(),
    }),
  ]);
};

const deadlineSchema = () =>
  z.strictObject({
    kind: z.enum(DEADLINE_KINDS),
    due: instant(),
    rule: code(),
    explanation: nonEmpty(),
    /** What the rule counted from: the instants and numbers it used, each named. */
    inputs: z.strictObject({
      receivedAt: z.optional(instant()),
      decidedAt: z.optional(instant()),
      reviewRequestedAt: z.optional(instant()),
      hours: z.optional(z.number()),
      workingDays: z.optional(z.number()),
      days: z.optional(z.number()),
      pausedSeconds: z.optional(z.number()),
      /** Where the deadline fell before it was moved off a rest day. */
      rolledFrom: z.optional(instant()),
      /** The decision deadline was held at the absolute maximum. */
      capped: z.optional(z.literal(true)),
    }),
    provisional: z.boolean(),
    missingYears: z.array(z.number().check(z.int())),
    sla: slaSchema(),
  });

const pauseSchema = () => z.strictObject({ from: instant(), to: z.optional(instant()), reason: code() });

const breachSchema = () =>
  z.strictObject({
    kind: z.enum(DEADLINE_KINDS),
    due: instant(),
    recordedAt: instant(),
    escalatedTo: z.enum(ESCALATION_LEVELS),
  });

const extensionSchema = () =>
  z.strictObject({
    extensionId: idField,
    level: z.union([z.literal(1), z.literal(2)]),
    reason: code(),
    requestedBy: idField,
    requestedAt: instant(),
    state: z.enum(['requested', 'approved', 'refused']),
    decidedBy: z.optional(idField),
    decidedAt: z.optional(instant()),
    customerToldAt: z.optional(instant()),
  });

const decisionSchema = () =>
  z.strictObject({
    outcome: z.enum(DECISION_OUTCOMES),
    remedies: z.array(z.strictObject({ type: z.enum(REMEDY_TYPES), amount: z.optional(money()) })),
    decidedBy: idField,
    decidedAt: instant(),
    compensationApprovedBy: z.optional(idField),
  });

const reviewSchema = () =>
  z.strictObject({
    requestedAt: instant(),
    decidedAt: z.optional(instant()),
    decidedBy: z.optional(idField),
    outcome: z.optional(z.enum(DECISION_OUTCOMES)),
    changed: z.optional(z.boolean()),
  });

const closureSchema = () =>
  z.strictObject({
    rootCause: code(),
    remediationActions: z.array(
      z.strictObject({ action: code(), owner: idField, dueDate: z.iso.date(), done: z.boolean() }),
    ),
    closedBy: idField,
    closedAt: instant(),
  });

const timelineEntrySchema = () =>
  z.strictObject({ at: instant(), actor: nonEmpty(), role: nonEmpty(), action: nonEmpty() });

/** The free text: only for the roles that handle complaints, after the read was audited. */
const textSchema = () =>
  z.strictObject({
    description: nonEmpty(),
    customerRequest: nonEmpty(),
    representatives: z.array(nonEmpty()),
    notes: z.array(z.strictObject({ noteId: idField, at: instant(), author: idField, text: nonEmpty() })),
  });

export const complaintViewSchema = z.lazy(() =>
  z.strictObject({
    complaintId: idField,
    /** The complaint's version, also its ETag: send it back as If-Match on every action. */
    version: version(),
    customerId: idField,
    branch: idField,
    rmId: idField,
    queue: idField,
    channel: z.enum(COMPLAINT_CHANNELS),
    category: z.enum(COMPLAINT_CATEGORIES),
    priority: z.enum(COMPLAINT_PRIORITIES),
    /** Why the priority is what it is: every factor that raised it. */
    priorityFactors: z.array(z.enum(PRIORITY_FACTORS)),
    status: z.enum(COMPLAINT_STATUSES),
    receivedAt: instant(),
    createdAt: instant(),
    createdBy: idField,
    assignee: z.optional(idField),
    amountAtStake: z.optional(money()),
    productIds: z.array(idField),
    regulatorRef: z.optional(idField),
    vulnerableCustomer: z.boolean(),
    newFacts: z.boolean(),
    representativeCount: count(),
    repeatOf: z.optional(idField),
    repeats: z.array(idField),
    /** Every deadline with the rule and inputs that produced it and where it stands now. */
    deadlines: z.array(deadlineSchema()),
    nextDueAt: z.optional(instant()),
    pauses: z.array(pauseSchema()),
    breaches: z.array(breachSchema()),
    extensions: z.array(extensionSchema()),
    decision: z.optional(decisionSchema()),
    review: z.optional(reviewSchema()),
    closure: z.optional(closureSchema()),
    textErased: z.boolean(),
    timeline: z.optional(z.array(timelineEntrySchema())),
    text: z.optional(textSchema()),
  }),
);

export const complaintSummarySchema = z.lazy(() =>
  z.strictObject({
    complaintId: idField,
    version: version(),
    customerId: idField,
    branch: idField,
    queue: idField,
    channel: z.enum(COMPLAINT_CHANNELS),
    category: z.enum(COMPLAINT_CATEGORIES),
    priority: z.enum(COMPLAINT_PRIORITIES),
    priorityFactors: z.array(z.enum(PRIORITY_FACTORS)),
    status: z.enum(COMPLAINT_STATUSES),
    receivedAt: instant(),
    assignee: z.optional(idField),
    nextDueAt: z.optional(instant()),
    repeatOf: z.optional(idField),
    breachCount: count(),
  }),
);

export const complaintListPageSchema = z.lazy(() => pageOf(complaintSummarySchema));

// ---------------------------------------------------------------------------------------------
// Examples (synthetic)

const exampleId = 'cmp_01JQ3V6Y8K2T9C4M5N7P8R0S1W';
const exampleCustomer = 'cus_01JQ3V2A8K2T9C4M5N7P8R0S1A';

const exampleDeadlines: z.input<typeof complaintViewSchema>['deadlines'] = [
  {
    kind: 'acknowledge',
    due: '2026-03-03T01:30:00.000Z',
    rule: 'acknowledge-hours',
    explanation: '24 hours from receipt at 2026-03-02 09:30 CST',
    inputs: { receivedAt: '2026-03-02T01:30:00.000Z', hours: 24 },
    provisional: false,
    missingYears: [],
    sla: {
      kind: 'acknowledge',
      due: '2026-03-03T01:30:00.000Z',
      state: 'pending',
      timeLeft: { unit: 'hours', value: 20 },
      dueWithinOneWorkingDay: true,
    },
  },
  {
    kind: 'initial-handling',
    due: '2026-03-05T15:59:59.999Z',
    rule: 'initial-handling-working-days',
    explanation: '3 working days after the receipt day 2026-03-02',
    inputs: { receivedAt: '2026-03-02T01:30:00.000Z', workingDays: 3 },
    provisional: false,
    missingYears: [],
    sla: {
      kind: 'initial-handling',
      due: '2026-03-05T15:59:59.999Z',
      state: 'pending',
      timeLeft: { unit: 'working-days', value: 3 },
      dueWithinOneWorkingDay: false,
    },
  },
  {
    kind: 'decision',
    due: '2026-03-17T15:59:59.999Z',
    rule: 'decision-days',
    explanation: '15 days from receipt on 2026-03-02',
    inputs: { receivedAt: '2026-03-02T01:30:00.000Z', days: 15, pausedSeconds: 0 },
    provisional: false,
    missingYears: [],
    sla: {
      kind: 'decision',
      due: '2026-03-17T15:59:59.999Z',
      state: 'pending',
      timeLeft: { unit: 'working-days', value: 11 },
      dueWithinOneWorkingDay: false,
    },
  },
  {
    kind: 'decision-cap',
    due: '2026-05-01T15:59:59.999Z',
    rule: 'decision-max-days',
    explanation: '60 days from receipt on 2026-03-02, the absolute maximum',
    inputs: { receivedAt: '2026-03-02T01:30:00.000Z', days: 60, pausedSeconds: 0 },
    provisional: false,
    missingYears: [],
    sla: {
      kind: 'decision-cap',
      due: '2026-05-01T15:59:59.999Z',
      state: 'pending',
      timeLeft: { unit: 'working-days', value: 41 },
      dueWithinOneWorkingDay: false,
    },
  },
];

/** A complaint just received, as a service agent who handles it reads it (with its text). */
export const complaintViewExample = {
  complaintId: exampleId,
  version: 2,
  customerId: exampleCustomer,
  branch: 'BJ01',
  rmId: 'rm-0007',
  queue: 'CU-BJ',
  channel: 'phone',
  category: 'fees',
  priority: 'high',
  priorityFactors: ['vulnerable-customer'],
  status: 'awaiting-acknowledgement',
  receivedAt: '2026-03-02T01:30:00.000Z',
  createdAt: '2026-03-02T01:42:10.000Z',
  createdBy: 'agent-0042',
  assignee: 'agent-0042',
  amountAtStake: { amountMinor: 120000, currency: 'CNY' },
  productIds: ['card-gold'],
  vulnerableCustomer: true,
  newFacts: false,
  representativeCount: 0,
  repeats: [],
  deadlines: exampleDeadlines,
  nextDueAt: '2026-03-03T01:30:00.000Z',
  pauses: [],
  breaches: [],
  extensions: [],
  textErased: false,
  timeline: [
    {
      at: '2026-03-02T01:42:10.000Z',
      actor: 'agent-0042',
      role: 'service-agent',
      action: 'complaint.created',
    },
    {
      at: '2026-03-02T01:45:00.000Z',
      actor: 'agent-0042',
      role: 'service-agent',
      action: 'complaint.assigned',
    },
  ],
  text: {
    description: 'An annual fee was charged on a card the customer says was cancelled (example text).',
    customerRequest: 'Refund of the fee (example text).',
    representatives: [],
    notes: [],
  },
} satisfies z.input<typeof complaintViewSchema>;

export const complaintSummaryExample = {
  complaintId: exampleId,
  version: 2,
  customerId: exampleCustomer,
  branch: 'BJ01',
  queue: 'CU-BJ',
  channel: 'phone',
  category: 'fees',
  priority: 'high',
  priorityFactors: ['vulnerable-customer'],
  status: 'awaiting-acknowledgement',
  receivedAt: '2026-03-02T01:30:00.000Z',
  assignee: 'agent-0042',
  nextDueAt: '2026-03-03T01:30:00.000Z',
  breachCount: 0,
} satisfies z.input<typeof complaintSummarySchema>;

export const complaintListPageExample = {
  items: [complaintSummaryExample],
  cursor: 'eyJwayI6IkNPTVBMQUlOVCMuLi4ifQ',
} satisfies z.input<typeof complaintListPageSchema>;
