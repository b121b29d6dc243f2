import { beforeEach, describe, expect, it } from 'vitest';
import {
  templateListSchema,
  templateViewSchema,
} from '../../../functions/engagement/api/template-responses.js';
import { templateReader } from '../../../functions/engagement/service/templates.js';
import { problemDocumentSchema, validationProblemSchema } from '../../../shared/http/problem-schema.js';
import { expectSchema } from '../../support/contract.js';
import { FakeTemplateStore, templatesApi } from './template-fakes.js';

const PATH = '/v1/engagement/templates';

const offer = {
  purpose: 'marketing',
  locale: 'zh-CN',
  variants: {
    sms: { text: '{name}，您好：{product} 现已发售。回复TD退订' },
    email: { subject: '{product} 现已发售', text: '{name}，您好：\n{product} 现已发售。' },
  },
};

let store: FakeTemplateStore;
let call: ReturnType<typeof templatesApi>;

beforeEach(() => {
  store = new FakeTemplateStore();
  call = templatesApi(store);
});

const ifMatch = (etag: string) => ({ 'if-match': etag });

describe('reading templates', () => {
  it('lists every built-in template at version 1 when none was saved', async () => {
    const response = await call('relationship-manager', 'GET', PATH);
    expect(response.status).toBe(200);
    const items = response.json.items as { templateId: string; version: number; source: string }[];
    expect(items.map((item) => item.templateId)).toEqual([
      'care-holiday',
      'complaint-acknowledged',
      'complaint-decided',
      'product-recommendation',
      'retention-care',
      'retention-offer',
      'service-notice',
      'survey-complaint',
      'survey-relationship',
    ]);
    expect(items.every((item) => item.source === 'built-in' && item.version === 1)).toBe(true);
  });

  it('reads one built-in template with its ETag and parameters', async () => {
    const response = await call('supervisor', 'GET', `${PATH}/survey-complaint`);
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json).toMatchObject({ purpose: 'survey', locale: 'zh-CN', parameters: ['link'] });
  });

  it('answers 404 template-not-found for an id neither saved nor built in', async () => {
    const response = await call('admin', 'GET', `${PATH}/no-such-template`);
    expect(response.status).toBe(404);
    expect(response.json.code).toBe('template-not-found');
  });

  it('refuses a template id that is not a lower-case code', async () => {
    expect((await call('admin', 'GET', `${PATH}/Bad_Id`)).status).toBe(422);
  });

  it('requires a token', async () => {
    expect((await call(undefined, 'GET', PATH)).status).toBe(401);
  });
});

describe('saving templates', () => {
  it('creates version 1 of a new template without If-Match, and lists it as saved', async () => {
    const response = await call('admin', 'PUT', `${PATH}/offer-spring`, { body: offer });
    expect(response.status).toBe(200);
    expect(response.headers.etag).toBe('"1"');
    expect(response.json).toMatchObject({
      templateId: 'offer-spring',
      version: 1,
      source: 'saved',
      parameters: ['product'],
      savedBy: 'admin-1',
      savedAt: '2026-03-02T02:00:00.000Z',
    });
    const list = await call('analyst', 'GET', PATH);
    expect(list.json.items).toContainEqual(
      expect.objectContaining({ templateId: 'offer-spring', source: 'saved' }),
    );
  });

  it('needs If-Match once a version is saved (428), and the current one (412), keeping old versions', async () => {
    await call('admin', 'PUT', `${PATH}/offer-spring`, { body: offer });
    const changed = { ...offer, variants: { sms: { text: '{product} 限时发售。回复TD退订' } } };

    const without = await call('admin', 'PUT', `${PATH}/offer-spring`, { body: changed });
    expect(without.status).toBe(428);
    const stale = await call('admin', 'PUT', `${PATH}/offer-spring`, {
      body: changed,
      headers: ifMatch('"7"'),
    });
    expect(stale.status).toBe(412);
    expect(stale.json.code).toBe('stale-version');
    const weak = await call('admin', 'PUT', `${PATH}/offer-spring`, {
      body: changed,
      headers: ifMatch('W/"1"'),
    });
    expect(weak.status).toBe(412);

    const next = await call('admin', 'PUT', `${PATH}/offer-spring`, {
      body: changed,
      headers: ifMatch('"1"'),
    });
    expect(next.status).toBe(200);
    expect(next.headers.etag).toBe('"2"');
    expect((await store.version('offer-spring', 1))?.variants.email).toBeDefined();
    expect((await store.version('offer-spring', 2))?.variants.email).toBeUndefined();
  });

  it('saves a built-in template as version 2, after which contacts use the saved text', async () => {
    const body = {
      purpose: 'survey',
      locale: 'zh-CN',
      variants: { sms: { text: '{name}，请评价本次投诉处理：{link}' } },
    };
    const saved = await call('admin', 'PUT', `${PATH}/survey-complaint`, { body, headers: ifMatch('"1"') });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ version: 2, source: 'saved' });

    const current = await templateReader(store).current('survey-complaint');
    expect(current).toMatchObject({
      version: 2,
      variants: { sms: { text: '{name}，请评价本次投诉处理：{link}' } },
    });
    expect(current?.variants.email).toBeUndefined();
  });

  it('writes nothing for a body equal to the current version', async () => {
    await call('admin', 'PUT', `${PATH}/offer-spring`, { body: offer });
    const again = await call('admin', 'PUT', `${PATH}/offer-spring`, {
      body: offer,
      headers: ifMatch('"1"'),
    });
    expect(again.status).toBe(200);
    expect(again.headers.etag).toBe('"1"');
    expect(store.writes).toBe(1);
  });

  it('keeps the purpose and the parameters callers rely on (422)', async () => {
    const purpose = await call('admin', 'PUT', `${PATH}/complaint-decided`, {
      body: { purpose: 'marketing', locale: 'zh-CN', variants: { sms: { text: '{reference} 已处理' } } },
    });
    expect(purpose.status).toBe(422);
    expect(purpose.json.errors).toEqual([expect.objectContaining({ path: 'purpose' })]);

    const parameters = await call('admin', 'PUT', `${PATH}/complaint-decided`, {
      body: {
        purpose: 'complaint-update',
        locale: 'zh-CN',
        variants: { sms: { text: '{name}，您的投诉已处理' } },
      },
    });
    expect(parameters.status).toBe(422);
    expect(parameters.json.errors).toEqual([expect.objectContaining({ path: 'variants' })]);
    expect(store.writes).toBe(0);
  });

  it('is for admins only', async () => {
    expect((await call('supervisor', 'PUT', `${PATH}/offer-spring`, { body: offer })).status).toBe(403);
    expect(store.writes).toBe(0);
  });
});

describe('the answers fit their declared schemas', () => {
  it('list, read and save answer what the contract says, problems as RFC 9457 documents', async () => {
    expectSchema(templateListSchema, (await call('analyst', 'GET', PATH)).json);
    expectSchema(templateViewSchema, (await call('analyst', 'GET', `${PATH}/care-holiday`)).json);
    const saved = await call('admin', 'PUT', `${PATH}/offer-spring`, { body: offer });
    expectSchema(templateViewSchema, saved.json);
    expectSchema(templateListSchema, (await call('analyst', 'GET', PATH)).json);
    expectSchema(problemDocumentSchema, (await call('admin', 'GET', `${PATH}/missing`)).json);
    expectSchema(
      validationProblemSchema,
      (await call('admin', 'PUT', `${PATH}/offer-spring`, { body: {} })).json,
    );
  });
});

describe('template validation (422, nothing written, never the value echoed)', () => {
  const put = (variants: unknown, extra: Record<string, unknown> = {}) =>
    call('admin', 'PUT', `${PATH}/offer-spring`, { body: { ...offer, variants, ...extra } });

  it.each([
    ['an SMS text over 500 characters', { sms: { text: 'x'.repeat(501) } }, 'variants.sms.text'],
    [
      'an e-mail text over 1,000 characters',
      { email: { subject: 's', text: 'x'.repeat(1001) } },
      'variants.email.text',
    ],
    [
      'a subject over 200 characters',
      { email: { subject: 's'.repeat(201), text: 't' } },
      'variants.email.subject',
    ],
    ['an e-mail without a subject', { email: { text: 't' } }, 'variants.email.subject'],
    ['a subject on an SMS', { sms: { subject: 's', text: 't' } }, 'variants.sms.subject'],
    ['a channel engagement does not send on', { phone: { text: 't' } }, 'variants'],
    ['no variant at all', {}, 'variants'],
    ['a parameter named with a capital', { sms: { text: '{Product} 发售' } }, 'variants.sms.text'],
    ['a parameter named with a hyphen', { sms: { text: '{product-id} 发售' } }, 'variants.sms.text'],
    ['a stray brace', { sms: { text: '发售 {product' } }, 'variants.sms.text'],
    ['a control character', { sms: { text: '发售\u202e' } }, 'variants.sms.text'],
  ])('refuses %s', async (_case, variants, path) => {
    const response = await put(variants);
    expect(response.status).toBe(422);
    expect((response.json.errors as { path: string }[]).map((error) => error.path)).toContain(path);
    expect(store.writes).toBe(0);
  });

  it.each([
    ['a mobile', '热线 13800138000'],
    ['a PRC ID number', '证件 110101199003071234'],
    ['a card number', '卡号 6222 0212 3456 7890'],
  ])('refuses a literal that looks like %s, without echoing it', async (_kind, text) => {
    const response = await put({ sms: { text } });
    expect(response.status).toBe(422);
    expect(JSON.stringify(response.json)).not.toContain(text.split(' ')[1]);
    expect(store.writes).toBe(0);
  });

  it('refuses more than 10 parameters', async () => {
    const text = Array.from({ length: 11 }, (_, index) => `{p${index}}`).join(' ');
    const response = await put({ sms: { text } });
    expect(response.status).toBe(422);
  });

  it('refuses an unknown purpose or a malformed locale', async () => {
    expect((await put(offer.variants, { purpose: 'sales' })).status).toBe(422);
    expect((await put(offer.variants, { locale: 'chinese' })).status).toBe(422);
  });

  it('accepts line breaks in an e-mail text', async () => {
    const response = await put({ email: { subject: '{product}', text: '第一段\n\n第二段 {product}' } });
    expect(response.status).toBe(200);
  });
});
