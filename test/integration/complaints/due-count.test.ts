import { randomBytes, randomUUID } from 'node:crypto';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { complaintsCapability } from '../../../functions/complaints/index.js';
import { countDueSoon } from '../../../functions/complaints/service/due-soon.js';
import { DynamoComplaintStore } from '../../../functions/complaints/store/dynamo-complaint-store.js';
import { DUE_OPEN } from '../../../functions/complaints/store/keys.js';
import { createIsolatedTables } from '../../../infra/local/tables.js';
import { LocalAuditSigner } from '../../../shared/audit/index.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { DynamoCalendarMirror } from '../../../shared/time/dynamo-calendar-mirror.js';
import { localClient } from '../../support/dynamo.js';

const clients: DynamoDBDocumentClient[] = [];
// The count signs and checks nothing.
const unusedSigner = new LocalAuditSigner(randomBytes(32));
afterAll(() => {
  for (const client of clients) client.destroy();
});

/** The Complaints table on its own prefix, with items shaped as the store keeps them on byDue. */
async function complaintsTable(items: readonly Record<string, unknown>[]) {
  const endpoint = inject('dynamodbEndpoint');
  const created = await createIsolatedTables(endpoint, {
    prefix: `it-due-${randomUUID().slice(0, 8)}-`,
    capabilities: [complaintsCapability],
  });
  const table = created.tables.Complaints ?? '';
  const db = DynamoDBDocumentClient.from(localClient(endpoint));
  clients.push(db);
  for (let index = 0; index < items.length; index += 25) {
    await db.send(
      new BatchWriteCommand({
        RequestItems: { [table]: items.slice(index, index + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
  return { db, table };
}

const open = (id: string, nextDueAt: string) => ({
  pk: `COMPLAINT#${id}`,
  sk: 'COMPLAINT',
  entityType: 'COMPLAINT',
  dueKey: DUE_OPEN,
  nextDueAt,
});

describe('the due-soon count on DynamoDB', () => {
  it('counts open complaints by their next deadline on byDue, and nothing without a pending deadline', async () => {
    // 3 due tonight, 2 past due, 1 at the end of Monday, 2 on Tuesday, and a closed complaint
    // that carries no dueKey (the sparse index leaves it out).
    const items = [
      ...Array.from({ length: 3 }, (_, index) => open(`soon-${index}`, '2026-03-06T12:00:00.000Z')),
      open('late-1', '2026-03-05T15:59:59.999Z'),
      open('late-2', '2026-03-06T01:59:59.999Z'),
      open('monday', '2026-03-09T15:59:59.999Z'),
      open('tuesday-1', '2026-03-10T15:59:59.999Z'),
      open('tuesday-2', '2026-03-10T15:59:59.999Z'),
      {
        pk: 'COMPLAINT#closed',
        sk: 'COMPLAINT',
        entityType: 'COMPLAINT',
        nextDueAt: '2026-03-06T12:00:00.000Z',
      },
    ];
    const { db, table } = await complaintsTable(items);
    const clock = new ControlledClock(new Date('2026-03-06T02:00:00.000Z'));

    // Act
    const result = await countDueSoon({
      store: new DynamoComplaintStore(db, { complaints: table, audit: '', keys: '' }, clock, unusedSigner),
      calendarMirror: new DynamoCalendarMirror(db, table, clock),
      clock,
    });

    // Assess: Friday 10:00 in Beijing, so Monday's end is the horizon.
    expect(result).toMatchObject({ dueSoon: 4, overdue: 2, horizon: '2026-03-09T15:59:59.999Z' });
  });
});
