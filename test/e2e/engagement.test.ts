import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../shared/observability/index.js';
import { ok, type RequestBody } from '../support/api-client.js';
import { prcId } from '../support/customers-harness.js';
import { type E2eStaff, e2eStaff } from '../support/e2e-staff.js';
import { api, startTestCloud, type TestCloud } from '../support/local-cloud.js';

interface CapturedMessage {
  readonly contactId: string;
  readonly channel: string;
  readonly to: string;
  readonly text: string;
}

/**
 * The satisfaction loop end to end in the local cloud, every capability on the path: a complaint
 * handled to its closure (complaints), the closure starting a survey (engagement) whose contact
 * passes the contact policy and is dispatched, delivered with the customer's name and address
 * (customers) into the capture sink; the link answered through the public route without a token,
 * the KPIs moving, a follow-up opened for the poor score, and the same link refused a second time.
 */
describe('the satisfaction loop in the local cloud', () => {
  let cloud: TestCloud;
  let staff: E2eStaff;
  let customerId: string;
  const name = '欧阳修';
  const mobile = '13912340744';
  const secretWords = 'e2e-marker-survey 柜台服务太慢了';

  beforeAll(async () => {
    // Monday 2 March 2026, 10:00 in Beijing: outside quiet hours.
    cloud = await startTestCloud({ now: new Date('2026-03-02T02:00:00Z') });
    staff = await e2eStaff(cloud);
    const registered = await staff.rm.POST('/v1/customers', {
      body: {
        type: 'individual',
        name,
        idType: 'prc-id',
        idNumber: prcId('1984-05-21', 744),
        mobile,
        branch: 'BJ01',
        rmId: 'rm-e2e',
      } satisfies RequestBody<'/v1/customers', 'post'>,
    });
    customerId = ok(registered).customerId;
    await cloud.settle();
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  async function captured(): Promise<CapturedMessage[]> {
    const listed = await api(cloud).get('/local/messages');
    expect(listed.status).toBe(200);
    return listed.json.messages as CapturedMessage[];
  }

  async function kpis() {
    return ok(
      await staff.supervisor.GET('/v1/engagement/kpis', {
        params: { query: { from: '2026-03-01', to: '2026-03-31' } },
      }),
    );
  }

  it('sends a survey after a closed complaint, takes one answer through the public link and counts it', async () => {
    // Every function on the path runs in this process and shares one logger: whatever any of
    // them hands it, at any level, is captured here and checked at the end for the customer's
    // name, mobile and words (before the formatter's redaction: what the code passes must be clean).
    const logged: string[] = [];
    const spies = (['debug', 'info', 'warn', 'error', 'critical'] as const).map((level) =>
      vi.spyOn(logger, level).mockImplementation((...entries: unknown[]) => {
        logged.push(
          JSON.stringify(entries, (_key, value) => (value instanceof Error ? value.message : value)),
        );
      }),
    );
    try {
      await satisfactionLoop();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const logs = logged.join('');
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [secretWords, name, mobile]) expect(logs).not.toContain(secret);
  });

  async function satisfactionLoop(): Promise<void> {
    // A complaint handled to its closure; acknowledging and deciding it tell the customer too.
    await staff.closeComplaint(customerId, {
      description: 'Waited an hour at the counter e2e-marker-D',
      customerRequest: 'Faster service e2e-marker-R',
    });

    // The capture sink holds what would have gone out by SMS: the complaint updates and the
    // survey link, each with the customer's name filled in at delivery.
    const messages = (await captured()).filter((message) => message.to === mobile);
    expect(messages.every((message) => message.channel === 'sms' && message.text.includes(name))).toBe(true);
    expect(messages.some((message) => message.text.includes('{name}'))).toBe(false);
    const withLink = messages.find((message) => message.text.includes('/v1/public/surveys/'));
    expect(withLink, JSON.stringify(messages)).toBeDefined();
    expect(messages.length).toBeGreaterThanOrEqual(3);
    const link = /\/v1\/public\/surveys\/([A-Za-z0-9_.-]+)/.exec(withLink?.text ?? '');
    const token = link?.[1] ?? '';
    expect(token).not.toBe('');

    // The contact history shows every decision with its rule and the delivery result.
    const history = ok(
      await staff.rm.GET('/v1/customers/{customerId}/contacts', { params: { path: { customerId } } }),
    );
    const survey = history.items.find((contact) => contact.purpose === 'survey');
    expect(survey).toMatchObject({ status: 'delivered', rule: 'allowed', channel: 'sms' });
    expect(history.items.filter((contact) => contact.purpose === 'complaint-update')).toHaveLength(2);

    const before = await kpis();
    expect(before.responseRate).toMatchObject({ delivered: 1, answered: 0 });

    // Public: no token, the link alone.
    const page = await api(cloud).get(`/v1/public/surveys/${token}`);
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.json)).not.toContain(name);
    const answer = { csat: 2, nps: 4, dimensions: { efficiency: 1 }, text: secretWords, unresolved: true };
    const first = await api(cloud).post(`/v1/public/surveys/${token}`, answer);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    await cloud.settle();

    const after = await kpis();
    expect(after.responseRate).toMatchObject({ delivered: 1, answered: 1, percent: 100 });
    expect(after.csat).toMatchObject({ answers: 1, percent: 0 });
    expect(after.nps).toMatchObject({ answers: 1, score: -100 });

    // A CSAT of 2, unresolved: a follow-up for the branch's supervisors.
    const followUps = ok(
      await staff.supervisor.GET('/v1/return-visits', { params: { query: { kind: 'survey-follow-up' } } }),
    );
    expect(followUps.items).toHaveLength(1);

    // The same link again: refused, nothing counted twice.
    const again = await api(cloud).post(`/v1/public/surveys/${token}`, { csat: 5 });
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('survey-already-answered');
    await cloud.settle();
    expect((await kpis()).csat).toMatchObject({ answers: 1 });

    // Nothing the customer wrote, nor their name or mobile, went on the bus.
    const bus = JSON.stringify(cloud.bus.recentEvents);
    for (const secret of [secretWords, name, mobile, 'e2e-marker']) expect(bus).not.toContain(secret);
  }
});
