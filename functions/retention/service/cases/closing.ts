import { auditSubject } from '../../../../shared/audit/index.js';
import { buildEvent } from '../../../../shared/events/define.js';
import type { CaseOutcome, EarlyCloseReason } from '../../domain/model.js';
import { alertConfirmed, outcomeOf } from '../../domain/outcome.js';
import { RetentionCaseClosed } from '../../events.js';
import type { KpiCounter } from '../../store/keys.js';
import type { CaseActor, RetentionCase } from '../ports.js';
import type { CaseChange, StoredCase } from './case-store.js';
import type { CaseDeps } from './deps.js';
import { kpiDayOf } from './schedule.js';

/** The cause a closed case reports when the customer gave none. */
export const NO_CAUSE = 'unknown';

const OUTCOME_COUNTERS: Readonly<Record<CaseOutcome, KpiCounter>> = {
  retained: 'outcomeRetained',
  reactivated: 'outcomeReactivated',
  lost: 'outcomeLost',
};

/**
 * The outcome of a case now (docs/domain-rules.md §20.6): the customer is scored again from
 * their stored features and the rules decide: lost when the relationship closed or the level
 * is still high, reactivated when a customer inactive at the alert transacted since, else
 * retained. A customer no longer known (erased) is lost: the relationship is gone.
 */
export async function outcomeNow(deps: Pick<CaseDeps, 'rescorer'>, retentionCase: RetentionCase) {
  const rescored = await deps.rescorer.rescore(retentionCase.customerId);
  if (rescored === undefined) return 'lost' as const;
  return outcomeOf({
    wasInactive: retentionCase.wasInactive,
    alertDay: kpiDayOf(new Date(retentionCase.openedAt)),
    relationship: rescored.features.relationship,
    level: rescored.risk.score.level,
    lastTransactionDay: rescored.features.activity?.lastTransactionDay ?? null,
  });
}

/** Who closed a case early, and why. */
export interface EarlyClosure {
  readonly reason: EarlyCloseReason;
  readonly actor: CaseActor;
}

/**
 * The change that closes a case with `outcome`: status closed, the waiting step and the
 * outreach due index gone, the customer's open-case marker released (by the store),
 * RetentionCaseClosed, the outcome's KPI count (and `alertsConfirmed` when the alert proved
 * right, `closedEarly` for a supervisor's close, then audited).
 */
export function closingChange(
  stored: StoredCase,
  outcome: CaseOutcome,
  now: Date,
  early?: EarlyClosure,
): CaseChange {
  const { waiting: _answeredOrFailed, ...rest } = stored.case;
  const cause = stored.case.cause ?? NO_CAUSE;
  const closed: RetentionCase = {
    ...rest,
    status: 'closed',
    outcome,
    closedAt: now.toISOString(),
    closedBy: early?.actor.sub ?? 'workflow',
    earlyReason: early?.reason,
    version: stored.case.version + 1,
  };
  const increments: Partial<Record<KpiCounter, number>> = {
    [OUTCOME_COUNTERS[outcome]]: 1,
    alertsConfirmed: alertConfirmed(outcome, cause) ? 1 : 0,
    closedEarly: early === undefined ? 0 : 1,
  };
  return {
    case: closed,
    from: stored,
    events: [
      buildEvent(
        RetentionCaseClosed,
        {
          caseId: closed.caseId,
          customerId: closed.customerId,
          branch: closed.branch,
          outcome,
          cause,
          strategy: closed.strategy,
          level: closed.level,
          earlyReason: early?.reason,
          at: now.toISOString(),
        },
        now,
      ),
    ],
    kpi: { branch: closed.branch, day: kpiDayOf(now), increments },
    releaseMarker: true,
    audit:
      early === undefined
        ? undefined
        : {
            subject: auditSubject('case', closed.caseId),
            at: now.toISOString(),
            actor: early.actor.sub,
            role: early.actor.role,
            action: 'retention-case.closed-early',
            fields: ['status', 'outcome', 'earlyReason'],
          },
  };
}
