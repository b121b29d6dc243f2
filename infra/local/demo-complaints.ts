import type { SeededCustomer } from './seed.js';

/**
 * The demo portfolio's complaints: one at every stage of the regulator's clock (some breached,
 * some paused, some in review, one a repeat), created through the API and moved on the local
 * clock, so the queue, the timeline, the SLA state, the breach metrics and the report show real
 * data. Synthetic text only.
 */

/** Who takes a step: the branch's agent (the assignee), its supervisor, or the complaints unit. */
export type DemoActor = 'agent' | 'supervisor' | 'manager';

/**
 * One action (`POST /v1/complaints/{id}/<action>`, with If-Match). `{extensionId}` in the
 * action stands for the extension the previous answer requested.
 */
export interface DemoStep {
  readonly action: string;
  readonly as: DemoActor;
  readonly body?: Readonly<Record<string, unknown>>;
}

export interface DemoComplaint {
  readonly stage: string;
  readonly customerId: string;
  readonly branch: string;
  readonly intake: Readonly<Record<string, unknown>>;
  readonly steps: readonly DemoStep[];
}

interface StageSpec {
  readonly stage: string;
  /** How long before the demo's "now" the complaint was received (letters and phone backfill). */
  readonly receivedDaysAgo: number;
  readonly channel: string;
  readonly category: string;
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly steps: (context: { readonly agentSub: string; readonly dueDate: string }) => DemoStep[];
}

const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * 3_600_000;

const assign = (agentSub: string): DemoStep => ({
  action: 'assign',
  as: 'agent',
  body: { assignee: agentSub },
});
const acknowledge: DemoStep = { action: 'acknowledge', as: 'agent' };
const initialHandling: DemoStep = { action: 'initial-handling', as: 'agent' };
const decided = (outcome: string, remedies: readonly Record<string, unknown>[]): DemoStep => ({
  action: 'decision',
  as: 'agent',
  body: { outcome, remedies },
});
const handled = (agentSub: string): DemoStep[] => [assign(agentSub), acknowledge, initialHandling];

/** Every stage the demo shows, in the order the complaints are created. */
const STAGES: readonly StageSpec[] = [
  {
    stage: 'new, in the queue',
    receivedDaysAgo: 0.05,
    channel: 'online',
    category: 'service-attitude',
    steps: () => [],
  },
  {
    stage: 'assigned',
    receivedDaysAgo: 0.2,
    channel: 'phone',
    category: 'fees',
    steps: ({ agentSub }) => [assign(agentSub)],
  },
  {
    stage: 'urgent: regulator-forwarded, vulnerable customer',
    receivedDaysAgo: 0.5,
    channel: 'regulator-forwarded',
    category: 'mis-selling',
    extra: {
      vulnerableCustomer: true,
      regulatorRef: 'NFRA-BJ-2026-0042',
      amountAtStake: { amountMinor: 8_000_000, currency: 'CNY' },
    },
    steps: ({ agentSub }) => [assign(agentSub)],
  },
  {
    stage: 'acknowledgement breached',
    receivedDaysAgo: 3,
    channel: 'letter',
    category: 'product',
    steps: ({ agentSub }) => [assign(agentSub)],
  },
  {
    stage: 'awaiting initial handling',
    receivedDaysAgo: 0.8,
    channel: 'counter',
    category: 'system-failure',
    steps: ({ agentSub }) => [assign(agentSub), acknowledge],
  },
  {
    stage: 'investigating',
    receivedDaysAgo: 4,
    channel: 'phone',
    category: 'fees',
    steps: ({ agentSub }) => [
      ...handled(agentSub),
      { action: 'notes', as: 'agent', body: { text: '已致电客户说明调查进度（演示数据）' } },
    ],
  },
  {
    stage: 'paused for external appraisal',
    receivedDaysAgo: 7,
    channel: 'email',
    category: 'product',
    steps: ({ agentSub }) => [
      ...handled(agentSub),
      { action: 'pause', as: 'agent', body: { reason: 'external-appraisal' } },
    ],
  },
  {
    stage: 'extended (level 1, supervisor approved)',
    receivedDaysAgo: 12,
    channel: 'letter',
    category: 'mis-selling',
    steps: ({ agentSub }) => [
      ...handled(agentSub),
      { action: 'extensions', as: 'agent', body: { level: 1, reason: 'complex-case' } },
      { action: 'extensions/{extensionId}/decision', as: 'supervisor', body: { approve: true } },
    ],
  },
  {
    stage: 'decision breached',
    receivedDaysAgo: 18,
    channel: 'phone',
    category: 'data-privacy',
    steps: ({ agentSub }) => handled(agentSub),
  },
  {
    stage: 'decided, review window open',
    receivedDaysAgo: 9,
    channel: 'online',
    category: 'service-attitude',
    steps: ({ agentSub }) => [...handled(agentSub), decided('rejected', [{ type: 'explanation' }])],
  },
  {
    stage: 'in review',
    receivedDaysAgo: 14,
    channel: 'phone',
    category: 'fees',
    steps: ({ agentSub }) => [
      ...handled(agentSub),
      decided('partially-upheld', [{ type: 'explanation' }, { type: 'correction' }]),
      { action: 'review-requests', as: 'agent' },
    ],
  },
  {
    stage: 'awaiting closure after review',
    receivedDaysAgo: 20,
    channel: 'letter',
    category: 'product',
    steps: ({ agentSub }) => [
      ...handled(agentSub),
      decided('rejected', [{ type: 'explanation' }]),
      { action: 'review-requests', as: 'agent' },
      { action: 'review-decision', as: 'manager', body: { outcome: 'partially-upheld' } },
    ],
  },
  {
    stage: 'closed',
    receivedDaysAgo: 25,
    channel: 'counter',
    category: 'fees',
    steps: ({ agentSub, dueDate }) => [
      ...handled(agentSub),
      decided('upheld', [{ type: 'compensation', amount: { amountMinor: 50_000, currency: 'CNY' } }]),
      // A complaint is closed once its review window is over: here the customer asked for a
      // review at once and the complaints unit confirmed the decision.
      { action: 'review-requests', as: 'agent' },
      { action: 'review-decision', as: 'manager', body: { outcome: 'upheld' } },
      {
        action: 'close',
        as: 'agent',
        body: {
          rootCause: 'fees-pricing',
          remediationActions: [{ action: 'fee-table-review', owner: 'demo-product-owner', dueDate }],
        },
      },
    ],
  },
];

/** The agent who handles a branch's demo complaints (their queue is the branch). */
export const demoAgentOf = (branch: string) => `demo-agent-${branch.toLowerCase()}`;

/**
 * The demo complaints for `customers` (one customer per stage, in order, plus a repeat of the
 * one being investigated): deterministic, received up to 25 days before `now` (within the
 * backfill limit), remediation due 30 days after it. Fewer customers than stages: the first
 * stages only.
 */
export function demoComplaints(
  customers: readonly { readonly customerId: string; readonly branch: string }[],
  now: Date,
): DemoComplaint[] {
  const dueDate = new Date(now.getTime() + CST_OFFSET_MS + 30 * DAY_MS).toISOString().slice(0, 10);
  const complaints = STAGES.slice(0, customers.length).flatMap((spec, index) => {
    const customer = customers[index];
    if (customer === undefined) return [];
    const receivedAt = new Date(now.getTime() - spec.receivedDaysAgo * DAY_MS).toISOString();
    return [
      {
        stage: spec.stage,
        customerId: customer.customerId,
        branch: customer.branch,
        intake: {
          customerId: customer.customerId,
          channel: spec.channel,
          category: spec.category,
          description: `演示投诉：${spec.stage}（合成数据，非真实客户）`,
          customerRequest: '请尽快处理并回复（合成数据）',
          receivedAt,
          productIds: ['PRD-CARD-01'],
          ...spec.extra,
        },
        steps: spec.steps({ agentSub: demoAgentOf(customer.branch), dueDate }),
      },
    ];
  });
  // A second complaint about the investigated customer and category, no new facts: a repeat,
  // linked to the open one (no clock of its own, the open one's priority rises).
  const investigated = complaints.find((complaint) => complaint.stage === 'investigating');
  if (investigated !== undefined) {
    complaints.push({
      ...investigated,
      stage: 'repeat of an open complaint',
      intake: {
        ...investigated.intake,
        channel: 'online',
        receivedAt: new Date(now.getTime() - 3_600_000).toISOString(),
      },
      steps: [],
    });
  }
  return complaints;
}

export interface ComplaintSeedOptions {
  readonly apiUrl: string;
  /** Resolves when the local cloud has processed everything in flight (`LocalCloud.settle`). */
  readonly settle: () => Promise<void>;
  /** How far the local clock is moved once the complaints are in (default 26 hours). */
  readonly advanceHours?: number;
}

export interface ComplaintSeedResult {
  readonly created: number;
  /** Steps the API refused (expected 0), by stage. */
  readonly failed: Readonly<Record<string, number>>;
  /** How many complaints are in each status after the clock moved. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** Breaches recorded over all complaints after the clock moved. */
  readonly breaches: number;
}

async function request(
  apiUrl: string,
  token: string,
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; etag: string; json: Record<string, unknown> }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    },
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  return {
    status: response.status,
    etag: response.headers.get('etag') ?? '',
    json: typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {},
  };
}

async function devToken(apiUrl: string, claims: Record<string, string>): Promise<string> {
  const response = await fetch(`${apiUrl}/local/dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(claims),
  });
  if (!response.ok) throw new Error(`dev-token failed with ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}

/** The id of the last extension an answer lists (the one just requested). */
function lastExtensionId(answer: Record<string, unknown>): string {
  const extensions = Array.isArray(answer.extensions) ? answer.extensions : [];
  const last: unknown = extensions.at(-1);
  return typeof last === 'object' && last !== null && 'extensionId' in last ? String(last.extensionId) : '';
}

/**
 * Takes the demo complaints through the API, each step as the role that takes it in a bank,
 * then lets the workflows open their steps, moves the local clock (deadlines pass: the
 * unacknowledged complaints breach and escalate) and lets the workflows record it.
 */
export async function seedDemoComplaints(
  options: ComplaintSeedOptions,
  seeded: { readonly now: Date; readonly newCustomers: readonly SeededCustomer[] },
): Promise<ComplaintSeedResult> {
  const customers = seeded.newCustomers.map(({ customerId, customer }) => ({
    customerId,
    branch: customer.owner.branch,
  }));
  const plan = demoComplaints(customers, seeded.now);
  const tokens = new Map<string, string>();
  const tokenOf = async (actor: DemoActor, branch: string): Promise<string> => {
    const key = actor === 'manager' ? actor : `${actor}:${branch}`;
    const known = tokens.get(key);
    if (known !== undefined) return known;
    const claims: Record<string, string> =
      actor === 'manager'
        ? { sub: 'demo-complaints-unit', role: 'complaints-manager' }
        : actor === 'agent'
          ? { sub: demoAgentOf(branch), role: 'service-agent', branch }
          : { sub: `demo-supervisor-${branch.toLowerCase()}`, role: 'supervisor', branch };
    const token = await devToken(options.apiUrl, claims);
    tokens.set(key, token);
    return token;
  };
  // The customers' registrations must have reached the complaints capability's mirror.
  await options.settle();
  const failed: Record<string, number> = {};
  const ids: string[] = [];
  for (const [index, complaint] of plan.entries()) {
    const created = await request(
      options.apiUrl,
      await tokenOf('agent', complaint.branch),
      'POST',
      '/v1/complaints',
      {
        body: complaint.intake,
        headers: { 'idempotency-key': `demo-complaint-${index}` },
      },
    );
    if (created.status !== 201) {
      failed[complaint.stage] = (failed[complaint.stage] ?? 0) + 1;
      continue;
    }
    const complaintId = String(created.json.complaintId);
    ids.push(complaintId);
    let etag = created.etag;
    let last = created.json;
    for (const step of complaint.steps) {
      const action = step.action.replace('{extensionId}', lastExtensionId(last));
      const answer = await request(
        options.apiUrl,
        await tokenOf(step.as, complaint.branch),
        'POST',
        `/v1/complaints/${complaintId}/${action}`,
        { ...(step.body === undefined ? {} : { body: step.body }), headers: { 'if-match': etag } },
      );
      if (answer.status !== 200) {
        failed[complaint.stage] = (failed[complaint.stage] ?? 0) + 1;
        break;
      }
      etag = answer.etag;
      last = answer.json;
    }
  }
  // The workflows start and open their steps; then time passes and the deadlines fire.
  await options.settle();
  const advanceMs = (options.advanceHours ?? 26) * 3_600_000;
  const moved = await fetch(`${options.apiUrl}/local/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms: advanceMs }),
  });
  await moved.arrayBuffer();
  await options.settle();
  const manager = await tokenOf('manager', '');
  const byStatus: Record<string, number> = {};
  let breaches = 0;
  for (const complaintId of ids) {
    const read = await request(options.apiUrl, manager, 'GET', `/v1/complaints/${complaintId}`);
    const status = String(read.json.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    breaches += Array.isArray(read.json.breaches) ? read.json.breaches.length : 0;
  }
  return { created: ids.length, failed, byStatus, breaches };
}
