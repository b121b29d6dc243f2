import { createHash } from 'node:crypto';
import { auditSubject, canonicalJson } from '../../../../shared/audit/index.js';
import { buildEvent } from '../../../../shared/events/define.js';
import type { OutboxEvent } from '../../../../shared/outbox/index.js';
import type { AttemptChannel } from '../../domain/model.js';
import { strategyAfterCause } from '../../domain/strategy.js';
import { RetentionAttemptRecorded, RetentionContactRequested } from '../../events.js';
import { RETENTION_CLOSED_EARLY } from '../../workflows/retention-case.js';
import {
  type AttemptInput,
  type CaseActions,
  type CaseActor,
  type CaseAttempt,
  CaseClosedError,
  CaseVersionConflictError,
  IdempotencyKeyReusedError,
  OfferNotRecordedError,
  type RetentionCase,
  UnknownCauseError,
} from '../ports.js';
import { changeCase } from './case-change.js';
import { countCaseClosed } from './case-metrics.js';
import type { AttemptKey, StoredCase } from './case-store.js';
import { closingChange, outcomeNow } from './closing.js';
import type { CaseDeps } from './deps.js';
import { kpiDayOf } from './schedule.js';

/**
 * What people do to a case through the API (docs/domain-rules.md §20.6): read it, record an
 * attempt to reach the customer, close it early. The API checks the caller's scope first.
 */

/** Channels whose attempt is a message engagement sends (through the contact path). */
const MESSAGE_CHANNELS: ReadonlySet<AttemptChannel> = new Set(['sms', 'email', 'app-push']);
type MessageChannel = 'sms' | 'email' | 'app-push';
const isMessageChannel = (channel: AttemptChannel): channel is MessageChannel =>
  MESSAGE_CHANNELS.has(channel);

/** What recording an attempt wrote (or found written), and the step it may answer. */
interface Written {
  readonly case: RetentionCase;
  readonly attempt: CaseAttempt;
  readonly firstReach: boolean;
  readonly waiting: RetentionCase['waiting'];
  readonly replayed: boolean;
}

/** What the caller sent, as a fingerprint: a retry with the same key must send the same. */
function fingerprintOf(input: AttemptInput): string {
  return createHash('sha256').update(canonicalJson(input)).digest('base64url');
}

/** A change refused on a closed case or a stale If-Match. */
function checkWritable(stored: StoredCase, expectedVersion: number | undefined): void {
  if (stored.case.status === 'closed') throw new CaseClosedError('The retention case is closed');
  if (expectedVersion !== undefined && expectedVersion !== stored.case.version) {
    throw new CaseVersionConflictError('The retention case changed since it was read');
  }
}

/**
 * A message attempt is sent by engagement under the contact policy (consent, quiet hours,
 * caps): an offer is marketing (template `retention-offer`, no product named), anything else a
 * care contact (`retention-care`), due before the window ends.
 */
function contactRequest(
  retentionCase: RetentionCase,
  attempt: CaseAttempt,
  channel: MessageChannel,
  now: Date,
): OutboxEvent {
  const offer = attempt.offerRecommendationId !== undefined;
  return buildEvent(
    RetentionContactRequested,
    {
      requestId: `${retentionCase.caseId}-attempt-${attempt.attempt}`,
      customerId: retentionCase.customerId,
      purpose: offer ? 'marketing' : 'care',
      preferredChannel: channel,
      templateId: offer ? 'retention-offer' : 'retention-care',
      latestAt: retentionCase.windowEndsAt,
      regarding: retentionCase.caseId,
    },
    now,
  );
}

/**
 * The case after an attempt: one more attempt and version, the latest cause (a life event
 * turns the strategy into an RM meeting), and on the first reached attempt `reachedAt` and
 * status monitoring (the outreach is done: off the due index, its waiting step answered).
 */
function withAttempt(retentionCase: RetentionCase, attempt: CaseAttempt): RetentionCase {
  const firstReach = attempt.reached && retentionCase.reachedAt === undefined;
  // The outreach's token is answered after the write: it waits for nothing any more.
  const { waiting, ...rest } = retentionCase;
  return {
    ...rest,
    ...(firstReach || waiting === undefined ? {} : { waiting }),
    attempts: attempt.attempt,
    cause: attempt.cause ?? retentionCase.cause,
    strategy: strategyAfterCause(retentionCase.strategy, attempt.cause),
    ...(firstReach ? { reachedAt: attempt.at, status: 'monitoring' as const } : {}),
    version: retentionCase.version + 1,
  };
}

export function caseActions(deps: CaseDeps): CaseActions {
  async function recordAttempt(
    caseId: string,
    input: AttemptInput,
    actor: CaseActor,
    expectedVersion?: number,
    idempotencyKey?: string,
  ) {
    if (input.cause !== undefined && !deps.settings.causes.includes(input.cause)) {
      throw new UnknownCauseError('The cause is not one of the configured retention causes');
    }
    const now = deps.clock.now();
    const attemptKey =
      idempotencyKey === undefined ? undefined : { key: idempotencyKey, fingerprint: fingerprintOf(input) };
    const written = await changeCase<Written>(deps, caseId, async (stored) => {
      const replay = attemptKey === undefined ? undefined : await replayOf(stored, actor, attemptKey);
      if (replay !== undefined) return { result: replay };
      checkWritable(stored, expectedVersion);
      const current = stored.case;
      if (input.offerRecommendationId !== undefined) {
        const offers = await deps.store.recentOffers(current.customerId);
        if (!offers.includes(input.offerRecommendationId)) {
          throw new OfferNotRecordedError("The offer is not one of the customer's recent recommendations");
        }
      }
      const attempt: CaseAttempt = {
        attempt: current.attempts + 1,
        channel: input.channel,
        reached: input.reached,
        cause: input.cause,
        offerRecommendationId: input.offerRecommendationId,
        response: input.response,
        by: actor.sub,
        at: now.toISOString(),
      };
      const firstReach = attempt.reached && current.reachedAt === undefined;
      const changed = withAttempt(current, attempt);
      const ids = { caseId, customerId: current.customerId, branch: current.branch };
      const events: OutboxEvent[] = [
        buildEvent(
          RetentionAttemptRecorded,
          {
            ...ids,
            attempt: attempt.attempt,
            channel: attempt.channel,
            reached: attempt.reached,
            cause: attempt.cause,
            offerMade: attempt.offerRecommendationId !== undefined,
            at: attempt.at,
          },
          now,
        ),
      ];
      if (isMessageChannel(input.channel)) events.push(contactRequest(current, attempt, input.channel, now));
      const inTime = now.getTime() <= Date.parse(current.outreachDueAt);
      return {
        change: {
          case: changed,
          from: stored,
          events,
          attempt,
          attemptKey,
          kpi: firstReach
            ? {
                branch: current.branch,
                day: kpiDayOf(now),
                increments: inTime ? { contactedInTime: 1 } : { contactedLate: 1 },
              }
            : undefined,
          audit: {
            subject: auditSubject('case', caseId),
            at: attempt.at,
            actor: actor.sub,
            role: actor.role,
            action: 'retention-case.attempt-recorded',
            fields: Object.keys(input).sort(),
          },
        },
        result: { case: changed, attempt, firstReach, waiting: current.waiting, replayed: false },
      };
    });
    // The outreach (the RM's, or the supervisor's after escalation) is done: the workflow goes
    // on to the window's end. A token gone (timed out at that moment) is no harm: the next
    // step finds the customer reached.
    const waiting = written.waiting;
    if (written.firstReach && waiting !== undefined && waiting.step !== 'monitoring') {
      await deps.workflows.completeTask(waiting.taskToken, { status: 'monitoring', at: written.attempt.at });
    }
    const { waiting: _token, ...shown } = written.case;
    return { case: shown, attempt: written.attempt, replayed: written.replayed };
  }

  /**
   * The attempt this caller already recorded with this Idempotency-Key (a retry): answered again
   * as it was, nothing written or sent twice; the same key with another body is refused.
   */
  async function replayOf(
    stored: StoredCase,
    actor: CaseActor,
    key: AttemptKey,
  ): Promise<Written | undefined> {
    const recorded = await deps.store.attemptByKey(stored.case.caseId, actor.sub, key.key);
    if (recorded === undefined) return undefined;
    if (recorded.fingerprint !== key.fingerprint) {
      throw new IdempotencyKeyReusedError('The Idempotency-Key was used for another attempt');
    }
    return {
      case: stored.case,
      attempt: recorded.attempt,
      firstReach: false,
      waiting: undefined,
      replayed: true,
    };
  }

  async function closeEarly(
    caseId: string,
    reason: Parameters<CaseActions['closeEarly']>[1],
    actor: CaseActor,
    expectedVersion?: number,
  ) {
    const now = deps.clock.now();
    const written = await changeCase(deps, caseId, async (stored) => {
      checkWritable(stored, expectedVersion);
      const outcome = await outcomeNow(deps, stored.case);
      const change = closingChange(stored, outcome, now, { reason, actor });
      return { change, result: { case: change.case, waiting: stored.case.waiting, outcome } };
    });
    countCaseClosed(written.outcome, true);
    if (written.waiting !== undefined) {
      await deps.workflows.failTask(
        written.waiting.taskToken,
        RETENTION_CLOSED_EARLY,
        'Closed early by a supervisor',
      );
    }
    return written.case;
  }

  return {
    async get(caseId) {
      const stored = await deps.store.get(caseId);
      if (stored === undefined) return undefined;
      // The task token is the workflow's, never shown.
      const { waiting: _token, ...shown } = stored.case;
      return { case: shown, attempts: await deps.store.attempts(caseId) };
    },
    recordAttempt,
    closeEarly,
  };
}
