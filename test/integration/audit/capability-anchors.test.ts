import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import {
  DEFAULT_SEGMENTATION_CONFIG,
  type SegmentationConfig,
} from '../../../functions/activity/domain/segmentation/config.js';
import { activityCapability } from '../../../functions/activity/index.js';
import { putConfig } from '../../../functions/activity/service/segmentation-config.js';
import { DynamoSegmentationConfigStore } from '../../../functions/activity/store/dynamo-config-store.js';
import { SEGMENTATION_CONFIG_AUDIT_SUBJECT } from '../../../functions/activity/store/keys.js';
import { DEFAULT_CHECK_FROM } from '../../../functions/calendars/domain/check-window.js';
import { calendarsCapability } from '../../../functions/calendars/index.js';
import { putCalendarYear } from '../../../functions/calendars/service/calendar-years.js';
import { DynamoCalendarStore } from '../../../functions/calendars/store/dynamo-calendar-store.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { AnchorExistsError, type AuditAnchor } from '../../../shared/audit/anchor.js';
import { writeAuditAnchor } from '../../../shared/audit/anchor-job.js';
import { FileAnchorSink } from '../../../shared/audit/file-anchor-sink.js';
import { LocalAuditSigner } from '../../../shared/audit/index.js';
import type { CapabilityDefinition } from '../../../shared/capability/types.js';
import { builtInYears } from '../../../shared/time/calendars/built-in.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { localClient } from '../../support/dynamo.js';

const ADMIN = { sub: 'admin-1', role: 'admin' };
const at = new Date('2026-12-04T02:40:00.000Z');

const clients: DynamoDBDocumentClient[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const client of clients) client.destroy();
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A capability's tables on DynamoDB Local, the audit key, and a local write-once anchor store. */
async function harness(capability: CapabilityDefinition) {
  const created = await createIsolatedTables(inject('dynamodbEndpoint'), {
    prefix: `it-anc-${randomUUID().slice(0, 8)}-`,
    capabilities: [capability],
  });
  const db = DynamoDBDocumentClient.from(localClient(inject('dynamodbEndpoint')));
  clients.push(db);
  const dir = await mkdtemp(join(tmpdir(), 'anchors-'));
  dirs.push(dir);
  const sink = new FileAnchorSink(dir);
  const signer = new LocalAuditSigner(randomBytes(32));
  const clock = new ControlledClock(at);
  /** The capability's anchor job over its own audit table (`id`), as its anchor function runs it. */
  const anchor = (id: string) =>
    writeAuditAnchor({ db, table: { name: created.tables[id] ?? '', id }, signer, sink: () => sink, clock });
  const readAnchor = async (key: string) => JSON.parse(await readFile(join(dir, key), 'utf8')) as AuditAnchor;
  return { db, tables: created.tables, dir, signer, clock, anchor, readAnchor };
}

type Harness = Awaited<ReturnType<typeof harness>>;

/** The stored record of `subject` at `seq`. */
async function storedRecord(h: Harness, table: string, subject: string, seq: number) {
  const { Items = [] } = await h.db.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'subject = :s AND seq = :q',
      ExpressionAttributeValues: { ':s': subject, ':q': seq },
      ConsistentRead: true,
    }),
  );
  const [item] = Items;
  if (item === undefined) throw new Error(`no record ${subject} ${seq}`);
  return item;
}

/**
 * An insider with write access to the table (IAM aside: an administrator, a restored backup)
 * replaces an anchored record with one that hashes differently: the anchor, written once,
 * still names the original hash, so the rewrite no longer matches it (docs/domain-rules.md §12).
 */
async function rewriteAndCompare(h: Harness, table: string, anchor: AuditAnchor, subject: string) {
  const head = anchor.heads.find((candidate) => candidate.subject === subject);
  if (head === undefined) throw new Error(`${subject} is not anchored`);
  const original = await storedRecord(h, table, subject, head.seq);
  expect(original.hash).toBe(head.hash);
  await h.db.send(
    new PutCommand({
      TableName: table,
      Item: { ...original, fields: ['nothing'], hash: 'f'.repeat(64) },
    }),
  );
  const rewritten = await storedRecord(h, table, subject, head.seq);
  expect(rewritten.hash).not.toBe(head.hash);
}

describe('the audit anchors of the activity and calendars capabilities', () => {
  it('anchors the segmentation configuration chain under anchors/ActivityAudit/, signed, once', async () => {
    // Prepare: two saves of the configuration, two records of its chain.
    const h = await harness(activityCapability);
    const store = new DynamoSegmentationConfigStore(
      h.db,
      { table: h.tables.Activity ?? '', auditTable: h.tables.ActivityAudit ?? '' },
      h.signer,
    );
    const v1: SegmentationConfig = structuredClone(DEFAULT_SEGMENTATION_CONFIG);
    v1.assets.highMinMinor = 80_000_000;
    await putConfig(store, 0, v1, ADMIN, h.clock);
    await putConfig(store, 1, structuredClone(DEFAULT_SEGMENTATION_CONFIG), ADMIN, h.clock);

    // Act
    const written = await h.anchor('ActivityAudit');
    const again = h.anchor('ActivityAudit');

    // Assess: one anchor, its own prefix, the head of the chain, a valid MAC; no second write.
    expect(written).toEqual({ key: 'anchors/ActivityAudit/2026-12-04T02:40:00.000Z.json', subjects: 1 });
    await expect(again).rejects.toBeInstanceOf(AnchorExistsError);
    expect(await readdir(join(h.dir, 'anchors'))).toEqual(['ActivityAudit']);
    const anchor = await h.readAnchor(written.key);
    expect(anchor).toMatchObject({
      table: 'ActivityAudit',
      heads: [{ subject: SEGMENTATION_CONFIG_AUDIT_SUBJECT, seq: 2 }],
    });
    expect(await h.signer.verify(anchor.digest, anchor.mac)).toBe(true);
    await rewriteAndCompare(h, h.tables.ActivityAudit ?? '', anchor, SEGMENTATION_CONFIG_AUDIT_SUBJECT);
  });

  it('anchors every calendar year chain under anchors/CalendarAudit/, signed, once', async () => {
    // Prepare: 2027 loaded twice, 2028 once: two chains.
    const h = await harness(calendarsCapability);
    const deps = {
      store: new DynamoCalendarStore(
        h.db,
        { table: h.tables.Calendars ?? '', auditTable: h.tables.CalendarAudit ?? '' },
        h.clock,
        h.signer,
      ),
      builtIn: builtInYears,
      checkFrom: DEFAULT_CHECK_FROM,
      clock: h.clock,
    };
    const year = {
      holidays: [{ name: "New Year's Day", from: '2027-01-01', to: '2027-01-03' }],
      makeUpWorkingDays: [],
    };
    await putCalendarYear(deps, 2027, 0, year, ADMIN);
    await putCalendarYear(deps, 2027, 1, { ...year, makeUpWorkingDays: ['2027-02-20'] }, ADMIN);
    await putCalendarYear(
      deps,
      2028,
      0,
      { holidays: [{ name: "New Year's Day", from: '2028-01-01', to: '2028-01-01' }], makeUpWorkingDays: [] },
      ADMIN,
    );

    // Act
    const written = await h.anchor('CalendarAudit');
    const again = h.anchor('CalendarAudit');

    // Assess
    expect(written).toEqual({ key: 'anchors/CalendarAudit/2026-12-04T02:40:00.000Z.json', subjects: 2 });
    await expect(again).rejects.toBeInstanceOf(AnchorExistsError);
    expect(await readdir(join(h.dir, 'anchors'))).toEqual(['CalendarAudit']);
    const anchor = await h.readAnchor(written.key);
    expect(anchor.heads.map(({ subject, seq }) => ({ subject, seq }))).toEqual([
      { subject: 'calendar#2027', seq: 2 },
      { subject: 'calendar#2028', seq: 1 },
    ]);
    expect(await h.signer.verify(anchor.digest, anchor.mac)).toBe(true);
    await rewriteAndCompare(h, h.tables.CalendarAudit ?? '', anchor, 'calendar#2027');
  });
});
