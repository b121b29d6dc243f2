import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { COMPLAINT_CATEGORIES } from '../functions/complaints/domain/model.js';
import { demoPortfolio } from '../infra/local/demo-portfolio.js';
import { startBenchCloud } from './bench-dynamo.js';
import { type ApiFigure, measureOperation, printApiFigures } from './measure.js';

/**
 * Complaint intake and one action (acknowledge) through the local cloud (HTTP server, JWT
 * verification, handler, DynamoDB Local, the in-process Step Functions emulator) beside the
 * raw DynamoDB Local round trips the same request needs, with the exact DynamoDB calls by
 * operation and the key-provider calls (each a KMS call in AWS) per operation.
 */
export async function measureComplaints(samples = 100): Promise<ApiFigure[]> {
  const bench = await startBenchCloud('bench-cx-');
  const { cloud, raw, proxy, keyCalls, call } = bench;
  try {
    const rm = await cloud.mintToken({
      sub: 'bench-rm',
      role: 'relationship-manager',
      branch: 'BJ01',
      rmId: 'rm-bj01-1',
    });
    const agent = await cloud.mintToken({ sub: 'bench-agent', role: 'service-agent', branch: 'BJ01' });
    const manager = await cloud.mintToken({ sub: 'bench-cu', role: 'complaints-manager' });

    // One complaint per customer and category, so every intake is a new complaint with its own
    // clock (a second one about the same customer and category would be a repeat).
    const intakes = samples + 3;
    const customerCount = Math.ceil(intakes / COMPLAINT_CATEGORIES.length);
    const people = demoPortfolio(customerCount + 20, 4343)
      .filter((c) => c.body.type === 'individual')
      .slice(0, customerCount);
    const customerIds: string[] = [];
    for (const person of people) {
      const created = await call(rm, 'POST', '/v1/customers', {
        ...person.body,
        branch: 'BJ01',
        rmId: 'rm-bj01-1',
      });
      customerIds.push(String(created.json.customerId));
    }
    // CustomerRegistered reaches the complaints capability's customer mirror through the bus.
    await cloud.settle();

    const intakeBody = (i: number) => ({
      customerId: customerIds[Math.floor(i / COMPLAINT_CATEGORIES.length)] ?? '',
      channel: 'phone',
      category: COMPLAINT_CATEGORIES[i % COMPLAINT_CATEGORIES.length] ?? 'other',
      description: 'Annual fee charged after the card was cancelled (synthetic bench text).',
      customerRequest: 'Refund the annual fee (synthetic bench text).',
    });
    const complaintsTable = cloud.tables.Complaints ?? '';
    const auditTable = cloud.tables.ComplaintAudit ?? '';
    const keysTable = cloud.tables.ComplaintKeys ?? '';
    const tools = { proxy, keyCalls, clock: cloud.clock };
    const created: { complaintId: string; etag: string }[] = [];
    const figures: ApiFigure[] = [];

    let intakeIndex = 0;
    figures.push(
      await measureOperation(
        tools,
        'complaint intake',
        async () => {
          const answer = await call(agent, 'POST', '/v1/complaints', intakeBody(intakeIndex));
          intakeIndex += 1;
          created.push({ complaintId: String(answer.json.complaintId), etag: answer.etag });
        },
        // What an intake needs: the customer mirror and the open-complaint marker read, then one
        // transaction: the complaint, its sealed text, the marker, the first audit record and the
        // outbox item in the Complaints and audit tables, and the data key in the key table.
        async (i) => {
          await raw.send(
            new GetCommand({
              TableName: complaintsTable,
              Key: { pk: `RAW#customer#${i}`, sk: 'FACTS' },
              ConsistentRead: true,
            }),
          );
          await raw.send(
            new GetCommand({
              TableName: complaintsTable,
              Key: { pk: `RAW#customer#${i}`, sk: 'OPEN#fees' },
              ConsistentRead: true,
            }),
          );
          await raw.send(
            new TransactWriteCommand({
              TransactItems: [
                { table: complaintsTable, key: { pk: `RAW#complaint#${i}`, sk: 'COMPLAINT' }, size: 2500 },
                { table: complaintsTable, key: { pk: `RAW#complaint#${i}`, sk: 'TEXT' }, size: 800 },
                { table: complaintsTable, key: { pk: `RAW#customer#${i}`, sk: 'OPEN#fees' }, size: 100 },
                { table: complaintsTable, key: { pk: `RAW#outbox#${i}`, sk: 'EVENT' }, size: 500 },
                { table: auditTable, key: { subject: `RAW#complaint#${i}`, seq: 1 }, size: 400 },
                { table: keysTable, key: { complaintId: `RAW#complaint#${i}` }, size: 300 },
              ].map(({ table, key, size }) => ({
                Put: {
                  TableName: table,
                  Item: { ...key, data: 'x'.repeat(size) },
                  ConditionExpression: 'attribute_not_exists(#k)',
                  ExpressionAttributeNames: { '#k': Object.keys(key)[0] ?? 'pk' },
                },
              })),
            }),
          );
        },
        samples,
      ),
    );

    // Each complaint's workflow opens its acknowledgement step (the task token is stored with
    // the complaint), so an acknowledgement answers a waiting step as it does in AWS.
    await cloud.settle();
    let ackIndex = 0;
    figures.push(
      await measureOperation(
        tools,
        'complaint acknowledge',
        async () => {
          const target = created[ackIndex];
          ackIndex += 1;
          if (target === undefined) throw new Error('fewer complaints than acknowledgements');
          await call(manager, 'POST', `/v1/complaints/${target.complaintId}/acknowledge`, undefined, {
            'if-match': target.etag,
          });
        },
        // What an action needs: the complaint read, then one transaction: the complaint under
        // its version guard, the audit record and the outbox item.
        async (i) => {
          await raw.send(
            new GetCommand({
              TableName: complaintsTable,
              Key: { pk: `RAW#complaint#${i}`, sk: 'COMPLAINT' },
              ConsistentRead: true,
            }),
          );
          await raw.send(
            new TransactWriteCommand({
              TransactItems: [
                {
                  Update: {
                    TableName: complaintsTable,
                    Key: { pk: `RAW#complaint#${i}`, sk: 'COMPLAINT' },
                    UpdateExpression: 'SET rawBenchVersion = :v',
                    ExpressionAttributeValues: { ':v': i },
                  },
                },
                {
                  Put: {
                    TableName: auditTable,
                    Item: { subject: `RAW#complaint#${i}`, seq: 2, data: 'x'.repeat(400) },
                    ConditionExpression: 'attribute_not_exists(seq)',
                  },
                },
                {
                  Put: {
                    TableName: complaintsTable,
                    Item: { pk: `RAW#outbox#ack#${i}`, sk: 'EVENT', data: 'x'.repeat(400) },
                  },
                },
              ],
            }),
          );
        },
        samples,
      ),
    );
    printApiFigures(
      'Complaints through the local cloud against the raw DynamoDB Local round trips the request needs',
      figures,
    );
    return figures;
  } finally {
    await bench.stop();
  }
}
