import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditAnchor } from '../../shared/audit/anchor.js';
import { type ApiClient, apiClient, ok, type RequestBody } from '../support/api-client.js';
import { prcId } from '../support/customers-harness.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';
import { sesEventSample } from '../support/ses-events.js';

const DAY = 86_400_000;

/**
 * The customers capability end to end in the local cloud: HTTP with dev tokens, the outbox
 * relayed to the bus, and the periodic review workflow driven by the controllable clock.
 */
describe('customers in the local cloud', () => {
  let cloud: TestCloud;
  let rm: ApiClient;
  let supervisor: ApiClient;
  const written: string[] = [];

  beforeAll(async () => {
    // A Monday in 2026, 10:00 in Beijing.
    cloud = await startTestCloud({ now: new Date('2026-03-02T02:00:00Z') });
    rm = apiClient(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' }),
    );
    supervisor = apiClient(
      cloud,
      await devToken(cloud, { sub: 'e2e-sup', role: 'supervisor', branch: 'BJ01' }),
    );
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  async function register(sequence: number, extra: { onboardedAt?: string } = {}): Promise<string> {
    const body = {
      ...extra,
      type: 'individual',
      name: '诸葛孔明',
      idType: 'prc-id',
      idNumber: prcId('1981-07-23', sequence),
      mobile: `1391234${String(sequence).padStart(4, '0')}`,
      email: `kongming.${sequence}@example.com`,
      address: '四川省成都市武侯区武侯祠大街231号',
      branch: 'BJ01',
      rmId: 'rm-e2e',
    } satisfies RequestBody<'/v1/customers', 'post'>;
    written.push(body.name, body.idNumber, body.mobile, body.email, body.address);
    const created = await rm.POST('/v1/customers', { body });
    expect(created.response.status).toBe(201);
    return ok(created).customerId;
  }

  function executionFor(reviewId: string) {
    const execution = cloud.stepFunctions.listExecutions('PeriodicReview').find((e) => e.name === reviewId);
    if (execution === undefined) throw new Error(`no execution for ${reviewId}`);
    return execution;
  }

  it('announces a registration on the bus with ids only', async () => {
    const customerId = await register(501, { onboardedAt: '2018-06-01T09:00:00+08:00' });
    await cloud.settle();

    const registered = cloud.bus.recentEvents.find(
      (event) =>
        event['detail-type'] === 'CustomerRegistered' && JSON.stringify(event.detail).includes(customerId),
    );
    expect(registered?.source).toBe('crm.customers');
    expect(registered?.detail).toMatchObject({
      customerId,
      customerType: 'individual',
      branch: 'BJ01',
      rmId: 'rm-e2e',
      onboardedAt: '2018-06-01T01:00:00.000Z',
      at: '2026-03-02T02:00:00.000Z',
    });
    const everything = JSON.stringify(cloud.bus.recentEvents);
    for (const value of written) expect(everything).not.toContain(value);
  });

  it('runs the periodic review: due after 6 months, escalated after 10 working days, overdue after 5 more', async () => {
    // Prepare: a second customer whose review will be completed on time.
    const onTime = await register(502);

    // Act: six months and a day later the daily scan finds both customers due.
    cloud.clock.advance(185 * DAY);
    const scan = await cloud.scheduler.runNow('DailyReviewScan');
    await cloud.settle();
    const reviews = ok(await rm.GET('/v1/reviews', { params: { query: { status: 'open' } } })).items;

    // Assess: reviews are open, each waiting on the RM's task token.
    // The pass machine ran every segment of the scan to its end.
    expect(scan).toMatchObject({ status: 'SUCCEEDED' });
    expect(reviews).toHaveLength(2);
    for (const review of reviews) {
      await cloud.stepFunctions.waitForExecution(executionFor(review.reviewId).executionArn, (e) =>
        e.history.includes('AwaitRelationshipManager'),
      );
      expect(review).not.toHaveProperty('taskToken');
    }
    const late = reviews.find((review) => review.customerId !== onTime);
    const punctual = reviews.find((review) => review.customerId === onTime);
    if (late === undefined || punctual === undefined) throw new Error('reviews missing');

    // The RM completes one review in time: the workflow ends in Completed.
    const completed = await rm.POST('/v1/reviews/{reviewId}/complete', {
      params: { path: { reviewId: punctual.reviewId } },
      body: { outcome: 'confirmed' },
    });
    expect(completed.response.status).toBe(200);
    const done = await cloud.stepFunctions.waitForExecution(executionFor(punctual.reviewId).executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.history.at(-1)).toBe('Completed');

    // Past the RM's deadline (10 working days): escalated to the branch supervisor.
    cloud.clock.set(new Date(Date.parse(late.rmDeadline) + 60_000));
    await cloud.stepFunctions.waitForExecution(executionFor(late.reviewId).executionArn, (e) =>
      e.history.includes('AwaitSupervisor'),
    );
    await cloud.settle();
    const escalated = ok(
      await supervisor.GET('/v1/reviews', { params: { query: { status: 'escalated' } } }),
    ).items;
    expect(escalated.map((r) => r.reviewId)).toEqual([late.reviewId]);

    // Past the supervisor's 5 more working days: overdue.
    const supervisorDeadline = escalated[0]?.supervisorDeadline ?? '';
    cloud.clock.set(new Date(Date.parse(supervisorDeadline) + 60_000));
    const overdue = await cloud.stepFunctions.waitForExecution(executionFor(late.reviewId).executionArn);
    await cloud.settle();
    const overdueList = ok(
      await supervisor.GET('/v1/reviews', { params: { query: { status: 'overdue' } } }),
    ).items;

    expect(overdue.status).toBe('SUCCEEDED');
    expect(overdue.history).toEqual([
      'ComputeDeadlines',
      'AwaitRelationshipManager',
      'AwaitSupervisor',
      'MarkOverdue',
      'Overdue',
    ]);
    expect(overdueList.map((r) => r.reviewId)).toEqual([late.reviewId]);
    const types = cloud.bus.recentEvents.map((event) => event['detail-type']);
    for (const type of ['ReviewDue', 'ReviewEscalated', 'ReviewOverdue', 'ReviewCompleted']) {
      expect(types).toContain(type);
    }
    // Deadlines are working days in China time: the scan ran on Thursday 2026-09-03; the
    // RM's 10th working day is 09-17, and the supervisor's 5 more count Sunday 09-20, an
    // official make-up working day.
    expect(late.rmDeadline).toBe('2026-09-17T15:59:59.999Z');
    expect(supervisorDeadline).toBe('2026-09-23T15:59:59.999Z');

    // Workflow payloads and histories carry ids only.
    const executions = JSON.stringify(cloud.stepFunctions.listExecutions('PeriodicReview'));
    for (const value of written) expect(executions).not.toContain(value);
    const events = JSON.stringify(cloud.bus.recentEvents);
    for (const value of written) expect(events).not.toContain(value);
  });
  it('applies the AML system’s status from the bus: risk restricts, and an unknown customer is dead-lettered', async () => {
    // Prepare
    const customerId = await register(503);
    const at = cloud.clock.now().toISOString();
    const report = (id: string) => ({
      Source: 'aml',
      DetailType: 'ComplianceStatusChanged',
      Detail: JSON.stringify({ customerId: id, status: 'risk', reasonCode: 'STR-07', at }),
    });

    // Act
    const unknownId = 'cus_01UNKNOWNTOTHISCRM00000';
    const put = cloud.bus.putEvents([report(customerId), report(unknownId)], {
      defaultBusName: cloud.bus.name,
    });
    await cloud.settle();
    const view = ok(await rm.GET('/v1/customers/{customerId}', { params: { path: { customerId } } }));

    // Assess
    expect(put.FailedEntryCount).toBe(0);
    expect(view).toMatchObject({ complianceStatus: 'risk', complianceStatusAt: at, restricted: true });
    const restricted = cloud.bus.recentEvents.find(
      (event) =>
        event['detail-type'] === 'CustomerRestricted' && JSON.stringify(event.detail).includes(customerId),
    );
    expect(restricted?.detail).toMatchObject({ customerId, reason: 'compliance-risk', at });
    // Other capabilities consume the same event; only the customers consumer rejects an unknown customer.
    const unknown = cloud.bus.deadLetters.filter((letter) => letter.code === 'CUSTOMER_UNKNOWN');
    expect(unknown).toHaveLength(1);
    // The envelope names the event; the detail (the customer id with it) stays out of the queue.
    expect(Object.keys(unknown[0]?.payload ?? {}).sort()).toEqual(['detail-type', 'id', 'source', 'time']);
  });

  it('dead-letters an AML report carrying extra personal fields without any of them', async () => {
    // Prepare: a report with a name, an ID number and a mobile the schema does not declare.
    const customerId = await register(504);
    const name = '司马仲达';
    const idNumber = prcId('1979-01-01', 777);
    const mobile = '13987654321';
    const before = cloud.bus.deadLetters.length;

    // Act: the attack, a producer oversharing onto the bus.
    const put = cloud.bus.putEvents(
      [
        {
          Source: 'aml',
          DetailType: 'ComplianceStatusChanged',
          Detail: JSON.stringify({
            customerId,
            status: 'watch',
            reasonCode: 'KYC-01',
            at: cloud.clock.now().toISOString(),
            name,
            idNumber,
            mobile,
          }),
        },
      ],
      { defaultBusName: cloud.bus.name },
    );
    await cloud.settle();

    // Assess: every consumer of the event (customers, activity) refused it, and no dead letter
    // holds a value of the detail: envelope, code, reason and field names only.
    expect(put.FailedEntryCount).toBe(0);
    const letters = cloud.bus.deadLetters.slice(before);
    expect(letters.length).toBeGreaterThan(0);
    for (const letter of letters) {
      expect(letter.code).toBe('EVENT_INVALID');
      expect(letter.reason).toContain('idNumber');
      expect(Object.keys(letter.payload ?? {}).sort()).toEqual(['detail-type', 'id', 'source', 'time']);
      const text = JSON.stringify(letter);
      for (const value of [name, idNumber, mobile, customerId]) expect(text).not.toContain(value);
    }
  });

  it('anchors the audit chain heads in the local write-once store, which refuses a second write of an anchor', async () => {
    // Prepare
    const customerId = await register(611);

    // Act: the daily anchor now, then again at the same instant (the same key).
    const first = (await cloud.scheduler.runNow('DailyAuditAnchor')) as { key: string; subjects: number };
    const again = cloud.scheduler.runNow('DailyAuditAnchor');

    // Assess
    await expect(again).rejects.toThrow();
    const directory = join(cloud.dataDir, 'audit-anchors', 'anchors', 'CustomerAudit');
    expect(await readdir(directory)).toEqual([first.key.split('/').at(-1)]);
    const anchor = JSON.parse(
      await readFile(join(cloud.dataDir, 'audit-anchors', first.key), 'utf8'),
    ) as AuditAnchor;
    expect(anchor.heads).toContainEqual(
      expect.objectContaining({ subject: `customer#${customerId}`, seq: 1 }),
    );
    expect(anchor).toMatchObject({ format: 'fincrm-audit-anchor-v1', table: 'CustomerAudit' });
  });

  it('captures a dispatched contact instead of sending it: GET /local/messages shows it, the bus its result', async () => {
    // Prepare: a customer, and a contact engagement dispatched to them (by SMS).
    const customerId = await register(601);
    const contactId = 'con_01KE2E0000000000000000DLV1';

    // Act: the bus hands the dispatch to the delivery function, as its rule does.
    await cloud.functions.invoke('CustomersDelivery', {
      id: 'e2e-dispatch-1',
      source: 'crm.engagement',
      'detail-type': 'ContactDispatched',
      time: '2026-03-02T02:00:00Z',
      detail: {
        eventId: 'evt_e2e_dispatch_1',
        occurredAt: '2026-03-02T02:00:00.000Z',
        contactId,
        customerId,
        purpose: 'service',
        channel: 'sms',
        templateId: 'service-notice',
        templateVersion: 1,
        locale: 'zh-CN',
        text: '{name}，您好：服务通知。',
        at: '2026-03-02T02:00:00.000Z',
      },
    });
    await cloud.settle();
    const listed = await api(cloud).get('/local/messages');

    // Assess: the local demo sink shows the address and the name; the bus carries ids only.
    expect(listed.status).toBe(200);
    const messages = listed.json.messages as { contactId: string }[];
    expect(messages.find((message) => message.contactId === contactId)).toMatchObject({
      channel: 'sms',
      to: '13912340601',
      text: '诸葛孔明，您好：服务通知。',
    });
    const delivered = cloud.bus.recentEvents.find(
      (event) =>
        event['detail-type'] === 'ContactDelivered' && JSON.stringify(event.detail).includes(contactId),
    );
    expect(delivered?.detail).toMatchObject({ contactId, customerId, channel: 'sms', provider: 'capture' });
    const everything = JSON.stringify(cloud.bus.recentEvents);
    expect(everything).not.toContain('13912340601');
    expect(everything).not.toContain('诸葛孔明');
  });

  it('takes an SES bounce of an e-mail it sent from the bus: the contact point failed, the address nowhere', async () => {
    // Prepare: an e-mail contact delivered (captured), then SES's events as its configuration
    // set publishes them: a permanent bounce naming the contact in the message tags, and a
    // bounce of an e-mail this CRM never sent.
    const customerId = await register(602);
    const email = 'kongming.602@example.com';
    const contactId = 'con_01KE2E0000000000000000BNC1';
    await cloud.functions.invoke('CustomersDelivery', {
      id: 'e2e-dispatch-2',
      source: 'crm.engagement',
      'detail-type': 'ContactDispatched',
      time: '2026-03-02T02:00:00Z',
      detail: {
        eventId: 'evt_e2e_dispatch_2',
        occurredAt: '2026-03-02T02:00:00.000Z',
        contactId,
        customerId,
        purpose: 'service',
        channel: 'email',
        templateId: 'service-notice',
        templateVersion: 1,
        locale: 'zh-CN',
        subject: '服务通知',
        text: '{name}，您好：服务通知。',
        at: '2026-03-02T02:00:00.000Z',
      },
    });
    await cloud.settle();
    const configurationSet = 'FinCrm-CustomersDelivery';
    const bounce = sesEventSample('bounce-permanent', {
      recipient: email,
      tags: { contactId, customerId },
      configurationSet,
    });
    const stranger = sesEventSample('bounce-permanent', {
      recipient: email,
      tags: { contactId: 'con_01KE2E0000000000000000NONE', customerId },
      configurationSet,
    });
    const before = cloud.bus.deadLetters.length;

    // Act: the local bus is the only bus; it routes them as the default-bus rule does in AWS.
    const put = await api(cloud).post('/local/events', {
      Entries: [bounce, stranger].map((sample) => ({
        Source: 'aws.ses',
        DetailType: sample.detailType,
        Detail: sample.detail,
      })),
    });
    await cloud.settle();

    // Assess
    expect(put.json.FailedEntryCount).toBe(0);
    const failed = cloud.bus.recentEvents.find(
      (event) =>
        event['detail-type'] === 'ContactDeliveryFailed' && JSON.stringify(event.detail).includes(contactId),
    );
    expect(failed?.detail).toMatchObject({
      contactId,
      customerId,
      channel: 'email',
      reason: 'bounced',
      contactPointFailed: true,
    });
    const letters = cloud.bus.deadLetters.slice(before);
    expect(letters.map((letter) => letter.code)).toEqual(['CONTACT_UNKNOWN']);
    expect(Object.keys(letters[0]?.payload ?? {}).sort()).toEqual(['detail-type', 'id', 'source', 'time']);
    const published = cloud.bus.recentEvents.filter((event) => event.source !== 'aws.ses');
    expect(JSON.stringify(published)).not.toContain(email);
    expect(JSON.stringify(letters)).not.toContain(email);
  });

  it('makes a customer senior at 00:05 China Standard Time on the 65th birthday, on the bus without the birth date', async () => {
    // Prepare: the next 16:05 UTC (00:05 CST) and the CST day it begins; a customer turning 65 that day
    const now = cloud.clock.now();
    const CST = 8 * 3_600_000;
    const tomorrowCst = Math.floor((now.getTime() + CST) / DAY) + 1;
    const fire = new Date(tomorrowCst * DAY - CST + 5 * 60_000);
    const birthday = new Date(tomorrowCst * DAY).toISOString().slice(0, 10);
    const birthDate = `${Number(birthday.slice(0, 4)) - 65}${birthday.slice(4)}`;
    const body = {
      type: 'individual',
      name: '黄忠',
      idType: 'prc-id',
      idNumber: prcId(birthDate, 733),
      mobile: '13912340733',
      birthDate,
      riskTolerance: 'C3',
      riskAssessedAt: now.toISOString(),
      investmentObjective: 'income',
      horizonDays: 365,
      intendedAmount: { amount: 10_000_000, currency: 'CNY' },
      branch: 'BJ01',
      rmId: 'rm-e2e',
    } satisfies RequestBody<'/v1/customers', 'post'>;
    const created = await rm.POST('/v1/customers', { body });
    const customerId = ok(created).customerId;
    expect(ok(created).senior).toBe(false);

    // Act: the clock reaches the schedule (which fires on it), then it is run once more by hand
    cloud.clock.set(fire);
    await cloud.settle();
    await cloud.scheduler.runNow('DailySeniors');
    await cloud.settle();

    // Assess
    const read = await rm.GET('/v1/customers/{customerId}', { params: { path: { customerId } } });
    expect(ok(read)).toMatchObject({ senior: true, version: 2 });
    const ofCustomer = cloud.bus.recentEvents.filter((event) =>
      JSON.stringify(event.detail).includes(customerId),
    );
    const changes = ofCustomer.filter((event) => event['detail-type'] === 'CustomerProfileChanged');
    expect(changes.map((event) => event.detail)).toEqual([
      expect.objectContaining({
        changedFields: ['senior'],
        suitability: expect.objectContaining({
          investmentObjective: 'income',
          horizonDays: 365,
          senior: true,
        }),
      }),
    ]);
    expect(JSON.stringify(ofCustomer)).not.toContain(birthDate);
  });
});
