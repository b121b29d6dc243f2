import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts, seedDemoProducts } from '../../infra/local/demo-products.js';
import type { AuditAnchor } from '../../shared/audit/anchor.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

const NOW = new Date('2026-12-04T02:00:00.000Z');

/**
 * The product catalogue end to end in the local cloud: an admin creates and changes a product
 * through the API, every staff role reads it, no one else writes it, and each version reaches the
 * bus as ProductChanged (through the outbox relay) without dead letters; the demo catalogue loads
 * through the same API.
 */
describe('the product catalogue, in the local cloud', () => {
  let cloud: TestCloud;
  let admin: ReturnType<typeof api>;
  let rm: ReturnType<typeof api>;

  beforeAll(async () => {
    cloud = await startTestCloud({ now: NOW });
    admin = api(cloud, await devToken(cloud, { sub: 'e2e-admin', role: 'admin' }));
    rm = api(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-e2e' }),
    );
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  const announced = (productId: string) =>
    cloud.bus.recentEvents.filter(
      (event) =>
        event['detail-type'] === 'ProductChanged' &&
        typeof event.detail === 'object' &&
        event.detail !== null &&
        'productId' in event.detail &&
        event.detail.productId === productId,
    );

  it('lets an admin create and change a product, an RM read it but not write it, and announces every version', async () => {
    // Act
    const created = await admin.post('/v1/products', {
      productId: 'E2E-FND-1',
      name: '端到端测试基金',
      category: 'fund',
      riskLevel: 'R3',
      termDays: 365,
      minimumAmount: { amount: 100_000, currency: 'CNY' },
      customerTypes: ['individual'],
      status: 'on-sale',
    });
    const patched = await admin.patch(
      '/v1/products/E2E-FND-1',
      { riskLevel: 'R4' },
      { headers: { 'if-match': created.headers.etag ?? '' } },
    );
    const read = await rm.get('/v1/products/E2E-FND-1');
    const listed = await rm.get('/v1/products?category=fund&riskLevel=R4');
    const rmCreate = await rm.post('/v1/products', { ...created.json, productId: 'E2E-FND-2' });
    const rmPatch = await rm.patch(
      '/v1/products/E2E-FND-1',
      { status: 'suspended' },
      { headers: { 'if-match': '"2"' } },
    );
    await cloud.settle();

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/v1/products/E2E-FND-1');
    expect(patched.status).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      productId: 'E2E-FND-1',
      riskLevel: 'R4',
      version: 2,
      updatedBy: 'e2e-admin',
    });
    expect((listed.json.items as { productId: string }[]).map((item) => item.productId)).toEqual([
      'E2E-FND-1',
    ]);
    expect(rmCreate.status).toBe(403);
    expect(rmPatch.status).toBe(403);
    const events = announced('E2E-FND-1');
    expect(events.map((event) => event.source)).toEqual(['crm.products', 'crm.products']);
    expect(events.map((event) => event.detail)).toEqual([
      expect.objectContaining({ productName: '端到端测试基金', version: 1, riskLevel: 'R3' }),
      expect.objectContaining({ productName: '端到端测试基金', version: 2, riskLevel: 'R4' }),
    ]);
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('loads the demo catalogue through the API, once, with each version announced', async () => {
    // Prepare
    const token = await devToken(cloud, { sub: 'demo-catalogue-admin', role: 'admin' });
    const plan = demoProducts(NOW);

    // Act
    const first = await seedDemoProducts({ apiUrl: cloud.apiUrl, now: NOW }, token);
    const again = await seedDemoProducts({ apiUrl: cloud.apiUrl, now: NOW }, token);
    await cloud.settle();
    const page = await rm.get('/v1/products?status=suspended');

    // Assess
    expect(first).toEqual({ created: plan.length, existing: 0, failed: 0 });
    expect(again).toEqual({ created: 0, existing: plan.length, failed: 0 });
    expect((page.json.items as { productId: string }[]).map((item) => item.productId)).toEqual([
      'FND-SECTOR',
    ]);
    expect(announced('FND-SECTOR').map((event) => (event.detail as { status: string }).status)).toEqual([
      'on-sale',
      'suspended',
    ]);
    expect(cloud.bus.deadLetters).toEqual([]);
  });

  it('anchors the head of every product’s audit chain under anchors/ProductAudit/ on its schedule', async () => {
    // Act
    const run = (await cloud.scheduler.runNow('DailyProductAuditAnchor')) as { key: string };

    // Assess
    expect(run.key.startsWith('anchors/ProductAudit/')).toBe(true);
    const anchor = JSON.parse(
      await readFile(join(cloud.dataDir, 'audit-anchors', run.key), 'utf8'),
    ) as AuditAnchor;
    expect(anchor).toMatchObject({ format: 'fincrm-audit-anchor-v1', table: 'ProductAudit' });
    expect(anchor.heads).toContainEqual(expect.objectContaining({ subject: 'product#E2E-FND-1', seq: 2 }));
    expect(anchor.heads).toContainEqual(expect.objectContaining({ subject: 'product#FND-SECTOR', seq: 2 }));
  });
});
