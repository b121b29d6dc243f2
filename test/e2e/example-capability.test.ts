import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformCapability } from '../../functions/platform/index.js';
import { branchesCapability } from '../fixtures/branches/index.js';
import { api, devToken, startTestCloud, type TestCloud } from '../support/local-cloud.js';

// The smallest capability of docs/architecture.md §12 (test/fixtures/branches) in the local
// cloud, beside the platform (health, unknown routes): its table, its route and its policy
// work with nothing written for them outside the folder.
describe('the documented example capability in the local cloud', () => {
  let cloud: TestCloud;

  beforeAll(async () => {
    cloud = await startTestCloud({ capabilities: [platformCapability, branchesCapability] });
    const dynamodb = new DynamoDBClient({ endpoint: cloud.dynamodbEndpoint });
    for (const [code, city] of [
      ['BJ01', 'Beijing'],
      ['SH01', 'Shanghai'],
    ] as const) {
      await dynamodb.send(
        new PutItemCommand({
          TableName: cloud.tables.Branches,
          Item: { pk: { S: `BRANCH#${code}` }, branchCode: { S: code }, city: { S: city } },
        }),
      );
    }
    dynamodb.destroy();
  });

  afterAll(async () => {
    await cloud?.stop();
  });

  it('answers a branch to the people of that branch, and 404 for another branch or an unknown code', async () => {
    // Prepare
    const rm = api(
      cloud,
      await devToken(cloud, { sub: 'e2e-rm', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-1' }),
    );

    // Act
    const own = await rm.get('/v1/branches/BJ01');
    const other = await rm.get('/v1/branches/SH01');
    const unknown = await rm.get('/v1/branches/GZ01');

    // Assess
    expect(own.status).toBe(200);
    expect(own.body).toEqual({ branchCode: 'BJ01', city: 'Beijing' });
    expect([other.status, unknown.status]).toEqual([404, 404]);
    expect([other.json.code, other.json.detail]).toEqual([unknown.json.code, unknown.json.detail]);
    expect(other.headers['content-type']).toContain('application/problem+json');
  });

  it('lets an admin read every branch, refuses a role the policy does not list before any lookup, and a caller without a token', async () => {
    const admin = api(cloud, await devToken(cloud, { sub: 'e2e-admin', role: 'admin' }));
    const analyst = api(cloud, await devToken(cloud, { sub: 'e2e-analyst', role: 'analyst' }));

    expect((await admin.get('/v1/branches/SH01')).body).toEqual({ branchCode: 'SH01', city: 'Shanghai' });
    expect((await analyst.get('/v1/branches/SH01')).status).toBe(403);
    expect((await analyst.get('/v1/branches/NOPE99')).status).toBe(403);
    expect((await api(cloud).get('/v1/branches/BJ01')).status).toBe(401);
  });

  it('validates the path parameter, and answers 405 with Allow for a method the path does not have', async () => {
    const admin = api(cloud, await devToken(cloud, { sub: 'e2e-admin', role: 'admin' }));

    const invalid = await admin.get('/v1/branches/%20bad%20');
    const wrongMethod = await admin.post('/v1/branches/BJ01', {});

    expect(invalid.status).toBe(422);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET');
  });
});
