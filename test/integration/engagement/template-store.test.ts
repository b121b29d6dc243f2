import { randomUUID } from 'node:crypto';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { engagementCapability } from '../../../functions/engagement/index.js';
import { putTemplate, templateReader } from '../../../functions/engagement/service/templates.js';
import { DynamoTemplateStore } from '../../../functions/engagement/store/dynamo-template-store.js';
import type { SavedTemplate } from '../../../functions/engagement/store/template-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { PreconditionFailedError } from '../../../shared/http/problem.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { localClient, scanAll } from '../../support/dynamo.js';

const clients: DynamoDBDocumentClient[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

/** The template store on its own Engagement table. */
async function harness() {
  const endpoint = inject('dynamodbEndpoint');
  const created = await createIsolatedTables(endpoint, {
    prefix: `it-tpl-${randomUUID().slice(0, 8)}-`,
    capabilities: [engagementCapability],
  });
  const table = created.tables.Engagement ?? '';
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  clients.push(db);
  const store = new DynamoTemplateStore(db, table);
  const clock = new ControlledClock(new Date('2026-03-02T02:00:00.000Z'));
  return { store, deps: { store, clock }, items: () => scanAll(db, table) };
}

const offer = (text: string) => ({ purpose: 'marketing', locale: 'zh-CN', variants: { sms: { text } } });

function saved(version: number, text: string): SavedTemplate {
  return {
    templateId: 'offer-spring',
    version,
    purpose: 'marketing',
    locale: 'zh-CN',
    variants: { sms: { text } },
    parameters: ['product'],
    savedAt: '2026-03-02T02:00:00.000Z',
    savedBy: 'admin-1',
  };
}

describe('DynamoTemplateStore', () => {
  it('keeps every version under TEMPLATE#<id> with a CURRENT pointer listed by entity', async () => {
    const { deps, store, items } = await harness();
    await putTemplate(deps, 'offer-spring', undefined, offer('{product} 发售'), 'admin-1');
    await putTemplate(deps, 'offer-spring', 1, offer('{product} 限时发售'), 'admin-1');

    const keys = (await items()).map((item) => `${String(item.pk)} ${String(item.sk)}`).sort();
    expect(keys).toEqual([
      'TEMPLATE#offer-spring CURRENT',
      'TEMPLATE#offer-spring V#000001',
      'TEMPLATE#offer-spring V#000002',
    ]);
    const pointer = (await items()).find((item) => item.sk === 'CURRENT');
    expect(pointer).toMatchObject({ entityType: 'TEMPLATE', listKey: 'offer-spring', version: 2 });

    expect((await store.version('offer-spring', 1))?.variants.sms?.text).toBe('{product} 发售');
    expect((await store.current('offer-spring'))?.variants.sms?.text).toBe('{product} 限时发售');
    expect((await store.list()).map((template) => [template.templateId, template.version])).toEqual([
      ['offer-spring', 2],
    ]);
  });

  it('lets exactly one of two saves from the same version win', async () => {
    const { store } = await harness();
    expect(await store.save(undefined, saved(1, '{product} 发售'))).toEqual({ ok: true });
    const outcomes = await Promise.all([
      store.save(1, saved(2, '{product} A')),
      store.save(1, saved(2, '{product} B')),
    ]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes).toContainEqual({ ok: false, reason: 'version-conflict' });
    expect(await store.save(undefined, saved(1, '{product} again'))).toEqual({
      ok: false,
      reason: 'version-conflict',
    });
  });

  it('answers 412 to an admin whose save lost the race, writing nothing more', async () => {
    const { deps, items } = await harness();
    await putTemplate(deps, 'offer-spring', undefined, offer('{product} 发售'), 'admin-1');
    const results = await Promise.allSettled([
      putTemplate(deps, 'offer-spring', 1, offer('{product} A'), 'admin-1'),
      putTemplate(deps, 'offer-spring', 1, offer('{product} B'), 'admin-2'),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((result) => result.status === 'rejected');
    expect(lost?.status === 'rejected' ? lost.reason : undefined).toBeInstanceOf(PreconditionFailedError);
    expect(await items()).toHaveLength(3);
  });

  it('gives the contact path the saved version, else the built-in one, else nothing', async () => {
    const { deps, store } = await harness();
    const reader = templateReader(store);
    expect(await reader.current('complaint-decided')).toMatchObject({
      version: 1,
      parameters: ['reference'],
    });
    expect(await reader.current('offer-spring')).toBeUndefined();

    await putTemplate(
      deps,
      'complaint-decided',
      1,
      {
        purpose: 'complaint-update',
        locale: 'zh-CN',
        variants: { sms: { text: '{name}：投诉 {reference} 已处理。' } },
      },
      'admin-1',
    );
    expect(await reader.current('complaint-decided')).toEqual({
      templateId: 'complaint-decided',
      version: 2,
      purpose: 'complaint-update',
      locale: 'zh-CN',
      variants: { sms: { text: '{name}：投诉 {reference} 已处理。' } },
      parameters: ['reference'],
    });
  });
});
