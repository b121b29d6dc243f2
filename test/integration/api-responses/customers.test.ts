import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditTrailSchema } from '../../../functions/customers/api/audit-responses.js';
import {
  consentResultSchema,
  contactPreferencesResultSchema,
  erasureStatusSchema,
} from '../../../functions/customers/api/privacy-responses.js';
import {
  customerListPageSchema,
  customerSearchResultSchema,
  customerViewSchema,
} from '../../../functions/customers/api/responses.js';
import {
  reviewCompletionSchema,
  reviewListPageSchema,
} from '../../../functions/customers/api/review-responses.js';
import { processComplianceEvent } from '../../../functions/customers/service/compliance.js';
import { shredCustomer } from '../../../functions/customers/service/privacy.js';
import { awaitReviewStage, markReviewOverdue } from '../../../functions/customers/service/reviews.js';
import { usccCheckChar } from '../../../shared/identity/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { expectSchema } from '../../support/contract.js';
import {
  amlEvent,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';
import { openDueReviews } from '../../support/customers-passes.js';

const DAY = 86_400_000;
const MASK = /\*/;

let usccSequence = 1000;
/** A new valid corporate registration for rm-1 in BJ01 (a unique USCC each call). */
function corporate(): Record<string, unknown> {
  usccSequence += 1;
  const first17 = `91110105MA0${String(usccSequence).padStart(6, '0')}`;
  return {
    type: 'corporate',
    name: '示例科技有限公司',
    uscc: `${first17}${usccCheckChar(first17)}`,
    legalRepresentative: { name: '李四光', idType: 'passport', idNumber: 'E12345678' },
    contactMobile: '13912345678',
    riskTolerance: 'C2',
    riskAssessedAt: '2026-02-20T09:30:00+08:00',
    branch: 'BJ01',
    rmId: 'rm-1',
  };
}

/**
 * Every success body of the customers API, produced the way a client produces it, parsed with
 * its response schema (strict: an undeclared field fails). Each test starts on Monday
 * 2026-03-02, 10:00 in Beijing.
 */
describe('customers API success bodies fit their response schemas', () => {
  let h: CustomersHarness;
  let clock: ControlledClock;

  beforeAll(async () => {
    h = await customersHarness();
  });
  beforeEach(() => {
    clock = new ControlledClock(new Date('2026-03-02T02:00:00.000Z'));
    h.clock.use(clock);
  });
  afterEach(() => h.clock.reset());
  afterAll(() => h.close());

  async function register(body: Record<string, unknown> = individual()): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body });
    expect(created.status).toBe(201);
    return String(created.json.customerId);
  }

  describe('POST /v1/customers', () => {
    it('answers 201 with the creator’s view (the name in full), and the same on an idempotent replay', async () => {
      // Prepare
      const body = individual();
      const headers = { 'idempotency-key': 'contract-0001' };

      // Act
      const first = await h.call(callers.rm, 'POST', '/v1/customers', { body, headers });
      const replay = await h.call(callers.rm, 'POST', '/v1/customers', { body, headers });

      // Assess
      expect(first.status).toBe(201);
      const view = expectSchema(customerViewSchema, first.body);
      expect(view).toMatchObject({ type: 'individual', view: 'masked', name: '张三丰', version: 1 });
      expect(first.headers).toMatchObject({ etag: '"1"', location: `/v1/customers/${view.customerId}` });
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      expect(replay.status).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(expectSchema(customerViewSchema, replay.body)).toEqual(view);
    });

    it('answers 201 for a corporate (legal representative masked) and for a minimal individual', async () => {
      // Prepare
      const minimal = individual({ idType: 'passport', idNumber: 'E98765432' });
      for (const optional of [
        'email',
        'address',
        'birthDate',
        'occupation',
        'riskTolerance',
        'riskAssessedAt',
      ]) {
        delete minimal[optional];
      }

      // Act
      const company = await h.call(callers.supervisor, 'POST', '/v1/customers', { body: corporate() });
      const person = await h.call(callers.rm, 'POST', '/v1/customers', { body: minimal });

      // Assess
      expect(company.status).toBe(201);
      const companyView = expectSchema(customerViewSchema, company.body);
      expect(companyView).toMatchObject({
        type: 'corporate',
        name: '示例科技有限公司',
        riskAssessedAt: '2026-02-20T09:30:00+08:00',
      });
      expect(person.status).toBe(201);
      const personView = expectSchema(customerViewSchema, person.body);
      expect(Object.keys(personView)).not.toEqual(
        expect.arrayContaining(['email', 'address', 'birthDate', 'occupation', 'riskTolerance']),
      );
    });
  });

  describe('GET /v1/customers/{customerId}', () => {
    it('answers each role its variant: the name in full, all masked, or everything revealed', async () => {
      // Prepare
      const body = individual();
      const customerId = await register(body);
      const path = `/v1/customers/${customerId}`;
      const found = await h.call(callers.agent, 'POST', '/v1/customers/search', {
        body: { mobile: body.mobile },
      });
      expect(found.status).toBe(200);

      // Act
      const rm = await h.call(callers.rm, 'GET', path);
      const supervisor = await h.call(callers.supervisor, 'GET', path);
      const agent = await h.call(callers.agent, 'GET', path);
      const compliance = await h.call(callers.compliance, 'GET', path);
      const revealed = await h.call(callers.compliance, 'GET', path, {
        query: { view: 'full' },
        headers: { 'x-access-purpose': 'AML case 2026-0042' },
      });

      // Assess
      for (const response of [rm, supervisor, agent]) {
        expect(response.status).toBe(200);
        expect(response.headers).toMatchObject({ etag: '"1"', 'cache-control': 'no-store' });
        expect(expectSchema(customerViewSchema, response.body)).toMatchObject({
          view: 'masked',
          name: '张三丰',
        });
      }
      expect(compliance.status).toBe(200);
      const masked = expectSchema(customerViewSchema, compliance.body);
      expect(masked.view).toBe('masked');
      expect(masked.name).toMatch(MASK);
      expect(revealed.status).toBe(200);
      expect(expectSchema(customerViewSchema, revealed.body)).toMatchObject({
        view: 'full',
        name: body.name,
        idNumber: body.idNumber,
        mobile: body.mobile,
        birthDate: body.birthDate,
      });
    });

    it('answers a corporate masked to every role and in full to an audited reveal', async () => {
      // Prepare
      const customerId = await register(corporate());
      const path = `/v1/customers/${customerId}`;

      // Act
      const rm = await h.call(callers.rm, 'GET', path);
      const revealed = await h.call(callers.compliance, 'GET', path, {
        query: { view: 'full' },
        headers: { 'x-access-purpose': 'KYC refresh 2026' },
      });

      // Assess
      const view = expectSchema(customerViewSchema, rm.body);
      expect(view.type === 'corporate' ? view.legalRepresentative.name : undefined).toMatch(MASK);
      expect(expectSchema(customerViewSchema, revealed.body)).toMatchObject({
        view: 'full',
        legalRepresentative: { name: '李四光', idType: 'passport', idNumber: 'E12345678' },
        contactMobile: '13912345678',
      });
    });

    it('answers the AML status and its time once the AML system has reported', async () => {
      // Prepare
      const customerId = await register();
      await processComplianceEvent(h.deps, amlEvent(customerId, 'risk', '2026-03-02T01:30:00Z'));

      // Act
      const response = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);

      // Assess
      expect(expectSchema(customerViewSchema, response.body)).toMatchObject({
        complianceStatus: 'risk',
        complianceStatusAt: '2026-03-02T01:30:00.000Z',
        restricted: true,
      });
    });
  });

  describe('PATCH /v1/customers/{customerId}', () => {
    it('answers 200 with the view after the change and its new ETag', async () => {
      // Prepare
      const customerId = await register();

      // Act
      const response = await h.call(callers.rm, 'PATCH', `/v1/customers/${customerId}`, {
        headers: { 'if-match': '"1"' },
        body: { email: null, riskTolerance: 'C4', riskAssessedAt: '2026-03-02T09:00:00+08:00' },
      });

      // Assess
      expect(response.status).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      const view = expectSchema(customerViewSchema, response.body);
      expect(view).toMatchObject({
        version: 2,
        riskTolerance: 'C4',
        riskAssessedAt: '2026-03-02T09:00:00+08:00',
      });
      expect(view).not.toHaveProperty('email');
    });
  });

  describe('GET /v1/customers and POST /v1/customers/search', () => {
    it('answers pages with a cursor while more may follow, and an empty page outside the scope', async () => {
      // Prepare
      await register();
      await register(corporate());

      // Act
      const first = await h.call(callers.rm, 'GET', '/v1/customers', { query: { limit: '1' } });
      const cursor = String(first.json.cursor);
      const second = await h.call(callers.rm, 'GET', '/v1/customers', { query: { limit: '1', cursor } });
      const everything = await h.call(callers.compliance, 'GET', '/v1/customers', {
        query: { limit: '100' },
      });
      const foreign = await h.call(callers.rm, 'GET', '/v1/customers', { query: { rmId: 'rm-2' } });

      // Assess
      expect(expectSchema(customerListPageSchema, first.body).items).toHaveLength(1);
      expect(first.json.cursor).toEqual(expect.any(String));
      expect(expectSchema(customerListPageSchema, second.body).items).toHaveLength(1);
      const all = expectSchema(customerListPageSchema, everything.body);
      expect(all.items.map((item) => item.type)).toEqual(expect.arrayContaining(['individual', 'corporate']));
      expect(expectSchema(customerListPageSchema, foreign.body)).toEqual({ items: [] });
    });

    it('answers the customers found by mobile or identity document, masked', async () => {
      // Prepare
      const person = individual();
      const company = corporate();
      await register(person);
      await register(company);

      // Act
      const byMobile = await h.call(callers.rm, 'POST', '/v1/customers/search', {
        body: { mobile: person.mobile },
      });
      const byUscc = await h.call(callers.supervisor, 'POST', '/v1/customers/search', {
        body: { idType: 'uscc', idNumber: company.uscc },
      });
      const nobody = await h.call(callers.rm, 'POST', '/v1/customers/search', {
        body: { mobile: '13700000000' },
      });

      // Assess
      const people = expectSchema(customerSearchResultSchema, byMobile.body).items;
      expect(people).toHaveLength(1);
      expect(people[0]?.name).toMatch(MASK);
      expect(expectSchema(customerSearchResultSchema, byUscc.body).items).toHaveLength(1);
      expect(expectSchema(customerSearchResultSchema, nobody.body)).toEqual({ items: [] });
    });
  });

  describe('GET /v1/customers/{customerId}/audit', () => {
    it('answers every record of the chain, a reveal with its purpose (its code to a supervisor), and the verdict', async () => {
      // Prepare
      const customerId = await register();
      await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}`, {
        query: { view: 'full' },
        headers: { 'x-access-purpose': 'AML case 2026-0042' },
      });

      // Act
      const supervisor = await h.call(callers.supervisor, 'GET', `/v1/customers/${customerId}/audit`);
      const compliance = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}/audit`);

      // Assess
      expect(supervisor.status).toBe(200);
      expect(supervisor.headers['cache-control']).toBe('no-store');
      const trail = expectSchema(auditTrailSchema, supervisor.body);
      expect(trail.chain).toEqual({ valid: true, length: 2 });
      // A supervisor sees the purpose code of a reveal, the compliance officer the whole purpose.
      expect(trail.records[1]).toMatchObject({ action: 'customer.revealed', purpose: 'AML' });
      const full = expectSchema(auditTrailSchema, compliance.body);
      expect(full.chain).toEqual({ valid: true, length: 3 });
      expect(full.records[1]).toMatchObject({ action: 'customer.revealed', purpose: 'AML case 2026-0042' });
      expect(full.records[2]).toMatchObject({ action: 'audit.read', actor: callers.supervisor.sub });
    });
  });

  describe('PUT /v1/customers/{customerId}/consents/{purpose}', () => {
    it('answers the consent on record: a grant with its channels, a withdrawal with none', async () => {
      // Prepare: the service agent found the customer by search, so it may act on it.
      const body = individual();
      const customerId = await register(body);
      await h.call(callers.agent, 'POST', '/v1/customers/search', { body: { mobile: body.mobile } });
      const path = `/v1/customers/${customerId}/consents/marketing`;

      // Act
      const grant = await h.call(callers.rm, 'PUT', path, {
        headers: { 'if-match': '"1"' },
        body: { granted: true, channels: ['sms', 'app-push'], evidenceRef: 'form-2026-001' },
      });
      const everyChannel = await h.call(
        callers.agent,
        'PUT',
        `/v1/customers/${customerId}/consents/analytics`,
        {
          headers: { 'if-match': grant.headers.etag ?? '' },
          body: { granted: true },
        },
      );
      const withdrawal = await h.call(callers.supervisor, 'PUT', path, {
        headers: { 'if-match': everyChannel.headers.etag ?? '' },
        body: { granted: false },
      });
      const view = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);

      // Assess
      expect(grant.status).toBe(200);
      expect(grant.headers.etag).toBe('"2"');
      expect(expectSchema(consentResultSchema, grant.body)).toEqual({
        customerId,
        purpose: 'marketing',
        granted: true,
        channels: ['sms', 'app-push'],
        at: '2026-03-02T02:00:00.000Z',
      });
      expect(everyChannel.status).toBe(200);
      expect(everyChannel.headers.etag).toBe('"3"');
      expect(withdrawal.headers.etag).toBe('"4"');
      expect(expectSchema(consentResultSchema, everyChannel.body).channels).toEqual([
        'sms',
        'email',
        'app-push',
        'phone',
      ]);
      expect(expectSchema(consentResultSchema, withdrawal.body)).toMatchObject({
        granted: false,
        channels: [],
      });
      expect(expectSchema(customerViewSchema, view.body).consents).toMatchObject({
        marketing: { granted: false, channels: [], at: '2026-03-02T02:00:00.000Z' },
      });
    });
  });

  describe('PUT /v1/customers/{customerId}/contact-preferences', () => {
    it('answers the preferences on record, and the view shows them', async () => {
      // Prepare
      const customerId = await register();
      const path = `/v1/customers/${customerId}/contact-preferences`;

      // Act
      const set = await h.call(callers.rm, 'PUT', path, {
        headers: { 'if-match': '"1"' },
        body: { preferredChannel: 'email', timeZone: 'Asia/Urumqi' },
      });
      const view = await h.call(callers.rm, 'GET', `/v1/customers/${customerId}`);
      const cleared = await h.call(callers.supervisor, 'PUT', path, {
        headers: { 'if-match': set.headers.etag ?? '' },
        body: {},
      });

      // Assess
      expect(set.status).toBe(200);
      expect(set.headers.etag).toBe('"2"');
      expect(expectSchema(contactPreferencesResultSchema, set.body)).toEqual({
        customerId,
        preferredChannel: 'email',
        timeZone: 'Asia/Urumqi',
        at: '2026-03-02T02:00:00.000Z',
      });
      expect(expectSchema(customerViewSchema, view.body)).toMatchObject({
        preferredChannel: 'email',
        timeZone: 'Asia/Urumqi',
      });
      expect(expectSchema(contactPreferencesResultSchema, cleared.body)).toEqual({
        customerId,
        at: '2026-03-02T02:00:00.000Z',
      });
    });
  });

  describe('POST /v1/customers/{customerId}/erasure-requests and erasure', () => {
    it('answers 202 for a new request and 200 with the same body for a repeated one', async () => {
      // Prepare
      const customerId = await register();
      const path = `/v1/customers/${customerId}/erasure-requests`;

      // Act
      const created = await h.call(callers.rm, 'POST', path, { body: {} });
      clock.advance(60_000);
      const repeated = await h.call(callers.compliance, 'POST', path, {
        body: { basis: 'consent-withdrawn' },
      });

      // Assess
      expect(created.status).toBe(202);
      const status = expectSchema(erasureStatusSchema, created.body);
      expect(status).toEqual({
        customerId,
        restricted: true,
        erasureRequestedAt: '2026-03-02T02:00:00.000Z',
      });
      expect(repeated.status).toBe(200);
      expect(expectSchema(erasureStatusSchema, repeated.body)).toEqual(status);
    });

    it('accepts a request with no body at all: every field has a default', async () => {
      // Prepare
      const customerId = await register();

      // Act
      const created = await h.call(callers.rm, 'POST', `/v1/customers/${customerId}/erasure-requests`);
      const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${customerId}/audit`);

      // Assess
      expect(created.status).toBe(202);
      expect(expectSchema(erasureStatusSchema, created.body)).toEqual({
        customerId,
        restricted: true,
        erasureRequestedAt: '2026-03-02T02:00:00.000Z',
      });
      const records = expectSchema(auditTrailSchema, trail.body).records;
      expect(records.at(-1)).toMatchObject({ action: 'erasure.requested', purpose: 'customer-request' });
    });

    it('answers the shredding date for a closed relationship, and the erased record after it', async () => {
      // Prepare
      const person = await register();
      const company = await register(corporate());
      for (const customerId of [person, company]) {
        const closed = await h.call(callers.rm, 'PATCH', `/v1/customers/${customerId}`, {
          headers: { 'if-match': '"1"' },
          body: { relationship: 'closed' },
        });
        expect(closed.status).toBe(200);
        expectSchema(customerViewSchema, closed.body);
      }

      // Act
      const requested = await h.call(callers.rm, 'POST', `/v1/customers/${person}/erasure-requests`, {
        body: { basis: 'customer-request', evidenceRef: 'letter-2026-17' },
      });
      await h.call(callers.rm, 'POST', `/v1/customers/${company}/erasure-requests`, { body: {} });
      clock.advance(3_700 * DAY);
      expect(await shredCustomer(h.deps, person, { sub: 'shredder', role: 'system' })).toBe(true);
      expect(await shredCustomer(h.deps, company, { sub: 'shredder', role: 'system' })).toBe(true);
      const reads = await Promise.all(
        [person, company].flatMap((customerId) => [
          h.call(callers.rm, 'GET', `/v1/customers/${customerId}`),
          h.call(callers.compliance, 'GET', `/v1/customers/${customerId}`, {
            query: { view: 'full' },
            headers: { 'x-access-purpose': 'retention audit' },
          }),
        ]),
      );
      const list = await h.call(callers.rm, 'GET', '/v1/customers', { query: { relationship: 'closed' } });

      // Assess
      expect(requested.status).toBe(202);
      expect(expectSchema(erasureStatusSchema, requested.body)).toMatchObject({
        shredDueAt: '2036-03-02T02:00:00.000Z',
      });
      for (const read of reads) {
        expect(read.status).toBe(200);
        const view = expectSchema(customerViewSchema, read.body);
        expect(view.erased).toBe(true);
        expect(JSON.stringify(view)).not.toMatch(/E12345678|李四光|张三丰|1391234/);
      }
      const rows = expectSchema(customerListPageSchema, list.body).items;
      expect(rows.find((row) => row.customerId === person)).not.toHaveProperty('name');
    });
  });

  describe('GET /v1/reviews and POST /v1/reviews/{reviewId}/complete', () => {
    it('answers reviews in every status, and the completed review', async () => {
      // Prepare: three customers due for review six months on.
      const [toComplete, toEscalate, toMiss] = [await register(), await register(), await register()];
      clock.advance(185 * DAY);
      await openDueReviews(h.deps, h.jobItems('review-scan'));
      const open = await h.call(callers.rm, 'GET', '/v1/reviews', {
        query: { status: 'open', limit: '100' },
      });
      const reviews = expectSchema(reviewListPageSchema, open.body).items;
      const reviewOf = (customerId: string) =>
        reviews.find((r) => r.customerId === customerId)?.reviewId ?? '';
      await awaitReviewStage(h.deps, reviewOf(toComplete), 'rm', 'token-rm-1');
      await awaitReviewStage(h.deps, reviewOf(toEscalate), 'supervisor', 'token-sup-1');
      await awaitReviewStage(h.deps, reviewOf(toMiss), 'supervisor', 'token-sup-2');
      await markReviewOverdue(h.deps, reviewOf(toMiss));

      // Act
      const completed = await h.call(callers.rm, 'POST', `/v1/reviews/${reviewOf(toComplete)}/complete`, {
        body: { outcome: 'confirmed', evidenceRef: 'call-note-17' },
      });
      const pages = await Promise.all(
        (['open', 'escalated', 'completed', 'overdue'] as const).map((status) =>
          h.call(callers.supervisor, 'GET', '/v1/reviews', { query: { status } }),
        ),
      );
      const firstOfMany = await h.call(callers.compliance, 'GET', '/v1/reviews', {
        query: { status: 'completed', limit: '1' },
      });

      // Assess
      expect(completed.status).toBe(200);
      expect(expectSchema(reviewCompletionSchema, completed.body)).toMatchObject({
        reviewId: reviewOf(toComplete),
        status: 'completed',
        outcome: 'confirmed',
        completedBy: callers.rm.sub,
      });
      expect(JSON.stringify(completed.body)).not.toContain('token-');
      const [stillOpen, escalated, done, overdue] = pages.map((page) => {
        expect(page.status).toBe(200);
        return expectSchema(reviewListPageSchema, page.body).items;
      });
      expect(stillOpen?.map((r) => r.customerId)).not.toContain(toComplete);
      expect(escalated?.map((r) => r.customerId)).toContain(toEscalate);
      expect(done?.map((r) => r.customerId)).toContain(toComplete);
      expect(overdue?.find((r) => r.customerId === toMiss)).toHaveProperty('overdueAt');
      expect(JSON.stringify(pages.map((page) => page.body))).not.toContain('token-');
      expect(expectSchema(reviewListPageSchema, firstOfMany.body).items).toHaveLength(1);
    });
  });
});
