import { randomBytes, randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { inject } from 'vitest';
import { customerApi } from '../../functions/customers/api/route-handlers.js';
import {
  type CustomerPolicies,
  DEFAULT_CUSTOMER_POLICIES,
} from '../../functions/customers/domain/policies.js';
import { parseRmDirectory } from '../../functions/customers/domain/rm-directory.js';
import { customersCapability } from '../../functions/customers/index.js';
import { customersPolicy } from '../../functions/customers/policy.js';
import type { CustomerDeps } from '../../functions/customers/service/deps.js';
import type { WorkflowGateway } from '../../functions/customers/service/workflow-gateway.js';
import { DynamoCustomerStore } from '../../functions/customers/store/dynamo-customer-store.js';
import { DynamoReviewStore } from '../../functions/customers/store/dynamo-review-store.js';
import { DynamoSearchLedger } from '../../functions/customers/store/dynamo-search-ledger.js';
import { createIsolatedTables } from '../../infra/local/tables.js';
import { LocalAuditSigner } from '../../shared/audit/index.js';
import type { Role } from '../../shared/auth/types.js';
import { CachingKeyProvider, LocalKeyProvider, RecordCipher } from '../../shared/crypto/index.js';
import type { BlindIndexKeySource, KeyProvider } from '../../shared/crypto/types.js';
import { documentClientOf } from '../../shared/dynamodb/client.js';
import { createHttpApi } from '../../shared/http/index.js';
import type { ConsumedEvent } from '../../shared/lambda/event-bridge.js';
import { DEFAULT_MASKING_RULES } from '../../shared/masking/index.js';
import type { DeadLetter } from '../../shared/messaging/dead-letters.js';
import { JobItems } from '../../shared/messaging/job-items.js';
import { OUTBOX_ENTITY_TYPE } from '../../shared/outbox/index.js';
import { DynamoCalendarMirror } from '../../shared/time/dynamo-calendar-mirror.js';
import { localClient, scanAll } from './dynamo.js';
import { lambdaContext } from './lambda-context.js';
import { SwitchableClock } from './test-clock.js';

export interface Caller {
  readonly sub: string;
  readonly role: Role;
  readonly branch?: string;
  readonly rmId?: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: unknown;
  readonly json: Record<string, unknown>;
}

/** An outbox item as the relay will publish it. */
export interface OutboxEntry {
  readonly detailType: string;
  readonly detail: Record<string, unknown>;
  readonly createdAt: string;
}

export interface CallOptions {
  readonly body?: unknown;
  /** A raw body string (malformed JSON tests). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly query?: Record<string, string>;
}

/** Records what the workflow gateway was asked to do. */
export class RecordingWorkflows implements WorkflowGateway {
  readonly started: string[] = [];
  readonly completed: { taskToken: string; output: Readonly<Record<string, unknown>> }[] = [];
  readonly retimed: string[] = [];
  async startReview(reviewId: string): Promise<void> {
    this.started.push(reviewId);
  }
  async completeTask(taskToken: string, output: Readonly<Record<string, unknown>>): Promise<boolean> {
    this.completed.push({ taskToken, output });
    return true;
  }
  async retimeTask(taskToken: string): Promise<boolean> {
    this.retimed.push(taskToken);
    return true;
  }
}

const ROUTE_TEMPLATES = customersCapability.api.routes.map((route) => ({
  method: route.method,
  template: route.path,
  matcher: new RegExp(`^${route.path.replace(/\{[^/}]+\}/g, '([^/]+)')}$`),
  names: [...route.path.matchAll(/\{([^/}]+)\}/g)].map((m) => m[1] ?? ''),
}));

const context = lambdaContext('CustomersApi');

/**
 * The customers API handler wired to isolated tables on the shared DynamoDB Local, the local
 * key provider (counting calls) and a recording workflow gateway; requests are API Gateway
 * payload v2 events with JWT-authorizer claims, as in AWS.
 */
export async function customersHarness(
  options: { cacheTtlMs?: number; policies?: Partial<CustomerPolicies> } = {},
) {
  // The harness's own clock: a test points it at a ControlledClock with `clock.use(...)`.
  const clock = new SwitchableClock();
  const endpoint = inject('dynamodbEndpoint');
  const prefix = `it-${randomUUID().slice(0, 8)}-`;
  const { tables } = await createIsolatedTables(endpoint, { prefix, capabilities: [customersCapability] });
  const customersTable = tables.Customers ?? '';
  const auditTable = tables.CustomerAudit ?? '';
  const keysTable = tables.CustomerKeys ?? '';
  const db = documentClientOf(localClient(endpoint));
  const kms: KeyProvider = new LocalKeyProvider(randomBytes(32));
  const keyProvider = new CachingKeyProvider(kms, { ttlMs: options.cacheTtlMs ?? 0, clock });
  const blindKey = randomBytes(32);
  const blindIndexKey: BlindIndexKeySource = { getKey: async () => blindKey };
  const workflows = new RecordingWorkflows();
  const tableNames = { customers: customersTable, audit: auditTable, keys: keysTable };
  const auditSigner = new LocalAuditSigner(randomBytes(32));
  const deps: CustomerDeps = {
    store: new DynamoCustomerStore(db, tableNames, clock, auditSigner),
    reviews: new DynamoReviewStore(db, tableNames, clock, auditSigner),
    searchLedger: new DynamoSearchLedger(db, tableNames, auditSigner),
    auditSigner,
    cipher: new RecordCipher(keyProvider),
    blindIndexKey,
    // The RMs the callers below name: supervisors of BJ01 may assign rm-1 to rm-3.
    policies: {
      ...DEFAULT_CUSTOMER_POLICIES,
      rmDirectory: parseRmDirectory(TEST_RM_DIRECTORY),
      ...options.policies,
    },
    masking: DEFAULT_MASKING_RULES,
    workflows,
    calendarMirror: new DynamoCalendarMirror(db, customersTable, clock),
    clock,
  };
  const handler = createHttpApi(customerApi(deps), { policy: customersPolicy });

  async function call(
    caller: Caller | undefined,
    method: string,
    path: string,
    opts: CallOptions = {},
  ): Promise<ApiResponse> {
    const route = ROUTE_TEMPLATES?.find((r) => r.method === method && r.matcher.test(path));
    const match = route?.matcher.exec(path);
    const pathParameters = Object.fromEntries(
      (route?.names ?? []).map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? '')]),
    );
    const body = opts.rawBody ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body));
    const headers: Record<string, string> = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...Object.fromEntries(Object.entries(opts.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
    };
    const claims =
      caller === undefined
        ? undefined
        : {
            sub: caller.sub,
            'cognito:groups': `[${caller.role}]`,
            ...(caller.branch === undefined ? {} : { 'custom:branch': caller.branch }),
            ...(caller.rmId === undefined ? {} : { 'custom:rmId': caller.rmId }),
          };
    const event = {
      version: '2.0',
      routeKey: route === undefined ? '$default' : `${method} ${route.template}`,
      rawPath: path,
      rawQueryString: new URLSearchParams(opts.query ?? {}).toString(),
      headers,
      ...(opts.query === undefined ? {} : { queryStringParameters: opts.query }),
      ...(route === undefined || route.names.length === 0 ? {} : { pathParameters }),
      ...(body === undefined ? {} : { body }),
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: 'localhost',
        domainPrefix: 'localhost',
        http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'vitest' },
        requestId: randomUUID(),
        routeKey: route === undefined ? '$default' : `${method} ${route.template}`,
        stage: '$default',
        time: new Date().toISOString(),
        timeEpoch: Date.now(),
        ...(claims === undefined ? {} : { authorizer: { jwt: { claims, scopes: [] } } }),
      },
    } as unknown as APIGatewayProxyEventV2;
    const result = (await handler(event, context)) as APIGatewayProxyStructuredResultV2;
    const text = typeof result.body === 'string' ? result.body : '';
    const parsed: unknown = text === '' ? undefined : JSON.parse(text);
    return {
      status: result.statusCode ?? 0,
      headers: Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]),
      ),
      body: parsed,
      json: (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>,
    };
  }

  /** What the scheduled jobs dead-lettered, in order (a recording sink). */
  const deadLetters: DeadLetter[] = [];
  /** One run's per-item isolation of `job`, dead-lettering into `deadLetters`. */
  const jobItems = (job: string) =>
    new JobItems(job, { send: async (letter: DeadLetter) => void deadLetters.push(letter) });

  return {
    call,
    deps,
    deadLetters,
    jobItems,
    clock,
    db,
    kms,
    workflows,
    tables: tableNames,
    /** Every raw item of the customers and audit tables, as stored. */
    rawItems: async () => [...(await scanAll(db, customersTable)), ...(await scanAll(db, auditTable))],
    /** Every raw item of the key table (the customers' encrypted data keys). */
    keyItems: async () => scanAll(db, keysTable),
    /** The events in the outbox (written with their change), optionally only one customer's, oldest first. */
    outboxEvents: async (customerId?: string): Promise<OutboxEntry[]> =>
      (await scanAll(db, customersTable))
        .filter((item) => item.entityType === OUTBOX_ENTITY_TYPE)
        .map((item) => ({
          detailType: String(item.detailType),
          detail: JSON.parse(String(item.detail)) as Record<string, unknown>,
          createdAt: String(item.createdAt),
        }))
        .filter((entry) => customerId === undefined || entry.detail.customerId === customerId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    close: () => db.destroy(),
  };
}

export type CustomersHarness = Awaited<ReturnType<typeof customersHarness>>;

/** Valid PRC ID numbers: a real checksum over a region, a birth date and a sequence. */
export function prcId(birth: string, sequence: number): string {
  const body = `110105${birth.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * (weights[i] ?? 0), 0);
  return body + ('10X98765432'[sum % 11] ?? '');
}

/** The RM directory of the harness (`RM_DIRECTORY`): rm-9 works in SH01, not BJ01. */
export const TEST_RM_DIRECTORY = 'BJ01:rm-1,rm-2,rm-3;SH01:rm-9';

export const callers = {
  rm: { sub: 'user-rm-1', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-1' },
  otherRm: { sub: 'user-rm-2', role: 'relationship-manager', branch: 'BJ01', rmId: 'rm-2' },
  foreignRm: { sub: 'user-rm-9', role: 'relationship-manager', branch: 'SH01', rmId: 'rm-9' },
  supervisor: { sub: 'user-sup-1', role: 'supervisor', branch: 'BJ01' },
  foreignSupervisor: { sub: 'user-sup-9', role: 'supervisor', branch: 'SH01' },
  compliance: { sub: 'user-co-1', role: 'compliance-officer' },
  agent: { sub: 'user-agent-1', role: 'service-agent', branch: 'BJ01' },
  analyst: { sub: 'user-an-1', role: 'analyst' },
  admin: { sub: 'user-admin-1', role: 'admin' },
} as const satisfies Record<string, Caller>;

let sequence = 100;
/** A new valid individual registration for rm-1 in BJ01, unique per call. */
export function individual(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  sequence += 1;
  return {
    type: 'individual',
    name: '张三丰',
    idType: 'prc-id',
    idNumber: prcId('1985-03-12', sequence % 1000),
    mobile: `1380013${String(sequence).padStart(4, '0')}`,
    email: `zhang.${sequence}@example.com`,
    address: '北京市朝阳区建国路88号',
    birthDate: '1985-03-12',
    occupation: 'engineer',
    riskTolerance: 'C3',
    riskAssessedAt: '2026-06-01T00:00:00Z',
    branch: 'BJ01',
    rmId: 'rm-1',
    ...overrides,
  };
}

/** A ComplianceStatusChanged as EventBridge delivers it from the AML system (a new EventBridge id each call). */
export function amlEvent(
  customerId: string,
  status: string,
  at: string,
  extra: Record<string, unknown> = {},
): ConsumedEvent {
  return {
    source: 'aml',
    detailType: 'ComplianceStatusChanged',
    id: randomUUID(),
    time: at,
    detail: { customerId, status, at, ...extra },
  };
}
