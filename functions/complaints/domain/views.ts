import type { AuditRecord } from '../../../shared/audit/index.js';
import { DECISION_CLOCK, deadlineMetAt } from './deadlines.js';
import type {
  Breach,
  Closure,
  Complaint,
  ComplaintCategory,
  ComplaintChannel,
  ComplaintDeadline,
  ComplaintPriority,
  ComplaintStatus,
  Decision,
  ExtensionRequest,
  Money,
  PriorityFactor,
  Review,
} from './model.js';
import type { SlaState } from './sla.js';

/**
 * What the complaints API shows (docs/domain-rules.md, complaints: reading). The view is C1
 * only; the free text (`text`) is added for the roles that handle complaints, after its read
 * was audited. The task token is never shown.
 */

/** The SLA state of one deadline: the SLA module with the calendar and `now` bound. */
export type SlaOf = (deadline: ComplaintDeadline, metAt: string | undefined, paused: boolean) => SlaState;

export interface DeadlineView extends ComplaintDeadline {
  readonly sla: SlaState;
}

export interface TimelineEntry {
  readonly at: string;
  readonly actor: string;
  readonly role: string;
  readonly action: string;
}

export interface ComplaintTextView {
  readonly description: string;
  readonly customerRequest: string;
  readonly representatives: readonly string[];
  readonly notes: readonly {
    readonly noteId: string;
    readonly at: string;
    readonly author: string;
    readonly text: string;
  }[];
}

export interface ComplaintView {
  readonly complaintId: string;
  readonly version: number;
  readonly customerId: string;
  readonly branch: string;
  readonly rmId: string;
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
  readonly repeatOf?: string | undefined;
  readonly repeats: readonly string[];
  readonly deadlines: readonly DeadlineView[];
  readonly nextDueAt?: string | undefined;
  readonly pauses: Complaint['clock']['pauses'];
  readonly breaches: readonly Breach[];
  readonly extensions: readonly ExtensionRequest[];
  readonly decision?: Decision | undefined;
  readonly review?: Review | undefined;
  readonly closure?: Closure | undefined;
  readonly textErased: boolean;
  /** Absent when the caller builds the view without the trail (intake's answer). */
  readonly timeline?: readonly TimelineEntry[] | undefined;
  readonly text?: ComplaintTextView | undefined;
}

export interface ComplaintSummary {
  readonly complaintId: string;
  readonly version: number;
  readonly customerId: string;
  readonly branch: string;
  readonly queue: string;
  readonly channel: ComplaintChannel;
  readonly category: ComplaintCategory;
  readonly priority: ComplaintPriority;
  readonly priorityFactors: readonly PriorityFactor[];
  readonly status: ComplaintStatus;
  readonly receivedAt: string;
  readonly assignee?: string | undefined;
  readonly nextDueAt?: string | undefined;
  readonly repeatOf?: string | undefined;
  readonly breachCount: number;
}

/** The timeline: every step of the chain (who, role, when), without the audited reads of the text. */
export function timelineOf(trail: readonly AuditRecord[]): TimelineEntry[] {
  return trail
    .filter((record) => record.action !== 'complaint.text-read')
    .map((record) => ({ at: record.at, actor: record.actor, role: record.role, action: record.action }));
}

export function complaintView(
  complaint: Complaint,
  options: {
    readonly sla: SlaOf;
    readonly timeline?: readonly TimelineEntry[] | undefined;
    readonly text?: ComplaintTextView | undefined;
  },
): ComplaintView {
  const paused = complaint.status === 'paused';
  return {
    complaintId: complaint.complaintId,
    version: complaint.version,
    customerId: complaint.customerId,
    branch: complaint.branch,
    rmId: complaint.rmId,
    queue: complaint.queue,
    channel: complaint.channel,
    category: complaint.category,
    priority: complaint.priority,
    priorityFactors: complaint.priorityFactors,
    status: complaint.status,
    receivedAt: complaint.receivedAt,
    createdAt: complaint.createdAt,
    createdBy: complaint.createdBy,
    assignee: complaint.assignee,
    amountAtStake: complaint.amountAtStake,
    productIds: complaint.productIds,
    regulatorRef: complaint.regulatorRef,
    vulnerableCustomer: complaint.vulnerableCustomer,
    newFacts: complaint.newFacts,
    representativeCount: complaint.representativeCount,
    repeatOf: complaint.repeatOf,
    repeats: complaint.repeats,
    deadlines: complaint.deadlines.map((deadline) => ({
      ...deadline,
      sla: options.sla(
        deadline,
        deadlineMetAt(deadline.kind, complaint.clock),
        paused && DECISION_CLOCK.has(deadline.kind),
      ),
    })),
    nextDueAt: complaint.nextDueAt,
    pauses: complaint.clock.pauses,
    breaches: complaint.breaches,
    extensions: complaint.extensions,
    decision: complaint.decision,
    review: complaint.review,
    closure: complaint.closure,
    textErased: complaint.textErased,
    timeline: options.timeline,
    text: options.text,
  };
}

/** A list item: C1 facts only, no text, no deadlines' detail, no task token. */
export function complaintSummary(complaint: Complaint): ComplaintSummary {
  return {
    complaintId: complaint.complaintId,
    version: complaint.version,
    customerId: complaint.customerId,
    branch: complaint.branch,
    queue: complaint.queue,
    channel: complaint.channel,
    category: complaint.category,
    priority: complaint.priority,
    priorityFactors: complaint.priorityFactors,
    status: complaint.status,
    receivedAt: complaint.receivedAt,
    assignee: complaint.assignee,
    nextDueAt: complaint.nextDueAt,
    repeatOf: complaint.repeatOf,
    breachCount: complaint.breaches.length,
  };
}
