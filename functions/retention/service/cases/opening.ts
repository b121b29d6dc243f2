import { buildEvent } from '../../../../shared/events/define.js';
import { newId } from '../../../../shared/ids.js';
import { mirroredCalendar } from '../../../../shared/time/calendar-mirror.js';
import { assigneeAtOpening, strategyOf } from '../../domain/strategy.js';
import { RetentionCaseOpened } from '../../events.js';
import type { CaseOpener, CaseOpening, RetentionCase } from '../ports.js';
import { countCaseOpened } from './case-metrics.js';
import type { CaseDeps } from './deps.js';
import { caseClock, kpiDayOf } from './schedule.js';

/**
 * Opens a retention case for an alert (docs/domain-rules.md §20.4–20.5). A `low` score opens
 * none. The case, the customer's open-case marker (conditional: never two open cases),
 * RetentionCaseOpened and the KPI count `casesOpened` are one transaction; the RetentionCase
 * execution named after the case id starts after it (a second start of the same name is a
 * no-op), with the case id as its only input.
 */
export function caseOpener(deps: CaseDeps): CaseOpener {
  return {
    async openFor(opening: CaseOpening) {
      const { score } = opening;
      const plan = strategyOf(score);
      if (plan === undefined || score.level === 'low') {
        throw new RangeError('A case opens for a medium or high score only');
      }
      const { strategy } = plan;
      const alertAt = new Date(opening.at);
      const now = deps.clock.now();
      const calendar = await mirroredCalendar(deps.calendarMirror);
      const retentionCase: RetentionCase = {
        caseId: newId('ret', now),
        customerId: opening.customerId,
        branch: opening.branch,
        rmId: opening.rmId,
        assignedTo: assigneeAtOpening(strategy),
        level: score.level,
        strategy,
        reasons: score.reasons,
        score: score.score,
        status: 'outreach',
        openedAt: alertAt.toISOString(),
        ...caseClock(calendar, alertAt, deps.settings),
        attempts: 0,
        wasInactive: wasInactiveAtAlert(opening),
        version: 1,
      };
      const ids = {
        caseId: retentionCase.caseId,
        customerId: retentionCase.customerId,
        branch: retentionCase.branch,
      };
      const outcome = await deps.store.open({
        case: retentionCase,
        event: buildEvent(
          RetentionCaseOpened,
          {
            ...ids,
            level: retentionCase.level,
            strategy,
            reasons: [...retentionCase.reasons],
            outreachDueAt: retentionCase.outreachDueAt,
            windowEndsAt: retentionCase.windowEndsAt,
            at: retentionCase.openedAt,
          },
          now,
        ),
        kpi: { branch: retentionCase.branch, day: kpiDayOf(alertAt), increments: { casesOpened: 1 } },
      });
      if (outcome.opened) {
        countCaseOpened();
        await deps.workflows.start(retentionCase.caseId, { caseId: retentionCase.caseId });
        return { opened: true, caseId: retentionCase.caseId };
      }
      // A case already open whose workflow never prepared it: the start after its write may have
      // failed, so this start is the retry (a running execution of that name makes it a no-op).
      const open = await deps.store.get(outcome.openCaseId);
      if (open !== undefined && !open.prepared) {
        await deps.workflows.start(outcome.openCaseId, { caseId: outcome.openCaseId });
      }
      return { opened: false, caseId: outcome.openCaseId };
    },
  };
}

/**
 * Inactive or dormant when the alert was raised (docs/domain-rules.md §20.6): the `inactive`
 * signal was on in the score, or the lifecycle stage was dormant. Transacting again during the
 * window then makes the outcome `reactivated`.
 */
export function wasInactiveAtAlert(opening: Pick<CaseOpening, 'score' | 'features'>): boolean {
  const inactive = opening.score.contributions.some(
    (contribution) => contribution.signal === 'inactive' && contribution.value === 1,
  );
  return inactive || opening.features.lifecycleStage === 'dormant';
}
