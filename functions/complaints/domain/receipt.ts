import { ComplaintRuleError } from './errors.js';
import {
  type Complaint,
  type ComplaintCategory,
  type ComplaintChannel,
  type Money,
  OPEN_STATUSES,
} from './model.js';
import { complaintPriority } from './priority.js';

import { moved, requireStatus, retimed, type StepContext, type Transition } from './transition.js';

/** Intake: the complaint as received, and a repeat linked to the open complaint it repeats. */
/** What intake knows of a new complaint besides the request: ids, the customer's scope, the queue. */
export interface ReceiptFacts {
  readonly complaintId: string;
  readonly customerId: string;
  readonly branch: string;
  readonly rmId: string;
  readonly queue: string;
  readonly channel: ComplaintChannel;
  readonly category: ComplaintCategory;
  readonly receivedAt: string;
  readonly amountAtStake?: Money | undefined;
  readonly productIds: readonly string[];
  readonly regulatorRef?: string | undefined;
  readonly vulnerableCustomer: boolean;
  readonly newFacts: boolean;
  readonly representativeCount: number;
  /** The open complaint it repeats: it is stored `linked`, without a clock of its own. */
  readonly repeatOf?: string | undefined;
}

/**
 * `receivedAt` as stored: now when absent; never in the future nor more than `backfillDays`
 * back (letters and phone calls are entered late, not months late).
 */
export function receiptInstant(receivedAt: string | undefined, now: Date, backfillDays: number): string {
  if (receivedAt === undefined) return now.toISOString();
  const at = Date.parse(receivedAt);
  const earliest = now.getTime() - backfillDays * 86_400_000;
  if (Number.isNaN(at) || at > now.getTime() || at < earliest) {
    throw new ComplaintRuleError(
      'received-at-out-of-range',
      `receivedAt must not be in the future nor more than ${backfillDays} days back`,
      'receivedAt',
    );
  }
  return new Date(at).toISOString();
}

/** A new complaint: its priority explained and, unless it is a linked repeat, its deadlines. */
export function receive(facts: ReceiptFacts, ctx: StepContext): Complaint {
  const repeat = facts.repeatOf !== undefined;
  const { priority, priorityFactors } = complaintPriority(
    {
      channel: facts.channel,
      vulnerableCustomer: facts.vulnerableCustomer,
      repeat,
      amountAtStake: facts.amountAtStake,
    },
    ctx.settings.priorityAmounts,
  );
  const complaint: Complaint = {
    complaintId: facts.complaintId,
    version: 1,
    customerId: facts.customerId,
    branch: facts.branch,
    rmId: facts.rmId,
    queue: facts.queue,
    channel: facts.channel,
    category: facts.category,
    priority,
    priorityFactors,
    status: repeat ? 'linked' : 'awaiting-acknowledgement',
    receivedAt: facts.receivedAt,
    createdAt: ctx.now.toISOString(),
    createdBy: ctx.actor.sub,
    amountAtStake: facts.amountAtStake,
    productIds: [...facts.productIds],
    regulatorRef: facts.regulatorRef,
    vulnerableCustomer: facts.vulnerableCustomer,
    newFacts: facts.newFacts,
    representativeCount: facts.representativeCount,
    repeatOf: facts.repeatOf,
    repeats: [],
    clock: { receivedAt: facts.receivedAt, pauses: [], approvedExtensions: [] },
    deadlines: [],
    breaches: [],
    extensions: [],
    textErased: false,
  };
  return retimed(complaint, ctx);
}

/** The open complaint a repeat links to: the repeat noted, its priority raised, its version guarded. */
export function linkRepeat(open: Complaint, repeatId: string, ctx: StepContext): Transition {
  requireStatus(open, OPEN_STATUSES, 'link a repeat');
  const { priority, priorityFactors } = complaintPriority(
    {
      channel: open.channel,
      vulnerableCustomer: open.vulnerableCustomer,
      repeat: true,
      amountAtStake: open.amountAtStake,
    },
    ctx.settings.priorityAmounts,
  );
  return moved(
    { ...open, repeats: [...open.repeats, repeatId], priority, priorityFactors },
    ctx,
    {
      action: 'complaint.repeat-linked',
      fields: ['repeats', 'priority', 'priorityFactors'],
    },
    [],
  );
}
