import { type EventDefinition, type EventDetail, parseEventDetail } from '../../../shared/events/index.js';
import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { isEventOf, parsedOrRejected, UnprocessableEventError } from '../../../shared/messaging/rejection.js';
import type { WorkingDayCalendar } from '../../../shared/time/calendar.js';
import { mirrorEventYear, mirroredCalendar } from '../../../shared/time/calendar-mirror.js';
import { WorkingCalendarChanged } from '../../calendars/events.js';
import { CustomerErased, CustomerProfileChanged, CustomerRegistered } from '../../customers/events.js';
import { type Complaint, OPEN_STATUSES } from '../domain/model.js';
import { ComplaintReceived } from '../events.js';
import type { CustomerMirrorChange } from '../store/complaint-store.js';
import { COMPLAINT_DEADLINES_CHANGED } from '../workflows/complaint-handling.js';
import { complaintAuditEntry } from './audit-entry.js';
import type { Actor, ComplaintDeps } from './deps.js';

/**
 * The ComplaintsConsumer's work for one delivered event (docs/domain-rules.md, complaints):
 * the customer mirror (the branch and RM that scope a complaint), erasure (the free text of
 * every complaint of the customer is crypto-shredded), calendar years (deadlines counted with
 * them, waiting steps re-timed), and the start of each received complaint's workflow. Ids and
 * codes only are read from events; a malformed or misrouted event is unprocessable and goes to
 * the dead-letter queue (EVENT_INVALID, EVENT_UNSUPPORTED); anything else is retried.
 */

/**
 * The complaint with its deadlines and next due counted again with `calendar` (the deadline
 * module with the capability's settings bound; see the consumer's handler).
 */
export type Retime = (complaint: Complaint, calendar: WorkingDayCalendar, now: Date) => Complaint;

export interface ConsumerDeps
  extends Pick<ComplaintDeps, 'store' | 'workflows' | 'clock' | 'calendarMirror'> {
  readonly retime: Retime;
}

/** Per-item jobs: one complaint failing is dead-lettered with its reason, the others go on. */
export interface ConsumerJobs {
  readonly shred: JobItems;
  readonly recount: JobItems;
}

export type ConsumeResult =
  | { readonly kind: 'customer'; readonly outcome: 'applied' | 'stale' | 'erased' }
  | { readonly kind: 'erasure'; readonly complaints: number; readonly failed: number }
  | {
      readonly kind: 'calendar';
      readonly year: number;
      readonly mirror: 'applied' | 'unchanged';
      readonly candidates: number;
      readonly recounted: number;
      readonly retimed: number;
    }
  | { readonly kind: 'workflow'; readonly started: boolean };

/** The erasure and the calendar recount act as the system, not as a person. */
const ERASURE_ACTOR: Actor = { sub: 'system:customer-erasure', role: 'system' };
export const RECOUNT_ACTOR: Actor = { sub: 'system:calendar-recount', role: 'system' };
/** The fields a shred removes (names, never values). */
const SHREDDED_FIELDS = ['description', 'customerRequest', 'representatives', 'notes'];
const PAGE_SIZE = 100;
/** How often one complaint is read again when it moved between the read and the write. */
const ATTEMPTS = 3;

function parseOwn<D extends EventDefinition>(definition: D, event: ConsumedEvent): EventDetail<D> {
  return parsedOrRejected(() => parseEventDetail(definition, event.detail));
}

/** The mirror change a customers event brings, if it is one. */
function mirrorChangeOf(
  event: ConsumedEvent,
): { customerId: string; change: CustomerMirrorChange } | undefined {
  if (isEventOf(CustomerRegistered, event)) {
    const detail = parseOwn(CustomerRegistered, event);
    return {
      customerId: detail.customerId,
      change: { kind: 'registered', branch: detail.branch, rmId: detail.rmId },
    };
  }
  if (isEventOf(CustomerProfileChanged, event)) {
    const detail = parseOwn(CustomerProfileChanged, event);
    return {
      customerId: detail.customerId,
      change: { kind: 'profile', version: detail.version, branch: detail.branch, rmId: detail.rmId },
    };
  }
  return undefined;
}

export async function consumeEvent(
  deps: ConsumerDeps,
  event: ConsumedEvent,
  jobs: ConsumerJobs,
): Promise<ConsumeResult> {
  const mirror = mirrorChangeOf(event);
  if (mirror !== undefined) {
    const outcome = await deps.store.applyCustomerChange(mirror.customerId, mirror.change);
    if (outcome === 'other-branch') {
      // Scope is never widened on an event alone: no CRM change moves a customer across
      // branches, so such an event is forged or from a future producer; an operator looks at it.
      throw new UnprocessableEventError(
        'EVENT_INVALID',
        'the assignment moves the customer to another branch, which the customers capability never does',
      );
    }
    return { kind: 'customer', outcome };
  }
  if (isEventOf(CustomerErased, event)) {
    const { customerId, at } = parseOwn(CustomerErased, event);
    return eraseCustomer(deps, customerId, at, jobs.shred);
  }
  if (isEventOf(WorkingCalendarChanged, event)) {
    const detail = parseOwn(WorkingCalendarChanged, event);
    const outcome = await mirrorEventYear(deps.calendarMirror, detail);
    // The recount runs even when the mirror already held this version: a delivery retried after
    // the mirror was written but before the recount finished must still finish it.
    const recount = await recountProvisionalDeadlines(deps, detail.year, jobs.recount);
    return { kind: 'calendar', year: detail.year, mirror: outcome, ...recount };
  }
  if (isEventOf(ComplaintReceived, event)) {
    const { complaintId, repeat } = parseOwn(ComplaintReceived, event);
    // A repeat has no clock of its own (the subscription filters them out; this is the backstop).
    if (repeat) return { kind: 'workflow', started: false };
    // Named by the complaint: a redelivery starts nothing new. Ids only in the input.
    await deps.workflows.start(complaintId, { complaintId });
    return { kind: 'workflow', started: true };
  }
  throw new UnprocessableEventError('EVENT_UNSUPPORTED', 'the complaints consumer does not take this event');
}

/**
 * CustomerErased: the mirror marks the customer erased (no new complaint can name them), and the
 * free text of each of their complaints is crypto-shredded (its data key and sealed text deleted,
 * `textErased`, audited `complaint.text-shredded`). The complaints' C1 facts stay for the
 * regulator's figures. Idempotent: a complaint already shredded is not shredded or audited again.
 */
async function eraseCustomer(
  deps: ConsumerDeps,
  customerId: string,
  at: string,
  items: JobItems,
): Promise<ConsumeResult> {
  await deps.store.applyCustomerChange(customerId, { kind: 'erased', at });
  const complaintIds = await deps.store.complaintsOf(customerId);
  const failedBefore = items.failed;
  for (const complaintId of complaintIds) {
    // The store skips the audit record of a complaint already shredded and finishes what a
    // failed attempt left (its notes): a redelivered erasure completes, and writes nothing twice.
    await items.run({ kind: 'complaint', id: complaintId }, () =>
      deps.store.shredText(
        complaintId,
        complaintAuditEntry(
          deps.clock.now(),
          complaintId,
          ERASURE_ACTOR,
          'complaint.text-shredded',
          SHREDDED_FIELDS,
        ),
      ),
    );
  }
  // A complaint that failed was dead-lettered (it is not retried with the event); the others
  // stay shredded.
  return { kind: 'erasure', complaints: complaintIds.length, failed: items.failed - failedBefore };
}

/** Whether a complaint's deadlines were counted over `year` without its calendar data. */
function provisionalFor(complaint: Complaint, year: number): boolean {
  return complaint.deadlines.some((deadline) => deadline.provisional && deadline.missingYears.includes(year));
}

function sameTiming(a: Complaint, b: Complaint): boolean {
  return JSON.stringify([a.deadlines, a.nextDueAt]) === JSON.stringify([b.deadlines, b.nextDueAt]);
}

type RecountOne = 'unchanged' | 'recounted' | 'retimed' | 'gone';

/**
 * Counts again, with the calendar as now mirrored, the deadlines of every open complaint that
 * were provisional for `year`; stores those that changed (audited `complaint.deadlines-recounted`)
 * and fails the step waiting on each with Complaint.DeadlinesChanged, so that the workflow waits
 * until the corrected deadline. Idempotent: a complaint already counted with the year changes
 * nothing. Each complaint on its own through `items`.
 */
export async function recountProvisionalDeadlines(
  deps: ConsumerDeps,
  year: number,
  items: JobItems,
): Promise<{ candidates: number; recounted: number; retimed: number }> {
  const calendar = await mirroredCalendar(deps.calendarMirror);
  let candidates = 0;
  let recounted = 0;
  let retimed = 0;
  for (const status of OPEN_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await deps.store.list({ kind: 'all' }, { status }, PAGE_SIZE, cursor);
      for (const complaint of page.items) {
        if (!provisionalFor(complaint, year)) continue;
        candidates += 1;
        const one = await items.run({ kind: 'complaint', id: complaint.complaintId }, () =>
          recountOne(deps, calendar, complaint.complaintId),
        );
        if (!one.ok) continue;
        if (one.value === 'recounted' || one.value === 'retimed') recounted += 1;
        if (one.value === 'retimed') retimed += 1;
      }
      cursor = page.cursor;
    } while (cursor !== undefined);
  }
  return { candidates, recounted, retimed };
}

async function recountOne(
  deps: ConsumerDeps,
  calendar: WorkingDayCalendar,
  complaintId: string,
): Promise<RecountOne> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const stored = await deps.store.get(complaintId);
    if (stored === undefined || !OPEN_STATUSES.includes(stored.complaint.status)) return 'gone';
    const { complaint, auditSeq } = stored;
    const now = deps.clock.now();
    const counted = deps.retime(complaint, calendar, now);
    if (sameTiming(complaint, counted)) return 'unchanged';
    const outcome = await deps.store.change({
      complaint: counted,
      expectedVersion: complaint.version,
      expectedAuditSeq: auditSeq,
      // The deadlines a client sees moved: its ETag moves too.
      bumpVersion: true,
      audit: complaintAuditEntry(now, complaintId, RECOUNT_ACTOR, 'complaint.deadlines-recounted', [
        'deadlines',
      ]),
      events: [],
    });
    if (!outcome.ok) {
      if (outcome.reason === 'not-found') return 'gone';
      continue;
    }
    // Stored first, then the step is failed: the workflow reads the stored deadlines again. No
    // token: the workflow has not computed its timeout yet, and will read these.
    if (complaint.waitingTask === undefined) return 'recounted';
    const told = await deps.workflows.failTask(
      complaint.waitingTask.taskToken,
      COMPLAINT_DEADLINES_CHANGED,
      'A working-day calendar year was loaded',
    );
    return told ? 'retimed' : 'recounted';
  }
  throw new Error('A complaint kept changing while its deadlines were counted again');
}
