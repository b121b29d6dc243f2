/**
 * The complaint as the complaints capability keeps it (docs/domain-rules.md, complaints). Every
 * attribute here is C1 (ids, codes, times, amounts); the free text the customer gave
 * (description, request, representatives' names) is C2 and lives only sealed, in
 * {@link SealedComplaintText}, never in this record's plain attributes, a list, a log, an event
 * or a workflow payload.
 */

export const COMPLAINT_CHANNELS = [
  'phone',
  'email',
  'online',
  'counter',
  'letter',
  'regulator-forwarded',
  'partner',
] as const;
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number];

export const COMPLAINT_CATEGORIES = [
  'product',
  'service-attitude',
  'fees',
  'mis-selling',
  'data-privacy',
  'system-failure',
  'other',
] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

/** `normal`: no factor; `high`: one factor; `urgent`: two or more (see lifecycle priority rules). */
export const COMPLAINT_PRIORITIES = ['normal', 'high', 'urgent'] as const;
export type ComplaintPriority = (typeof COMPLAINT_PRIORITIES)[number];

/** What raised a complaint's priority, each a reason shown with it. */
export const PRIORITY_FACTORS = [
  'regulator-forwarded',
  'vulnerable-customer',
  'repeat-complaint',
  'amount-at-stake',
] as const;
export type PriorityFactor = (typeof PRIORITY_FACTORS)[number];

/**
 * Where a complaint is in its handling. `linked`: a repeat merged into an open complaint (no clock
 * of its own). `paused`: the decision clock is stopped (external appraisal, testing, investigation).
 */
export const COMPLAINT_STATUSES = [
  'awaiting-acknowledgement',
  'awaiting-initial-handling',
  'investigating',
  'paused',
  'review-window',
  'in-review',
  'awaiting-closure',
  'closed',
  'linked',
] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

/** Statuses in which a complaint is open: a repeat about the same customer and category links to it. */
export const OPEN_STATUSES: readonly ComplaintStatus[] = [
  'awaiting-acknowledgement',
  'awaiting-initial-handling',
  'investigating',
  'paused',
  'review-window',
  'in-review',
  'awaiting-closure',
];

/** The deadlines of the regulator's clock (docs/domain-rules.md, complaints: the clock). */
export const DEADLINE_KINDS = [
  'acknowledge',
  'initial-handling',
  'decision',
  'decision-cap',
  'review-request',
  'review-decision',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** The human steps the workflow waits on, each a task token stored with the complaint. */
export const WORKFLOW_STAGES = [
  'acknowledgement',
  'initial-handling',
  'investigation',
  'review-window',
  'review',
  'closure',
] as const;
export type WorkflowStage = (typeof WORKFLOW_STAGES)[number];

export const DECISION_OUTCOMES = ['upheld', 'partially-upheld', 'rejected'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];

export const REMEDY_TYPES = [
  'explanation',
  'correction',
  'compensation',
  'service-upgrade',
  'follow-up',
] as const;
export type RemedyType = (typeof REMEDY_TYPES)[number];

/** Who a breach escalates to: the owner's supervisor first, the branch head for the decision. */
export const ESCALATION_LEVELS = ['supervisor', 'branch-head'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

/** Money in integer minor units with its ISO 4217 code. */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

/** A stretch of time the decision clock stood still; `to` absent while the pause lasts. */
export interface Pause {
  readonly from: string;
  readonly to?: string | undefined;
  /** A code from the request (`external-appraisal`, `testing`, `investigation`), never free text. */
  readonly reason: string;
}

/** 1: to 30 days (supervisor approves); 2: a further 30 days (head-office complaints unit, the customer told). */
export type ExtensionLevel = 1 | 2;

export interface ExtensionRequest {
  readonly extensionId: string;
  readonly level: ExtensionLevel;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly state: 'requested' | 'approved' | 'refused';
  readonly decidedBy?: string | undefined;
  readonly decidedAt?: string | undefined;
  /** Level 2 only: when the customer was told of the extension (required to approve it). */
  readonly customerToldAt?: string | undefined;
}

/** The facts the deadlines are computed from (by the pure deadline module, with the calendar). */
export interface ClockFacts {
  readonly receivedAt: string;
  readonly pauses: readonly Pause[];
  /** Approved extension levels, in order (at most [1, 2]). */
  readonly approvedExtensions: readonly ExtensionLevel[];
  readonly acknowledgedAt?: string | undefined;
  readonly initialHandlingAt?: string | undefined;
  readonly decidedAt?: string | undefined;
  readonly reviewRequestedAt?: string | undefined;
  readonly reviewDecidedAt?: string | undefined;
}

/**
 * One deadline and how it was produced: the rule (a stable code), its inputs (the numbers and
 * instants it counted from), and an explanation a person can read. ISO 8601 UTC instants.
 */
export interface ComplaintDeadline {
  readonly kind: DeadlineKind;
  readonly due: string;
  readonly rule: string;
  readonly explanation: string;
  readonly inputs: Readonly<Record<string, string | number | boolean>>;
  /** Counted over a year the working-day calendar has no data for: it may still move. */
  readonly provisional: boolean;
  readonly missingYears: readonly number[];
}

export interface Remedy {
  readonly type: RemedyType;
  /** Compensation only. */
  readonly amount?: Money | undefined;
}

export interface Decision {
  readonly outcome: DecisionOutcome;
  readonly remedies: readonly Remedy[];
  readonly decidedBy: string;
  readonly decidedAt: string;
  /** Compensation above the approval threshold: who approved it (a supervisor or the complaints unit). */
  readonly compensationApprovedBy?: string | undefined;
}

export interface Review {
  readonly requestedAt: string;
  readonly decidedAt?: string | undefined;
  readonly decidedBy?: string | undefined;
  /** The outcome after the review; `changed` when it differs from the first decision. */
  readonly outcome?: DecisionOutcome | undefined;
  readonly changed?: boolean | undefined;
}

export interface RemediationAction {
  /** A code of the bank's remediation catalogue, not free text. */
  readonly action: string;
  /** Staff id of the owner. */
  readonly owner: string;
  /** ISO date (YYYY-MM-DD). */
  readonly dueDate: string;
  readonly done: boolean;
}

export interface Closure {
  /** A code of the configured root-cause taxonomy. */
  readonly rootCause: string;
  readonly remediationActions: readonly RemediationAction[];
  readonly closedBy: string;
  readonly closedAt: string;
}

/** A breach of one deadline, recorded when its timeout fired (or found past due on a step). */
export interface Breach {
  readonly kind: DeadlineKind;
  readonly due: string;
  readonly recordedAt: string;
  readonly escalatedTo: EscalationLevel;
}

/** The human step the workflow waits on, and its task token (never shown by the API). */
export interface WaitingTask {
  readonly stage: WorkflowStage;
  readonly taskToken: string;
  readonly openedAt: string;
}

/** The sealed C2 text of a complaint: AES-256-GCM with the complaint's own data key. */
export interface SealedComplaintText {
  readonly description: string;
  readonly customerRequest: string;
  /** Representatives' names (joint complaints), each sealed. */
  readonly representatives: readonly string[];
}

export interface Complaint {
  readonly complaintId: string;
  /** Optimistic concurrency (ETag / If-Match). */
  readonly version: number;
  readonly customerId: string;
  /** The customer's branch (mirrored from the customers capability) and the RM whose book it is in. */
  readonly branch: string;
  readonly rmId: string;
  /** The complaints unit that handles it (configured per branch, else the branch itself). */
  readonly queue: string;
  readonly channel: ComplaintChannel;
  readonly category: ComplaintCategory;
  readonly priority: ComplaintPriority;
  readonly priorityFactors: readonly PriorityFactor[];
  readonly status: ComplaintStatus;
  readonly receivedAt: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly assignee?: string | undefined;
  readonly amountAtStake?: Money | undefined;
  readonly productIds: readonly string[];
  readonly regulatorRef?: string | undefined;
  readonly vulnerableCustomer: boolean;
  readonly newFacts: boolean;
  readonly representativeCount: number;
  /** The open complaint this one repeats (status `linked`), if any. */
  readonly repeatOf?: string | undefined;
  /** Repeats linked to this complaint. */
  readonly repeats: readonly string[];
  readonly clock: ClockFacts;
  /** Recomputed after every change by the deadline module; stored so lists can filter on them. */
  readonly deadlines: readonly ComplaintDeadline[];
  /** The earliest deadline not yet met: `dueBefore` filters on it; absent when none is pending. */
  readonly nextDueAt?: string | undefined;
  readonly breaches: readonly Breach[];
  readonly extensions: readonly ExtensionRequest[];
  readonly decision?: Decision | undefined;
  readonly review?: Review | undefined;
  readonly closure?: Closure | undefined;
  readonly waitingTask?: WaitingTask | undefined;
  /** Whether the customer's free text was shredded (CustomerErased): the sealed text is gone. */
  readonly textErased: boolean;
}
