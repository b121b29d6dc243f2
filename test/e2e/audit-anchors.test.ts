import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEGMENTATION_CONFIG } from '../../functions/activity/domain/segmentation/config.js';
import type { AuditAnchor } from '../../shared/audit/anchor.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

/**
 * The anchor functions of the activity and calendars capabilities, run by their schedules in
 * the local cloud: each writes its own table's heads under its own prefix of the write-once
 * store, and a second anchor at the same instant is refused (docs/operations.md §9).
 */
describe('the activity and calendars audit anchors in the local cloud', () => {
  let cloud: TestCloud;
  let admin: ReturnType<typeof api>;

  beforeAll(async () => {
    cloud = await startTestCloud({ now: new Date('2026-12-04T02:40:00Z') });
    admin = api(cloud, await devToken(cloud, { sub: 'e2e-admin', role: 'admin' }));
  });
  afterAll(async () => {
    await cloud?.stop();
  });

  async function anchored(schedule: string, table: string): Promise<AuditAnchor> {
    // Act: the schedule now, then again at the same instant (the same key).
    const first = (await cloud.scheduler.runNow(schedule)) as { key: string; subjects: number };
    const again = cloud.scheduler.runNow(schedule);

    // Assess: refused, and only the first anchor is in the table's own directory.
    await expect(again).rejects.toThrow();
    expect(first.key.startsWith(`anchors/${table}/`)).toBe(true);
    const directory = join(cloud.dataDir, 'audit-anchors', 'anchors', table);
    expect(await readdir(directory)).toEqual([first.key.split('/').at(-1)]);
    return JSON.parse(await readFile(join(cloud.dataDir, 'audit-anchors', first.key), 'utf8')) as AuditAnchor;
  }

  it('anchors the segmentation configuration chain under anchors/ActivityAudit/, once', async () => {
    // Prepare: an admin saves the configuration once.
    const config = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
    config.assets.highMinMinor = 80_000_000;
    const saved = await admin.put('/v1/config/segmentation', { config }, { headers: { 'if-match': '"0"' } });
    expect(saved.status).toBe(200);

    const anchor = await anchored('DailyActivityAuditAnchor', 'ActivityAudit');

    expect(anchor).toMatchObject({
      format: 'fincrm-audit-anchor-v1',
      table: 'ActivityAudit',
      heads: [expect.objectContaining({ subject: 'config#segmentation', seq: 1 })],
    });
  });

  it('anchors the calendar year chains under anchors/CalendarAudit/, once', async () => {
    // Prepare: an admin loads 2027.
    const loaded = await admin.put(
      '/v1/config/calendars/2027',
      { holidays: [{ name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }], makeUpWorkingDays: [] },
      { headers: { 'if-match': '"0"' } },
    );
    expect(loaded.status).toBe(200);

    const anchor = await anchored('DailyCalendarAuditAnchor', 'CalendarAudit');

    expect(anchor).toMatchObject({
      table: 'CalendarAudit',
      heads: [expect.objectContaining({ subject: 'calendar#2027', seq: 1 })],
    });
  });
});
