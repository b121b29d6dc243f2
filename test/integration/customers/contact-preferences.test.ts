import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEntry } from '../../../functions/customers/service/audit-entry.js';
import {
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
} from '../../support/customers-harness.js';

/**
 * How a customer prefers to be contacted (PUT /v1/customers/{customerId}/contact-preferences):
 * an update of the record like PATCH (If-Match, audited by field name, a new version), announced
 * by ContactPreferencesChanged in the same transaction, and refused with 422 without writing
 * anything or echoing the value when the zone or channel is unknown.
 */
describe('contact preferences', () => {
  let h: CustomersHarness;

  beforeAll(async () => {
    h = await customersHarness();
  });
  afterAll(() => h.close());

  async function register(): Promise<string> {
    const created = await h.call(callers.rm, 'POST', '/v1/customers', { body: individual() });
    expect(created.status).toBe(201);
    return String(created.json.customerId);
  }

  it('records the preferred channel and time zone, audits the field names and announces them', async () => {
    // Prepare
    const id = await register();

    // Act
    const saved = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/contact-preferences`, {
      headers: { 'if-match': '"1"' },
      body: { preferredChannel: 'app-push', timeZone: 'Europe/Paris' },
    });
    const cleared = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/contact-preferences`, {
      headers: { 'if-match': saved.headers.etag ?? '' },
      body: { preferredChannel: 'sms' },
    });
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
    const trail = await h.call(callers.compliance, 'GET', `/v1/customers/${id}/audit`);
    const announced = (await h.outboxEvents(id)).filter(
      (entry) => entry.detailType === 'ContactPreferencesChanged',
    );

    // Assess
    expect(saved.status).toBe(200);
    expect(saved.headers.etag).toBe('"2"');
    expect(cleared.headers.etag).toBe('"3"');
    expect(view.json).toMatchObject({ version: 3, preferredChannel: 'sms' });
    expect(view.json).not.toHaveProperty('timeZone');
    const records = trail.json.records as { action: string; fields: string[] }[];
    expect(records.filter((r) => r.action === 'contact-preferences.changed').map((r) => r.fields)).toEqual([
      ['preferredChannel', 'timeZone'],
      ['preferredChannel', 'timeZone'],
    ]);
    expect(JSON.stringify(records)).not.toMatch(/Europe|app-push/);
    expect(trail.json.chain).toMatchObject({ valid: true });
    // Ordered by version; a zone cleared is announced as none (each reader applies its default).
    expect(announced.map((entry) => entry.detail)).toEqual([
      expect.objectContaining({ version: 2, preferredChannel: 'app-push', timeZone: 'Europe/Paris' }),
      expect.objectContaining({ version: 3, preferredChannel: 'sms' }),
    ]);
    expect(announced[1]?.detail).not.toHaveProperty('timeZone');
  });

  it('needs If-Match (428) and refuses a stale one (412), writing nothing', async () => {
    // Prepare
    const id = await register();
    const path = `/v1/customers/${id}/contact-preferences`;

    // Act
    const missing = await h.call(callers.rm, 'PUT', path, { body: { preferredChannel: 'email' } });
    const stale = await h.call(callers.rm, 'PUT', path, {
      headers: { 'if-match': '"7"' },
      body: { preferredChannel: 'email' },
    });
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);

    // Assess
    expect(missing.status).toBe(428);
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('stale-version');
    expect(view.json.version).toBe(1);
    expect(view.json).not.toHaveProperty('preferredChannel');
  });

  it('refuses an unknown zone, an offset, an unknown channel or field with 422, never echoing it, writing nothing', async () => {
    // Prepare
    const id = await register();
    const bodies = [
      { timeZone: 'Mars/Olympus_Mons' },
      { timeZone: '+08:00' },
      { preferredChannel: 'carrier-pigeon' },
      { preferredChannel: 'email', mobile: '13800138000' },
    ];

    // Act
    const answers = [];
    for (const body of bodies) {
      answers.push(
        await h.call(callers.rm, 'PUT', `/v1/customers/${id}/contact-preferences`, {
          headers: { 'if-match': '"1"' },
          body,
        }),
      );
    }
    const view = await h.call(callers.rm, 'GET', `/v1/customers/${id}`);
    const announced = (await h.outboxEvents(id)).map((entry) => entry.detailType);

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([422, 422, 422, 422]);
    expect(answers.map((answer) => (answer.json.errors as { path: string }[])[0]?.path)).toEqual([
      'timeZone',
      'timeZone',
      'preferredChannel',
      'mobile',
    ]);
    expect(JSON.stringify(answers.map((answer) => answer.json))).not.toMatch(
      /Mars|\+08:00|pigeon|13800138000/,
    );
    expect(view.json.version).toBe(1);
    expect(announced).toEqual(['CustomerRegistered']);
  });

  it('refuses a change to an erased customer with 409', async () => {
    // Prepare: the record as the shredder leaves it.
    const id = await register();
    const record = await h.deps.store.get(id);
    if (record === undefined) throw new Error('not registered');
    await h.deps.store.change({
      customerId: id,
      base: record,
      expectedAuditSeq: record.audit?.seq ?? 0,
      bumpVersion: true,
      set: [[['shreddedAt'], '2026-01-01T00:00:00.000Z']],
      audit: auditEntry(
        new Date(),
        id,
        record.audit,
        { sub: 'system:test', role: 'system' },
        'customer.shredded',
        [],
      ),
      events: [],
    });

    // Act
    const refused = await h.call(callers.rm, 'PUT', `/v1/customers/${id}/contact-preferences`, {
      headers: { 'if-match': '"2"' },
      body: { preferredChannel: 'email' },
    });

    // Assess
    expect(refused.status).toBe(409);
    expect(refused.json.code).toBe('customer-shredded');
  });
});
