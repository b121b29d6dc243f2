import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { calendarYearViewSchema } from '../../../functions/calendars/api/responses.js';
import { calendarsApi } from '../../../functions/calendars/api/route-handlers.js';
import { DEFAULT_CHECK_FROM } from '../../../functions/calendars/domain/check-window.js';
import { calendarsPolicy } from '../../../functions/calendars/policy.js';
import { ROLES, type Role } from '../../../shared/auth/types.js';
import { createHttpApi } from '../../../shared/http/api-handler.js';
import { UnauthorizedError } from '../../../shared/http/problem.js';
import { builtInYears } from '../../../shared/time/calendars/built-in.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { expectSchema } from '../../support/contract.js';
import { httpEvent, jsonBody, lambdaContext } from '../../support/http-event.js';
import { InMemoryCalendarStore, year2027 } from './fake-calendar-store.js';

/** A stand-in for the JWT authorizer: the caller's role comes from a test header. */
function fakeAuthorizer(event: APIGatewayProxyEventV2) {
  const role = event.headers['x-test-role'];
  if (role === undefined || !(ROLES as readonly string[]).includes(role)) throw new UnauthorizedError();
  return { sub: `user-${role}`, role: role as Role, scopes: [] };
}

const PATH = '/v1/config/calendars/{year}';

describe('GET/PUT /v1/config/calendars/{year}', () => {
  let store: InMemoryCalendarStore;
  let call: (
    method: 'GET' | 'PUT',
    role: Role,
    year: string,
    options?: { body?: unknown; ifMatch?: string },
  ) => Promise<APIGatewayProxyStructuredResultV2>;
  let quiet: MockInstance[];

  beforeEach(() => {
    // The API logs every refused request and its metrics to stdout; keep the run readable.
    quiet = [
      vi.spyOn(process.stdout, 'write').mockImplementation(() => true),
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true),
    ];
    store = new InMemoryCalendarStore();
    const clock = new ControlledClock(new Date('2026-12-04T02:00:00.000Z'));
    const api = createHttpApi(
      calendarsApi({ store, builtIn: builtInYears, checkFrom: DEFAULT_CHECK_FROM, clock }),
      { policy: calendarsPolicy, authorize: fakeAuthorizer },
    );
    call = async (method, role, year, options = {}) => {
      const headers: Record<string, string> = { 'x-test-role': role, 'content-type': 'application/json' };
      if (options.ifMatch !== undefined) headers['if-match'] = options.ifMatch;
      const event = httpEvent({
        method,
        path: `/v1/config/calendars/${year}`,
        routeKey: `${method} ${PATH}`,
        headers,
        ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      });
      return api(event, lambdaContext('CalendarsApi'));
    };
  });
  afterEach(() => {
    for (const spy of quiet) spy.mockRestore();
  });

  it('shows an admin a built-in year as version 0 with its ETag, and a year with no data as 404', async () => {
    // Act
    const built = await call('GET', 'admin', '2026');
    const missing = await call('GET', 'admin', '2027');

    // Assess
    expect(built.statusCode).toBe(200);
    expect(built.headers?.etag).toBe('"0"');
    expect(expectSchema(calendarYearViewSchema, jsonBody(built))).toMatchObject({
      year: 2026,
      source: 'built-in',
      version: 0,
    });
    expect(missing.statusCode).toBe(404);
    expect(jsonBody(missing).code).toBe('calendar-year-missing');
  });

  it('lets an admin load a year from If-Match "0" and answers the new version with its ETag', async () => {
    // Act
    const put = await call('PUT', 'admin', '2027', { body: year2027(), ifMatch: '"0"' });
    const get = await call('GET', 'compliance-officer', '2027');

    // Assess
    expect(put.statusCode).toBe(200);
    expect(put.headers?.etag).toBe('"1"');
    expect(expectSchema(calendarYearViewSchema, jsonBody(put))).toMatchObject({
      year: 2027,
      source: 'loaded',
      version: 1,
      updatedBy: 'user-admin',
    });
    expect(get.statusCode).toBe(200);
    expect(get.headers?.etag).toBe('"1"');
    expect(jsonBody(get)).toEqual(jsonBody(put));
  });

  it.each(ROLES.filter((role) => role !== 'admin'))(
    'refuses %s a PUT with 403 and writes nothing',
    async (role) => {
      // Act
      const put = await call('PUT', role, '2027', { body: year2027(), ifMatch: '"0"' });

      // Assess
      expect(put.statusCode).toBe(403);
      expect(store.saves).toBe(0);
    },
  );

  it.each(ROLES.filter((role) => role !== 'admin' && role !== 'compliance-officer'))(
    'refuses %s a GET with 403',
    async (role) => {
      // Act
      const get = await call('GET', role, '2026');

      // Assess
      expect(get.statusCode).toBe(403);
    },
  );

  it('refuses a PUT without If-Match with 428, and a malformed one with 400', async () => {
    // Act
    const missing = await call('PUT', 'admin', '2027', { body: year2027() });
    const malformed = await call('PUT', 'admin', '2027', { body: year2027(), ifMatch: 'latest' });

    // Assess
    expect(missing.statusCode).toBe(428);
    expect(malformed.statusCode).toBe(400);
    expect(store.saves).toBe(0);
  });

  it('refuses a stale If-Match with 412 stale-version and keeps the version another admin saved', async () => {
    // Prepare
    await call('PUT', 'admin', '2027', { body: year2027(), ifMatch: '"0"' });
    const other = { ...year2027(), makeUpWorkingDays: ['2027-02-20'] };

    // Act
    const response = await call('PUT', 'admin', '2027', { body: other, ifMatch: '"0"' });

    // Assess
    expect(response.statusCode).toBe(412);
    expect(jsonBody(response).code).toBe('stale-version');
    expect(store.pointers.get(2027)?.data.makeUpWorkingDays).toEqual(year2027().makeUpWorkingDays);
  });

  it.each([
    ['1999', 'year must be from 2000 to 2100'],
    ['2101', 'year must be from 2000 to 2100'],
    ['0x7EB', 'year must be a year of four digits'],
    ['2027.0', 'year must be a year of four digits'],
    ['abcd', 'year must be a year of four digits'],
    ['20270', 'year must be a year of four digits'],
  ])('refuses the year %s in the path with 422, for GET and PUT', async (year, message) => {
    // Act
    const get = await call('GET', 'admin', year);
    const put = await call('PUT', 'admin', year, { body: year2027(), ifMatch: '"0"' });

    // Assess
    for (const response of [get, put]) {
      expect(response.statusCode).toBe(422);
      expect(jsonBody(response).errors).toEqual([{ path: 'year', message }]);
    }
    expect(store.saves).toBe(0);
  });

  it('refuses a body that breaks the rules of the year with 422 listing each error, and writes nothing', async () => {
    // Prepare
    const wrongYear = year2027();
    const unknownField = { ...year2027(), inLieuDays: [] };
    const weekday = { ...year2027(), makeUpWorkingDays: ['2027-02-22'] };

    // Act
    const responses = await Promise.all(
      [wrongYear, unknownField, weekday].map((body, index) =>
        call('PUT', 'admin', index === 0 ? '2028' : '2027', { body, ifMatch: '"0"' }),
      ),
    );

    // Assess
    for (const response of responses) expect(response.statusCode).toBe(422);
    const [year, unknown, notWeekend] = responses.map((response) =>
      (jsonBody(response).errors as { path: string }[]).map((error) => error.path),
    );
    expect(year).toContain('holidays.0.from');
    expect(unknown).toEqual(['inLieuDays']);
    expect(notWeekend).toEqual(['makeUpWorkingDays.0']);
    expect(store.saves).toBe(0);
  });
});
