/**
 * Key schema of the Retention table (single-table design, docs/domain-rules.md §20). Every key is
 * built here and nowhere else; each engineer's store module writes its own items.
 *
 * | item                        | pk                    | sk                  | GSI keys / notes |
 * |-----------------------------|-----------------------|---------------------|------------------|
 * | customer features (mirror)  | CUSTOMER#<id>         | FEATURES            | byEntity (entityType FEATURES, listKey customerId): the daily pass pages through every customer; `revision` guards every write; per-source `lastEventAt` keeps source order |
 * | current risk                | CUSTOMER#<id>         | RISK                | byBranch (branchKey `RISK#<branch>#<level>`, listKey priorityListKey) and byAssignee (assigneeKey `RISK#<rmId>#<level>`): the worklist in priority order; every scored customer has one, low included |
 * | risk history entry          | CUSTOMER#<id>         | HISTORY#<at>#<n>    | one per score change that moved the level or the score by ≥ 0.01; kept to CHURN_HISTORY_LIMIT |
 * | open-case marker            | CUSTOMER#<id>         | OPEN_CASE           | `attribute_not_exists` on open: a customer never has two open cases; deleted at close |
 * | case                        | CASE#<caseId>         | CASE                | byBranch (`CASE#<branch>#<status>`), byAssignee (`CASE#<rmId>#<status>`), listKey `<openedAt>#<caseId>`; byDue (dueKey `OUTREACH`, dueAt outreachDueAt) while not reached: the uncontacted gauge |
 * | attempt                     | CASE#<caseId>         | ATTEMPT#<nnnn>      | written with the case's new version in one transaction |
 * | model (current pointer)     | MODEL                 | CURRENT             | versioned, audited (shared/audit/audited-version.ts): subject `churn-model` in RetentionAudit |
 * | model version               | MODEL                 | VERSION#<nnnnnnnn>  | immutable |
 * | KPI bucket (counters)       | KPI#<branch>          | DAY#<yyyy-mm-dd>    | byEntity (entityType KPI_DAY, listKey `<day>#<branch>`), shared/dynamodb/day-buckets.ts; counters: KPI_COUNTERS |
 * | level counts (per branch)   | LEVELS#<branch>       | CURRENT             | counters `low`, `medium`, `high` moved in the rescore's transaction when a level changes: the analysts' aggregated worklist |
 * | recent recommendations      | CUSTOMER#<id>         | OFFERS              | the customer's latest recommendation ids (RecommendationMade): an attempt's offer must be one of them |
 * | calendar year (mirror)      | (shared/time/dynamo-calendar-mirror.ts) |  | the working-day calendar's years loaded by an admin (WorkingCalendarChanged) |
 * | outbox event                | OUTBOX#<eventId>      | EVENT               | (shared/outbox) |
 */
export const FEATURES_ENTITY = 'FEATURES';

const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;

export const featuresKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'FEATURES' });
export const riskKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'RISK' });
export const openCaseKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'OPEN_CASE' });
export const HISTORY_PREFIX = 'HISTORY#';
export const historyKey = (customerId: string, at: string, n: number) => ({
  pk: customerPk(customerId),
  sk: `${HISTORY_PREFIX}${at}#${String(n).padStart(4, '0')}`,
});
export const customerPartition = customerPk;

/** Worklist partitions: a branch's or an RM's customers at one level. */
export const riskBranchKey = (branch: string, level: string) => `RISK#${branch}#${level}`;
export const riskAssigneeKey = (rmId: string, level: string) => `RISK#${rmId}#${level}`;
/**
 * Sorts by priority, highest first, in a forward query: the priority's complement, zero-padded
 * (priorities are score × value at risk in minor units, below 1e18), then the customer id.
 */
export function priorityListKey(priority: number, customerId: string): string {
  const capped = Math.min(Math.max(Math.round(priority), 0), 999_999_999_999_999);
  return `${String(999_999_999_999_999 - capped).padStart(15, '0')}#${customerId}`;
}

export const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
export const attemptKey = (caseId: string, attempt: number) => ({
  pk: `CASE#${caseId}`,
  sk: `ATTEMPT#${String(attempt).padStart(4, '0')}`,
});
export const caseBranchKey = (branch: string, status: string) => `CASE#${branch}#${status}`;
export const caseAssigneeKey = (assignee: string, status: string) => `CASE#${assignee}#${status}`;
export const caseListKey = (openedAt: string, caseId: string) => `${openedAt}#${caseId}`;
/** The byDue partition of cases whose outreach is not done yet. */
export const OUTREACH_DUE_KEY = 'OUTREACH';

export const MODEL_PK = 'MODEL';
/** The pointer to the model in force (absent while the shipped default is). */
export const modelCurrentKey = () => ({ pk: MODEL_PK, sk: 'CURRENT' });
/** A saved model version's immutable item. */
export const modelVersionKey = (version: number) => ({
  pk: MODEL_PK,
  sk: `VERSION#${String(version).padStart(8, '0')}`,
});
/** The audit subject of the churn model's changes. */
export const MODEL_AUDIT_SUBJECT = 'churn-model';

export const levelCountsKey = (branch: string) => ({ pk: `LEVELS#${branch}`, sk: 'CURRENT' });
export const LEVEL_COUNTS_ENTITY = 'LEVEL_COUNTS';
export const offersKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'OFFERS' });

/** KPI buckets are laid out as every capability's (shared/dynamodb/day-buckets.ts). */
export { KPI_DAY_ENTITY, kpiBucketKey, kpiDayListKey } from '../../../shared/dynamodb/day-buckets.js';

/**
 * The counters of a KPI bucket (branch, CST day), each added in the same transaction as the
 * change it counts (shared/dynamodb/counters.ts):
 * - `alertsHigh`, `alertsMedium`: ChurnRiskChanged to that level (the rescore's transaction);
 * - `customersJoined`, `customersChurned`: a customer registered, a relationship closed (the
 *   features write): the churn rate's customers at the start of a period are the sums before it;
 * - `casesOpened`; `contactedInTime`, `contactedLate` (the first reached attempt before or after
 *   `outreachDueAt`); `casesEscalated`;
 * - `outcomeRetained`, `outcomeReactivated`, `outcomeLost`; `alertsConfirmed` (a closed case whose
 *   alert proved right: lost, reactivated, or a cause other than `not-leaving`/`unknown`);
 *   `closedEarly`.
 */
export const KPI_COUNTERS = [
  'alertsHigh',
  'alertsMedium',
  'customersJoined',
  'customersChurned',
  'casesOpened',
  'contactedInTime',
  'contactedLate',
  'casesEscalated',
  'outcomeRetained',
  'outcomeReactivated',
  'outcomeLost',
  'alertsConfirmed',
  'closedEarly',
] as const;
export type KpiCounter = (typeof KPI_COUNTERS)[number];
