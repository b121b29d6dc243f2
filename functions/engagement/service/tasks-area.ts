import type { ConsumedEvent } from '../../../shared/lambda/event-bridge.js';
import { type DeadLetterSink, deadLetterSinkFromEnv } from '../../../shared/messaging/dead-letters.js';
import { JobItems } from '../../../shared/messaging/job-items.js';
import { isEventOf } from '../../../shared/messaging/rejection.js';
import { CustomerSegmentChanged } from '../../activity/events.js';
import { ComplaintClosed } from '../../complaints/events.js';
import { taskApi } from '../api/task-handlers.js';
import { SurveyAnswered } from '../events.js';
import { DynamoCustomerKeys } from '../store/customer-keys.js';
import { DynamoTaskStore } from '../store/dynamo-task-store.js';
import { DynamoKpiStore } from '../store/kpi-store.js';
import type { EngagementArea } from './area.js';
import { applyFacts, parseOwn } from './complaint-facts.js';
import type { EngagementBase } from './deps.js';
import { recordCoverage, recordSatisfaction } from './kpis.js';
import { applyGrade, openDueVisits } from './periodic-visits.js';
import type { CustomerFactsReader } from './ports.js';
import type { TaskDeps } from './task-deps.js';
import { escalateDueTasks, openFollowUp, openReturnVisit } from './tasks.js';

/**
 * The tasks area (docs/domain-rules.md §18.6–18.7): return visits after closed complaints,
 * follow-ups of poor survey answers, periodic RM visits by composite grade, their escalation,
 * the attempt and list routes, and the KPIs with the daily coverage level.
 */
export function tasksArea(
  base: EngagementBase,
  ports: { readonly facts: CustomerFactsReader },
): EngagementArea {
  const deps: TaskDeps = {
    store: new DynamoTaskStore(base.db, base.tables.engagement, base.clock),
    kpis: new DynamoKpiStore(base.db, base.tables.engagement),
    facts: ports.facts,
    keys: new DynamoCustomerKeys(base.db, base.tables.keys, () => base.cipher),
    settings: base.settings,
    clock: base.clock,
    calendarMirror: base.calendarMirror,
  };
  return tasksAreaOf(deps);
}

/** The area over its dependencies (what the unit and integration tests build it from). */
export function tasksAreaOf(deps: TaskDeps, deadLetters?: DeadLetterSink): EngagementArea {
  // The API function builds the area too, and has no dead-letter queue (only ever invoked
  // synchronously, docs/operations.md §5): the queue is looked up on the job path only.
  const jobDeadLetters = (): DeadLetterSink => deadLetters ?? deadLetterSinkFromEnv();
  return {
    routeHandlers: () => taskApi(deps),
    consume: (event) => consumeTaskEvent(deps, event),
    due: async (now) => {
      const at = new Date(now);
      const sink = jobDeadLetters();
      const visits = await openDueVisits(deps, at, new JobItems('periodic-visits', sink));
      const escalations = await escalateDueTasks(deps, at, new JobItems('task-escalation', sink));
      return { ...visits, tasksEscalated: escalations.escalated };
    },
    daily: async (now) => {
      const { coverage, shortfall } = await recordCoverage(deps, new Date(now));
      const satisfaction = await recordSatisfaction(deps, new Date(now));
      // No closed complaint in the window: no coverage to report, and no shortfall.
      return {
        ...(coverage === null ? {} : { returnVisitCoverage: coverage }),
        returnVisitCoverageShortfall: shortfall,
        ...satisfaction,
      };
    },
  };
}

/** The events the tasks area takes; any other is another area's and ignored here. */
export async function consumeTaskEvent(deps: TaskDeps, event: ConsumedEvent): Promise<void> {
  if (await applyFacts(deps, event)) return;
  if (isEventOf(ComplaintClosed, event)) {
    const detail = parseOwn(ComplaintClosed, event);
    await openReturnVisit(deps, {
      complaintId: detail.complaintId,
      customerId: detail.customerId,
      branch: detail.branch,
      closedAt: detail.occurredAt,
    });
    return;
  }
  if (isEventOf(SurveyAnswered, event)) {
    const detail = parseOwn(SurveyAnswered, event);
    await openFollowUp(deps, {
      surveyId: detail.surveyId,
      customerId: detail.customerId,
      branch: detail.branch,
      complaintId: detail.complaintId,
      csat: detail.csat,
      unresolved: detail.unresolved,
      at: detail.at,
    });
    return;
  }
  if (isEventOf(CustomerSegmentChanged, event)) {
    const detail = parseOwn(CustomerSegmentChanged, event);
    // The subscription filters on the dimension; the other dimensions are the contacts area's or none.
    if (detail.dimension !== 'compositeGrade') return;
    await applyGrade(deps, { customerId: detail.customerId, grade: detail.to, at: detail.at });
  }
}
