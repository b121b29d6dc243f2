import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSENT_PURPOSES } from '../../../functions/customers/events.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

describe('customer lifecycle through the API', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());

  it('creates a customer: 201, the masked view with the full name for the RM, an ETag and a Location', async () => {
    const body = individual();
    const response = await h.call(callers.rm, 'POST', '/v1/customers', { body });

    expect(response.status).toBe(201);
    expect(response.headers.etag).toBe('"1"');
    expect(response.headers.location).toBe(`/v1/customers/${response.json.customerId}`);
    expect(response.json).toMatchObject({
      type: 'individual',
      view: 'masked',
      name: '张三丰',
      mobile: `${String(body.mobile).slice(0, 3)}****${String(body.mobile).slice(-4)}`,
      birthDate: '****-**-**',
      branch: 'BJ01',
      rmId: 'rm-1',
      version: 1,
      relationship: 'active',
      restricted: false,
    });
    expect(String(response.json.idNumber)).toMatch(/^110\*{14}[\dX]$/);
  });

  it('refuses the same identity document twice with 409, and replays an Idempotency-Key', async () => {
    const body = individual();
    const key = 'req-0001-abcdef';
    const first = await h.call(callers.rm, 'POST', '/v1/customers', {
      body,
      headers: { 'idempotency-key': key },
    });
    const replay = await h.call(callers.rm, 'POST', '/v1/customers', {
      body,
      headers: { 'idempotency-key': key },
    });
    const duplicate = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: { ...body, mobile: '13700000000' },
    });
    const reused = await h.call(callers.rm, 'POST', '/v1/customers', {
      body: individual(),
      headers: { 'idempotency-key': key },
    });

    expect(first.status).toBe(201);
    expect(replay.status).toBe(201);
    expect(replay.json.customerId).toBe(first.json.customerId);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(duplicate.status).toBe(409);
    expect(duplicate.headers['content-type']).toContain('application/problem+json');
    expect(reused.status).toBe(409);
  });

  it('authorises an idempotent replay like a read: once the customer left the caller’s book, 404, never the record', async () => {
    const body = individual();
    const headers = { 'idempotency-key': 'req-0002-moved-away' };
    const first = await h.call(callers.rm, 'POST', '/v1/customers', { body, headers });
    const path = `/v1/customers/${first.json.customerId}`;
    const moved = await h.call(callers.supervisor, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { rmId: 'rm-2' },
    });

    const replay = await h.call(callers.rm, 'POST', '/v1/customers', { body, headers });
    const read = await h.call(callers.rm, 'GET', path);
    const newOwnerReads = await h.call(callers.otherRm, 'GET', path);

    expect(first.status).toBe(201);
    expect(moved.status).toBe(200);
    expect(replay.status).toBe(404);
    expect(read.status).toBe(404);
    const { instance: _replayPath, requestId: _a, ...replayProblem } = replay.json;
    const { instance: _readPath, requestId: _b, ...readProblem } = read.json;
    expect(replayProblem).toEqual(readProblem);
    expect(replay.headers.etag).toBeUndefined();
    expect(JSON.stringify(replay.json)).not.toContain(String(first.json.customerId));
    expect(JSON.stringify(replay.json)).not.toContain('张三丰');
    expect(newOwnerReads.status).toBe(200);
  });

  it('needs If-Match on PATCH (428), refuses a stale one (412) and an unevidenced name change (422)', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const path = `/v1/customers/${created.json.customerId}`;

    const missing = await h.call(callers.rm, 'PATCH', path, { body: { occupation: 'teacher' } });
    const stale = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"9"' },
      body: { occupation: 'x' },
    });
    const noEvidence = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { name: '张三' },
    });
    const ok = await h.call(callers.rm, 'PATCH', path, {
      headers: { 'if-match': '"1"' },
      body: { name: '张三', evidenceRef: 'doc:name-change/2026-001' },
    });

    expect(missing.status).toBe(428);
    expect(stale.status).toBe(412);
    expect(noEvidence.status).toBe(422);
    expect(ok.status).toBe(200);
    expect(ok.headers.etag).toBe('"2"');
    expect(ok.json.name).toBe('张三');
  });

  it('lets exactly one of 20 concurrent PATCHes with the same If-Match win, and counts every success', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const path = `/v1/customers/${created.json.customerId}`;

    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.call(callers.rm, 'PATCH', path, {
          headers: { 'if-match': '"1"' },
          body: { occupation: `job-${i}` },
        }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status !== 200);
    for (let version = 2; version <= 4; version += 1) {
      const next = await h.call(callers.rm, 'PATCH', path, {
        headers: { 'if-match': `"${version}"` },
        body: { occupation: `step-${version}` },
      });
      expect(next.status).toBe(200);
    }
    const final = await h.call(callers.rm, 'GET', path);
    const trail = await h.call(callers.supervisor, 'GET', `${path}/audit`);

    expect(winners).toHaveLength(1);
    expect(losers.map((r) => r.status)).toEqual(Array(19).fill(412));
    expect(final.json.version).toBe(5);
    expect(final.json.occupation).toBe('step-4');
    expect(trail.json.chain).toEqual({ valid: true, length: 5 });
  });

  it('lists the caller’s scope with masked names and an opaque cursor, and searches through blind indexes', async () => {
    const mine = individual();
    await h.call(callers.rm, 'POST', '/v1/customers', { body: mine });
    await h.call(callers.otherRm, 'POST', '/v1/customers', { body: individual({ rmId: 'rm-2' }) });

    const page1 = await h.call(callers.rm, 'GET', '/v1/customers', { query: { limit: '2' } });
    const rmItems = page1.json.items as { rmId: string; name: string }[];
    const supervisorList = await h.call(callers.supervisor, 'GET', '/v1/customers', {
      query: { limit: '100' },
    });
    const byMobile = await h.call(callers.rm, 'POST', '/v1/customers/search', {
      body: { mobile: `+86${mine.mobile}` },
    });
    const byId = await h.call(callers.rm, 'POST', '/v1/customers/search', {
      body: { idNumber: String(mine.idNumber).toLowerCase() },
    });
    const foreign = await h.call(callers.foreignRm, 'POST', '/v1/customers/search', {
      body: { mobile: mine.mobile },
    });
    const forged = await h.call(callers.rm, 'GET', '/v1/customers', {
      query: {
        cursor: Buffer.from(JSON.stringify({ rmKey: 'RM#rm-2', pk: 'x', sk: 'y', listKey: 'z' })).toString(
          'base64url',
        ),
      },
    });

    expect(page1.status).toBe(200);
    expect(rmItems.every((item) => item.rmId === 'rm-1')).toBe(true);
    expect(rmItems.every((item) => item.name === '张**')).toBe(true);
    expect(typeof page1.json.cursor).toBe('string');
    expect((supervisorList.json.items as { rmId: string }[]).some((item) => item.rmId === 'rm-2')).toBe(true);
    expect(byMobile.json.items).toHaveLength(1);
    expect(byId.json.items).toHaveLength(1);
    expect(foreign.json.items).toEqual([]);
    expect(forged.status).toBe(400);
  });

  it('records consents per purpose and withdraws them at once', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const id = String(created.json.customerId);

    const granted = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/consents/marketing`, {
      headers: { 'if-match': '"1"' },
      body: { granted: true, channels: ['sms', 'email'] },
    });
    const withdrawn = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/consents/marketing`, {
      headers: { 'if-match': granted.headers.etag ?? '' },
      body: { granted: false },
    });
    const unknownPurpose = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/consents/telepathy`, {
      headers: { 'if-match': withdrawn.headers.etag ?? '' },
      body: { granted: true },
    });
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
    const announced = (await h.outboxEvents(id)).filter((entry) => entry.detailType === 'ConsentChanged');

    expect(granted.status).toBe(200);
    expect(granted.json).toMatchObject({ purpose: 'marketing', granted: true, channels: ['sms', 'email'] });
    // Each change announces the channels granted after it: a consumer mirrors them as they are.
    expect(announced.map((entry) => entry.detail)).toEqual([
      expect.objectContaining({ purpose: 'marketing', granted: true, channels: ['sms', 'email'] }),
      expect.objectContaining({ purpose: 'marketing', granted: false, channels: [] }),
    ]);
    expect(withdrawn.json).toMatchObject({ granted: false, channels: [] });
    expect(unknownPurpose.status).toBe(422);
    expect(view.json.consents).toMatchObject({ marketing: { granted: false } });
    expect(view.json.version).toBe(3);
  });

  it('records a consent for every purpose, audited by field name (consents.<purpose>), never by value', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const id = String(created.json.customerId);

    const statuses: number[] = [];
    let etag = String(created.headers.etag);
    for (const purpose of CONSENT_PURPOSES) {
      const saved = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/consents/${purpose}`, {
        headers: { 'if-match': etag },
        body: { granted: true, channels: ['sms', 'app-push'], evidenceRef: `form-${purpose}` },
      });
      statuses.push(saved.status);
      etag = String(saved.headers.etag);
    }
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
    const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${id}/audit`);
    const records = trail.json.records as { action: string; fields: string[]; purpose?: string }[];

    expect(statuses).toEqual(CONSENT_PURPOSES.map(() => 200));
    expect(Object.keys(view.json.consents as object).sort()).toEqual([...CONSENT_PURPOSES].sort());
    expect(view.json.version).toBe(1 + CONSENT_PURPOSES.length);
    expect(records.filter((r) => r.action === 'consent.changed').map((r) => r.fields)).toEqual(
      CONSENT_PURPOSES.map((purpose) => [`consents.${purpose}`]),
    );
    expect(JSON.stringify(records)).not.toMatch(/sms|app-push/);
    expect(trail.json.chain).toEqual({ valid: true, length: 1 + CONSENT_PURPOSES.length });
  });

  it('treats a consent change as an update: If-Match required (428), stale or weak refused (412), new ETag answered', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const id = String(created.json.customerId);
    const path = `/v1/customers/${id}/consents/marketing`;
    const grant = { granted: true, channels: ['sms'] };
    await h.call(callers.rm, 'PATCH', `/v1/customers/${id}`, {
      headers: { 'if-match': '"1"' },
      body: { occupation: 'teacher' },
    });

    const missing = await h.call(callers.rm, 'PUT', path, { body: grant });
    const stale = await h.call(callers.rm, 'PUT', path, { headers: { 'if-match': '"1"' }, body: grant });
    const weak = await h.call(callers.rm, 'PUT', path, { headers: { 'if-match': 'W/"2"' }, body: grant });
    const unchanged = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
    const saved = await h.call(callers.rm, 'PUT', path, { headers: { 'if-match': '"2"' }, body: grant });
    // The ETag a consent change answers is the record's: the next PATCH is based on it.
    const patched = await h.call(callers.rm, 'PATCH', `/v1/customers/${id}`, {
      headers: { 'if-match': saved.headers.etag ?? '' },
      body: { occupation: 'engineer' },
    });
    const outOfBook = await h.call(callers.otherRm, 'PUT', path, {
      headers: { 'if-match': '"4"' },
      body: grant,
    });

    expect(missing.status).toBe(428);
    expect(missing.json.code).toBe('precondition-required');
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('stale-version');
    expect(weak.status).toBe(412);
    expect(weak.json.code).toBe('stale-version');
    expect(unchanged.json.version).toBe(2);
    expect(unchanged.json.consents).toEqual({});
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"3"');
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('"4"');
    expect(outOfBook.status).toBe(404);
  });

  it('lets exactly one of 10 concurrent consent changes with the same If-Match win', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const id = String(created.json.customerId);

    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.call(callers.rm, 'PUT', `/v1/customers/${id}/consents/marketing`, {
          headers: { 'if-match': '"1"' },
          body: { granted: i % 2 === 0 },
        }),
      ),
    );
    const final = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);

    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.filter((r) => r.status !== 200).map((r) => r.status)).toEqual(Array(9).fill(412));
    expect(final.json.version).toBe(2);
  });

  it('refuses a channel named twice with 422 naming channels, and writes nothing', async () => {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    const id = String(created.json.customerId);

    const repeated = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/consents/marketing`, {
      headers: { 'if-match': '"1"' },
      body: { granted: true, channels: ['sms', 'email', 'sms'] },
    });
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);

    expect(repeated.status).toBe(422);
    expect(repeated.json.errors).toEqual([{ path: 'channels', message: 'must not repeat a channel' }]);
    expect(view.json.version).toBe(1);
    expect(view.json.consents).toEqual({});
  });
});
