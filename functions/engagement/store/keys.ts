/**
 * Key schema of the Engagement table (single-table design). Every key is built here and nowhere
 * else; each area's store (contacts, templates, surveys, tasks, KPIs) owns its own items.
 *
 * | item                          | pk                        | sk                          | GSI keys |
 * |-------------------------------|---------------------------|-----------------------------|----------|
 * | customer facts (C1 mirror)    | CUSTOMER#<customerId>     | FACTS                       | byEntity (entityType CUSTOMER_FACTS, listKey `<branch>#<customerId>`) |
 * | contact (one per request)     | CUSTOMER#<customerId>     | CONTACT#<contactId>         | byDue while deferred (dueKey CONTACT) |
 * | marketing-cap ledger          | CUSTOMER#<customerId>     | MARKETING-CAP               |          |
 * | periodic-visit plan           | CUSTOMER#<customerId>     | VISIT-PLAN                  | byDue (dueKey PERIODIC-VISIT) |
 * | contact request (dedupe)      | REQUEST#<requestId>       | REQUEST                     |          |
 * | template version              | TEMPLATE#<templateId>     | V#<version, 6 digits>       |          |
 * | template (current)            | TEMPLATE#<templateId>     | CURRENT                     | byEntity (entityType TEMPLATE, listKey templateId) |
 * | survey                        | SURVEY#<surveyId>         | SURVEY                      | byDue while unanswered (dueKey SURVEY-EXPIRY) |
 * | survey free text (sealed)     | SURVEY#<surveyId>         | TEXT                        |          |
 * | task (visit, follow-up)       | TASK#<taskId>             | TASK                        | byEntity (entityType TASK), byAssignee, byBranch, byQueue, byDue while open and not escalated (dueKey TASK) |
 * | task attempt (notes sealed)   | TASK#<taskId>             | ATTEMPT#<n, 3 digits>       |          |
 * | complaint facts               | COMPLAINT#<complaintId>   | FACTS                       |          |
 * | KPI bucket (counters)         | KPI#<branch>              | DAY#<yyyy-mm-dd>            | byEntity (entityType KPI_DAY, listKey `<yyyy-mm-dd>#<branch>`: every branch's days of a range in one query) |
 * | processed event               | EVENT#<eventId>           | PROCESSED                   | (TTL `expiresAt`) |
 * | idempotency record            | IDEMPOTENCY#<sub>#<key>   | IDEMPOTENCY                 | (TTL `expiresAt`) |
 * | outbox event                  | OUTBOX#<eventId>          | EVENT                       | (shared/outbox) |
 * | mirrored calendar year        | CALENDAR#MIRROR           | YEAR#<yyyy>                 | (shared/time/dynamo-calendar-mirror.ts) |
 *
 * Contact and task ids are ULIDs (shared/ids.ts), so a customer's contacts sort by time.
 * Index attributes: `dueKey` + `dueAt` (sparse, what the minute job picks up), `entityType` +
 * `listKey`, `assigneeKey` (`ASSIGNEE#<sub>`), `branchKey` (`BRANCH#<branch>`), `queueKey`
 * (`QUEUE#<queue>`) with `listKey` `<dueAt>#<taskId>` on tasks.
 *
 * The data key of each customer's engagement texts (survey free text, visit notes) is in the
 * EngagementKeys table (partition `customerId`), deleted when the customer is erased.
 */
export const CUSTOMER_FACTS_ENTITY = 'CUSTOMER_FACTS';
export const TEMPLATE_ENTITY = 'TEMPLATE';
export const TASK_ENTITY = 'TASK';
export const DUE_KINDS = {
  contact: 'CONTACT',
  periodicVisit: 'PERIODIC-VISIT',
  surveyExpiry: 'SURVEY-EXPIRY',
  task: 'TASK',
} as const;

const customerPk = (customerId: string) => `CUSTOMER#${customerId}`;

export const factsKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'FACTS' });
export const factsListKey = (branch: string, customerId: string) => `${branch}#${customerId}`;
export const contactKey = (customerId: string, contactId: string) => ({
  pk: customerPk(customerId),
  sk: `CONTACT#${contactId}`,
});
/** The partition and sort-key prefix of a customer's contacts (ULID order: oldest first). */
export const contactsOf = (customerId: string) => ({ pk: customerPk(customerId), skPrefix: 'CONTACT#' });
export const marketingCapKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'MARKETING-CAP' });
export const visitPlanKey = (customerId: string) => ({ pk: customerPk(customerId), sk: 'VISIT-PLAN' });
export const requestKey = (requestId: string) => ({ pk: `REQUEST#${requestId}`, sk: 'REQUEST' });
export const templateVersionKey = (templateId: string, version: number) => ({
  pk: `TEMPLATE#${templateId}`,
  sk: `V#${String(version).padStart(6, '0')}`,
});
export const templateCurrentKey = (templateId: string) => ({ pk: `TEMPLATE#${templateId}`, sk: 'CURRENT' });
export const surveyKey = (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'SURVEY' });
export const surveyTextKey = (surveyId: string) => ({ pk: `SURVEY#${surveyId}`, sk: 'TEXT' });
export const taskKey = (taskId: string) => ({ pk: `TASK#${taskId}`, sk: 'TASK' });
export const taskAttemptKey = (taskId: string, attempt: number) => ({
  pk: `TASK#${taskId}`,
  sk: `ATTEMPT#${String(attempt).padStart(3, '0')}`,
});
export const complaintFactsKey = (complaintId: string) => ({ pk: `COMPLAINT#${complaintId}`, sk: 'FACTS' });
/** KPI buckets are laid out as every capability's (shared/dynamodb/day-buckets.ts). */
export { KPI_DAY_ENTITY, kpiBucketKey, kpiDayListKey } from '../../../shared/dynamodb/day-buckets.js';
export const processedEventKey = (eventId: string) => ({ pk: `EVENT#${eventId}`, sk: 'PROCESSED' });
export const assigneeKeyOf = (sub: string) => `ASSIGNEE#${sub}`;
export const branchKeyOf = (branch: string) => `BRANCH#${branch}`;
export const queueKeyOf = (queue: string) => `QUEUE#${queue}`;
