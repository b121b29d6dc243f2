import { buildEvent } from '../../../shared/events/index.js';
import { ConflictError } from '../../../shared/http/problem.js';
import type { JobItems } from '../../../shared/messaging/job-items.js';
import { singleShardPages } from '../../../shared/passes/chained-pages.js';
import {
  type PassSegmentInput,
  type PassSegmentOutput,
  runSegment,
  type SegmentPage,
} from '../../../shared/passes/segment.js';
import { seniorDaysToCatchUp } from '../domain/senior.js';
import { suitabilityFacts } from '../domain/suitability-facts.js';
import { CustomerProfileChanged } from '../events.js';
import { applyChange } from '../store/apply-change.js';
import type { CustomerChange } from '../store/customer-store.js';
import { auditEntry } from './audit-entry.js';
import type { Actor, CustomerDeps } from './deps.js';
import { seniorDayIndex } from './secrets.js';

const SENIOR_JOB_ACTOR: Actor = { sub: 'system:senior-birthdays', role: 'system' };
const RETRIES = 3;

/** The job name of the senior birthdays in the DailySeniors pass's segment input. */
export const SENIOR_JOB = 'senior';

/** Customers read per page of a day's index. */
const SENIOR_PAGE = 100;

/** A customer to make senior, with the day index it was found under. */
interface SeniorCandidate {
  readonly customerId: string;
  readonly index: string;
}

/**
 * The daily senior job (docs/domain-rules.md §19.3), a pass started just after 00:00 China
 * Standard Time: every customer who turns SENIOR_AGE on the pass's day (the CST day of its
 * `startedAt`, however long it runs) or on one of the days a failed run may have missed is
 * made senior. They are found by the keyed hash of the day, through the sparse `bySeniorDay`
 * index, page by page and day after day (the cursor names both): no birth date is decrypted
 * and none is kept in clear. Each customer is changed on its own through `items` (one that
 * fails is dead-lettered and keeps its index, so the next run tries it again). Running twice
 * the same day changes nothing the second time: a customer made senior no longer carries the
 * index. Returns the segment's output and how many were made senior.
 */
export async function seniorsSegment(
  deps: CustomerDeps,
  items: JobItems,
  input: PassSegmentInput,
  stillHasTime: () => boolean,
  pageSize = SENIOR_PAGE,
): Promise<{ readonly output: PassSegmentOutput; readonly madeSenior: number }> {
  let madeSenior = 0;
  const days = seniorDaysToCatchUp(new Date(input.startedAt)).map(
    (day) =>
      async (cursor: string | undefined): Promise<SegmentPage<SeniorCandidate>> => {
        const index = await seniorDayIndex(deps, day);
        const page = await deps.store.seniorDayPage(index, pageSize, cursor);
        const keys = page.items.map((customerId) => ({ customerId, index }));
        return page.cursor === undefined ? { keys } : { keys, cursor: page.cursor };
      },
  );
  const output = await runSegment<SeniorCandidate>({
    input,
    page: singleShardPages(input.segment, days),
    process: async ({ customerId, index }) => {
      if (await makeSenior(deps, customerId, index)) madeSenior += 1;
    },
    itemOf: ({ customerId }) => ({ kind: 'customer', id: customerId }),
    items,
    // One at a time: a day holds a few hundred customers at ten million, each an audited change.
    concurrency: 1,
    stillHasTime,
  });
  return { output, madeSenior };
}

/**
 * Makes one customer senior: an audited record update by the system (version + 1) announced by
 * CustomerProfileChanged with `changedFields: ['senior']`, conditional on the version it read,
 * so a concurrent PATCH that moved the birth date is read again rather than overwritten. False
 * when there is nothing to do (already senior, erased, or the birth date moved since).
 */
export async function makeSenior(deps: CustomerDeps, customerId: string, index: string): Promise<boolean> {
  for (let attempt = 0; attempt < RETRIES; attempt += 1) {
    const record = await deps.store.get(customerId);
    if (record === undefined || record.shreddedAt !== undefined || record.seniorDayIndex !== index) {
      return false;
    }
    const now = deps.clock.now();
    const change: CustomerChange = {
      customerId,
      base: record,
      expectedVersion: record.version,
      expectedAuditSeq: record.audit?.seq ?? 0,
      bumpVersion: true,
      set: [
        [['senior'], true],
        [['updatedAt'], now.toISOString()],
      ],
      remove: [['seniorDayIndex']],
      audit: auditEntry(now, customerId, record.audit, SENIOR_JOB_ACTOR, 'customer.updated', ['senior']),
      events: [],
    };
    const after = applyChange(record, change);
    const outcome = await deps.store.change({
      ...change,
      events: [
        buildEvent(
          CustomerProfileChanged,
          {
            customerId,
            version: record.version + 1,
            changedFields: ['senior'],
            branch: after.branch,
            rmId: after.rmId,
            relationship: after.relationship,
            suitability: suitabilityFacts(after),
            at: now.toISOString(),
          },
          now,
        ),
      ],
    });
    if (outcome.ok) return true;
    if (outcome.reason === 'not-found') return false;
  }
  throw new ConflictError('The customer kept changing while it was made senior', {
    code: 'concurrent-change',
  });
}
