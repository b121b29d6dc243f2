import { randomBytes, randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, describe, expect, inject, it, vi } from 'vitest';
import { DEFAULT_CHECK_FROM } from '../../../functions/calendars/domain/check-window.js';
import { WorkingCalendarChanged } from '../../../functions/calendars/events.js';
import { calendarsCapability } from '../../../functions/calendars/index.js';
import { getCalendarYear, putCalendarYear } from '../../../functions/calendars/service/calendar-years.js';
import type { CalendarsDeps } from '../../../functions/calendars/service/deps.js';
import { DynamoCalendarStore } from '../../../functions/calendars/store/dynamo-calendar-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import {
  type AuditRecord,
  auditRecordFromItem,
  LocalAuditSigner,
  verifyChain,
} from '../../../shared/audit/index.js';
import { parseEventDetail } from '../../../shared/events/index.js';
import { PreconditionFailedError } from '../../../shared/http/problem.js';
import { metrics } from '../../../shared/observability/metrics.js';
import { OUTBOX_ENTITY_TYPE } from '../../../shared/outbox/index.js';
import { builtInYears } from '../../../shared/time/calendars/built-in.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { localClient, scanAll } from '../../support/dynamo.js';
import { lambdaContext } from '../../support/lambda-context.js';

const ADMIN = { sub: 'admin-1', role: 'admin' };

/** 2027 shaped like a real notice (dates illustrative, not the official notice). */
function year2027() {
  return {
    holidays: [
      { name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' },
      { name: '春节', from: '2027-02-06', to: '2027-02-13' },
      { name: 'National Day', from: '2027-10-01', to: '2027-10-07' },
    ],
    makeUpWorkingDays: ['2027-02-20', '2027-09-26', '2027-10-09'],
  };
}

const clients: DynamoDBDocumentClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** The calendars store on its own pair of tables. */
async function calendarHarness(now = new Date('2026-12-04T02:00:00.000Z')) {
  const endpoint = inject('dynamodbEndpoint');
  const created = await createIsolatedTables(endpoint, {
    prefix: `it-cal-${randomUUID().slice(0, 8)}-`,
    capabilities: [calendarsCapability],
  });
  const tables = { table: created.tables.Calendars ?? '', auditTable: created.tables.CalendarAudit ?? '' };
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  clients.push(db);
  const clock = new ControlledClock(now);
  const deps: CalendarsDeps = {
    store: new DynamoCalendarStore(db, tables, clock, new LocalAuditSigner(randomBytes(32))),
    builtIn: builtInYears,
    checkFrom: DEFAULT_CHECK_FROM,
    clock,
  };
  /** One year's audit chain, in `seq` order. */
  const auditTrail = async (year: number): Promise<AuditRecord[]> => {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: tables.auditTable,
        KeyConditionExpression: 'subject = :s',
        ExpressionAttributeValues: { ':s': `calendar#${year}` },
        ConsistentRead: true,
      }),
    );
    return Items.map(auditRecordFromItem);
  };
  const items = () => scanAll(db, tables.table);
  return { deps, db, tables, clock, endpoint, auditTrail, items };
}

describe('calendar years on DynamoDB Local', () => {
  it('saves versions 1 and 2: pointer, immutable versions, an audit chain and one event each', async () => {
    // Prepare
    const h = await calendarHarness();
    const corrected = { ...year2027(), makeUpWorkingDays: ['2027-02-20', '2027-10-09'] };

    // Act
    await putCalendarYear(h.deps, 2027, 0, year2027(), ADMIN);
    await putCalendarYear(h.deps, 2027, 1, corrected, ADMIN);

    // Assess
    expect(await getCalendarYear(h.deps, 2027)).toMatchObject({ source: 'loaded', version: 2, ...corrected });
    const items = await h.items();
    const versions = items.filter((item) => String(item.sk).startsWith('VERSION#'));
    expect(versions.map((item) => [item.sk, item.makeUpWorkingDays])).toEqual([
      ['VERSION#0000000001', year2027().makeUpWorkingDays],
      ['VERSION#0000000002', corrected.makeUpWorkingDays],
    ]);
    const trail = await h.auditTrail(2027);
    expect(verifyChain(trail, { head: (await h.deps.store.current(2027))?.audit })).toEqual({
      valid: true,
      length: 2,
    });
    expect(trail.map((record) => [record.seq, record.action, record.fields])).toEqual([
      [1, 'calendar.updated', ['holidays', 'makeUpWorkingDays']],
      [2, 'calendar.updated', ['makeUpWorkingDays']],
    ]);
    const events = items
      .filter((item) => item.entityType === OUTBOX_ENTITY_TYPE)
      .map((item) => parseEventDetail(WorkingCalendarChanged, JSON.parse(String(item.detail))))
      .sort((a, b) => a.version - b.version);
    expect(
      events.map(({ year, version, makeUpWorkingDays }) => ({ year, version, makeUpWorkingDays })),
    ).toEqual([
      { year: 2027, version: 1, makeUpWorkingDays: year2027().makeUpWorkingDays },
      { year: 2027, version: 2, makeUpWorkingDays: corrected.makeUpWorkingDays },
    ]);
  });

  it('lets exactly one of concurrent PUTs from the same version win; the others get 412 and write nothing', async () => {
    // Prepare: five admins load 2027 at once, each with a different make-up day.
    const h = await calendarHarness();
    const bodies = ['2027-02-20', '2027-09-26', '2027-10-09', '2027-04-10', '2027-05-15'].map((day) => ({
      ...year2027(),
      makeUpWorkingDays: [day],
    }));

    // Act
    const results = await Promise.allSettled(
      bodies.map((body, i) => putCalendarYear(h.deps, 2027, 0, body, { sub: `admin-${i}`, role: 'admin' })),
    );

    // Assess
    const won = results.filter((result) => result.status === 'fulfilled');
    const lost = results.filter((result) => result.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const result of lost) expect(result.reason).toBeInstanceOf(PreconditionFailedError);
    const winner = won[0]?.status === 'fulfilled' ? won[0].value : undefined;
    expect(winner?.version).toBe(1);
    const items = await h.items();
    expect(items.filter((item) => String(item.sk).startsWith('VERSION#'))).toHaveLength(1);
    expect(items.filter((item) => item.entityType === OUTBOX_ENTITY_TYPE)).toHaveLength(1);
    expect(await h.auditTrail(2027)).toHaveLength(1);
    expect((await getCalendarYear(h.deps, 2027)).makeUpWorkingDays).toEqual(winner?.makeUpWorkingDays);
  });

  it('keeps each year’s versions and audit chain apart', async () => {
    // Prepare
    const h = await calendarHarness();
    const builtIn2026 = builtInYears.get(2026);
    if (builtIn2026 === undefined) throw new Error('2026 is built in');

    // Act
    await putCalendarYear(h.deps, 2027, 0, year2027(), ADMIN);
    await putCalendarYear(h.deps, 2026, 0, { ...builtIn2026, makeUpWorkingDays: ['2026-12-26'] }, ADMIN);

    // Assess
    expect((await getCalendarYear(h.deps, 2026)).version).toBe(1);
    expect((await getCalendarYear(h.deps, 2027)).version).toBe(1);
    expect((await h.auditTrail(2026)).map((record) => record.fields)).toEqual([['makeUpWorkingDays']]);
    expect(await h.auditTrail(2027)).toHaveLength(1);
  });
});

describe('the daily calendar check', () => {
  async function runCheck(h: Awaited<ReturnType<typeof calendarHarness>>) {
    // The handler builds its own client from the environment, as in Lambda.
    vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', h.endpoint);
    vi.stubEnv('AWS_REGION', 'us-east-1');
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
    // Imported here, with its table in the environment: the module builds Lambda's own handler
    // from process.env when it loads, as a cold start does.
    vi.stubEnv('CALENDARS_TABLE', h.tables.table);
    const { createHandler: createDailyCheck } = await import(
      '../../../functions/calendars/handlers/daily-check.js'
    );
    const added = vi.spyOn(metrics, 'addMetric');
    const handler = createDailyCheck({
      env: { CALENDARS_TABLE: h.tables.table, CALENDAR_CHECK_FROM: '12-01' },
      clock: h.clock,
    });
    const result = await handler({}, lambdaContext('CalendarsDailyCheck'));
    const missing = added.mock.calls.filter(([name]) => name === 'CalendarYearMissing');
    added.mockRestore();
    return { result, missing };
  }

  it('counts CalendarYearMissing from 1 December while next year has no data, and stops once it is loaded', async () => {
    // Prepare
    const h = await calendarHarness(new Date('2026-11-30T01:00:00.000Z'));

    // Act
    const november = await runCheck(h);
    h.clock.set(new Date('2026-12-04T01:00:00.000Z'));
    const december = await runCheck(h);
    await putCalendarYear(h.deps, 2027, 0, year2027(), ADMIN);
    const loaded = await runCheck(h);

    // Assess
    expect(november).toEqual({ result: { checked: false }, missing: [] });
    expect(december.result).toEqual({ checked: true, year: 2027, missing: true });
    expect(december.missing).toEqual([['CalendarYearMissing', 'Count', 1]]);
    expect(loaded).toEqual({ result: { checked: true, year: 2027, missing: false }, missing: [] });
  });
});
