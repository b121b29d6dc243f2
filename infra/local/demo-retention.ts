import { CORE_BANKING_SOURCE } from '../../shared/events/external.js';
import { prcIdCheckChar } from '../../shared/identity/index.js';
import { addMonthsToDay, cstDayOf, isoDateOfDay } from '../../shared/time/civil-day.js';
import { rmIdOf } from './demo-portfolio.js';

/**
 * The demo portfolio's retention cases (docs/domain-rules.md §20): a few customers of the dev
 * RM's book (branch BJ01, its first RM) who went quiet, registered through the API, their last
 * deposits posted on the bus as core banking would, scored by the retention consumer (the churn
 * alert opens their cases), then moved through the API to every stage a case has: the RM's
 * outreach, escalated to the supervisor (the local clock moved past its due time), monitoring
 * (the customer reached), and closed early by the supervisor as retained, reactivated and lost.
 * Deterministic: the same customers, events and actions every fresh start. Synthetic data only.
 */

export const RETENTION_DEMO_BRANCH = 'BJ01';

export const RETENTION_DEMO_STAGES = [
  'escalated',
  'outreach',
  'monitoring',
  'closed-retained',
  'closed-reactivated',
  'closed-lost',
] as const;
export type RetentionDemoStage = (typeof RETENTION_DEMO_STAGES)[number];

/**
 * How the customer went quiet:
 * - `quiet`: four deposits on the first day of the CST month six months back, none since: 180
 *   quiet days and a transaction frequency fallen to nothing (high with the shipped model);
 * - `never-transacted`: onboarded 200 days ago, no transaction ever (inactive alone: medium).
 */
export type RetentionDemoProfile = 'quiet' | 'never-transacted';

/** What is done to the case once it is open, through the API. */
export interface RetentionDemoActions {
  /** An attempt the RM records (`POST /v1/retention-cases/{id}/attempts`). */
  readonly attempt?: Readonly<Record<string, unknown>>;
  /** A deposit posted after the attempt: the customer came back. */
  readonly transactsAgain?: boolean;
  /** The supervisor's early close (`POST /v1/retention-cases/{id}/close-early`). */
  readonly closeEarly?: string;
}

export interface RetentionDemoCustomer {
  readonly stage: RetentionDemoStage;
  readonly profile: RetentionDemoProfile;
  /** `POST /v1/customers` as the RM. */
  readonly registration: Readonly<Record<string, unknown>>;
  /** The successful deposits' instants, oldest first. */
  readonly deposits: readonly string[];
  readonly actions: RetentionDemoActions;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** 10:00 in Beijing, as an offset from the CST day's start in UTC terms (02:00Z). */
const TEN_AM_CST_MS = 2 * HOUR_MS;

const NAMES: Readonly<Record<RetentionDemoStage, string>> = {
  escalated: '示例·韩愈',
  outreach: '示例·柳宗元',
  monitoring: '示例·王安石',
  'closed-retained': '示例·曾巩',
  'closed-reactivated': '示例·苏辙',
  'closed-lost': '示例·欧阳詹',
};

const PLAN: readonly {
  readonly stage: RetentionDemoStage;
  readonly profile: RetentionDemoProfile;
  readonly actions: RetentionDemoActions;
}[] = [
  { stage: 'escalated', profile: 'quiet', actions: {} },
  { stage: 'outreach', profile: 'quiet', actions: {} },
  {
    stage: 'monitoring',
    profile: 'quiet',
    actions: {
      attempt: { channel: 'phone', reached: true, cause: 'service-experience', response: 'considering' },
    },
  },
  {
    stage: 'closed-retained',
    profile: 'never-transacted',
    actions: {
      attempt: { channel: 'face-to-face', reached: true, cause: 'not-leaving', response: 'no-offer' },
      closeEarly: 'customer-retained',
    },
  },
  {
    stage: 'closed-reactivated',
    profile: 'quiet',
    actions: {
      attempt: { channel: 'phone', reached: true, cause: 'inactivity', response: 'accepted' },
      transactsAgain: true,
      closeEarly: 'customer-retained',
    },
  },
  {
    stage: 'closed-lost',
    profile: 'quiet',
    actions: { attempt: { channel: 'phone', reached: false }, closeEarly: 'not-reachable' },
  },
];

/** The instant of 10:00 CST on CST day `day` (days since the epoch). */
function tenAmOf(day: number): Date {
  return new Date(day * DAY_MS + TEN_AM_CST_MS);
}

/**
 * The retention demo's customers relative to `now`: deterministic (the same names, id numbers,
 * mobiles, deposits and actions for the same `now`).
 * @example demoRetentionCustomers(new Date('2026-12-07T02:00:00Z'))[0].stage // 'escalated'
 */
export function demoRetentionCustomers(now: Date): RetentionDemoCustomer[] {
  const today = cstDayOf(now);
  // The first day of the CST month six months back: at least 181 days ago, and inside the three
  // complete months before the last three (the frequency signal's reference).
  const firstOfMonth = dayOfFirst(today);
  const sixMonthsBack = addMonthsToDay(firstOfMonth, -6);
  return PLAN.map(({ stage, profile, actions }, i) => {
    // Area 110105, born 1970–1975, sequence 73i: a valid PRC id once checked.
    const first17 = `110105${1970 + i}0${(i % 9) + 1}1${i}73${i}`;
    const onboardedAt =
      profile === 'quiet'
        ? tenAmOf(today - 400).toISOString()
        : new Date(now.getTime() - 200 * DAY_MS).toISOString();
    return {
      stage,
      profile,
      registration: {
        type: 'individual',
        name: NAMES[stage],
        idType: 'prc-id',
        idNumber: `${first17}${prcIdCheckChar(first17)}`,
        mobile: `1390013${String(2000 + i)}`,
        branch: RETENTION_DEMO_BRANCH,
        rmId: rmIdOf(RETENTION_DEMO_BRANCH, 0),
        onboardedAt,
      },
      deposits:
        profile === 'quiet'
          ? [0, 1, 2, 3].map((n) => new Date(tenAmOf(sixMonthsBack).getTime() + n * HOUR_MS).toISOString())
          : [],
      actions,
    };
  });
}

/** The first day of `day`'s CST month. */
function dayOfFirst(day: number): number {
  const iso = isoDateOfDay(day);
  return day - (Number(iso.slice(8, 10)) - 1);
}

export interface RetentionSeedOptions {
  readonly apiUrl: string;
  /** Resolves when the local cloud has processed everything in flight (`LocalCloud.settle`). */
  readonly settle: () => Promise<void>;
}

export interface RetentionSeedResult {
  readonly customers: number;
  /** Each stage's case id (absent: the case did not open; see `failed`). */
  readonly cases: Readonly<Partial<Record<RetentionDemoStage, string>>>;
  /** How many cases are in each status once seeded. */
  readonly byStatus: Readonly<Record<string, number>>;
  /** The closed cases' outcomes. */
  readonly outcomes: Readonly<Record<string, number>>;
  /** What the API refused (expected none), by stage. */
  readonly failed: Readonly<Record<string, number>>;
}

interface Answer {
  readonly status: number;
  readonly json: Record<string, unknown>;
}

async function call(apiUrl: string, token: string | undefined, method: string, path: string, body?: unknown) {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const parsed: unknown = text === '' ? {} : JSON.parse(text);
  const json =
    typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
  return { status: response.status, json } satisfies Answer;
}

/**
 * Seeds the retention demo into a running local cloud (see the module comment): the escalated
 * customer first, the clock moved just past its outreach due time (the case escalates), then
 * the others, whose cases open at the new time and are moved to their stages.
 */
export async function seedDemoRetention(options: RetentionSeedOptions): Promise<RetentionSeedResult> {
  const { apiUrl, settle } = options;
  const token = async (claims: Record<string, string>) => {
    const answer = await call(apiUrl, undefined, 'POST', '/local/dev-token', claims);
    if (answer.status !== 200) throw new Error(`dev-token failed with ${answer.status}`);
    return String(answer.json.token);
  };
  const rm = await token({
    sub: 'demo-retention-rm',
    role: 'relationship-manager',
    branch: RETENTION_DEMO_BRANCH,
    rmId: rmIdOf(RETENTION_DEMO_BRANCH, 0),
  });
  const supervisor = await token({
    sub: `demo-supervisor-${RETENTION_DEMO_BRANCH.toLowerCase()}`,
    role: 'supervisor',
    branch: RETENTION_DEMO_BRANCH,
  });
  const now = async () => new Date(String((await call(apiUrl, undefined, 'GET', '/local/clock')).json.now));
  const failed: Record<string, number> = {};
  const fail = (stage: RetentionDemoStage) => {
    failed[stage] = (failed[stage] ?? 0) + 1;
  };
  const customerIds = new Map<RetentionDemoStage, string>();
  const cases: Partial<Record<RetentionDemoStage, string>> = {};
  let deposits = 0;

  const deposit = async (customerId: string, at: string) => {
    deposits += 1;
    const answer = await call(apiUrl, undefined, 'POST', '/local/events', {
      Entries: [
        {
          Source: CORE_BANKING_SOURCE,
          DetailType: 'TransactionPosted',
          Detail: {
            transactionId: `txn-demo-retention-${customerId}-${deposits}`,
            customerId,
            type: 'deposit',
            channel: 'counter',
            amount: 2_000_000,
            currency: 'CNY',
            status: 'success',
            postedAt: at,
          },
          Time: at,
        },
      ],
    });
    return answer.status === 200 && answer.json.FailedEntryCount === 0;
  };

  /** Registers the customers and posts their deposits; the alerts open their cases. */
  const arrive = async (customers: readonly RetentionDemoCustomer[]) => {
    for (const customer of customers) {
      const registered = await call(apiUrl, rm, 'POST', '/v1/customers', customer.registration);
      if (registered.status !== 201) {
        fail(customer.stage);
        continue;
      }
      customerIds.set(customer.stage, String(registered.json.customerId));
    }
    // The registrations reach retention (and activity) before the deposits.
    await settle();
    for (const customer of customers) {
      const customerId = customerIds.get(customer.stage);
      if (customerId === undefined) continue;
      for (const at of customer.deposits) if (!(await deposit(customerId, at))) fail(customer.stage);
    }
    // Each registration and each activity summary is scored as it arrives: a quiet customer's
    // alert (and one who never transacted, counted from onboarding) opens the case.
    await settle();
    const listed = await call(apiUrl, rm, 'GET', '/v1/retention-cases?limit=100');
    const items = Array.isArray(listed.json.items) ? listed.json.items : [];
    for (const customer of customers) {
      const customerId = customerIds.get(customer.stage);
      const found: unknown = items.find(
        (item: unknown) =>
          typeof item === 'object' && item !== null && Reflect.get(item, 'customerId') === customerId,
      );
      if (typeof found === 'object' && found !== null)
        cases[customer.stage] = String(Reflect.get(found, 'caseId'));
      else if (customerId !== undefined) fail(customer.stage);
    }
  };

  const plan = demoRetentionCustomers(await now());
  const [escalated, ...others] = plan;
  if (escalated !== undefined) {
    await arrive([escalated]);
    const caseId = cases.escalated;
    if (caseId !== undefined) {
      // Time passes just beyond the outreach due time: the workflow escalates the case.
      const read = await call(apiUrl, supervisor, 'GET', `/v1/retention-cases/${caseId}`);
      const dueAt = Date.parse(String(read.json.outreachDueAt));
      const ms = Math.max(0, dueAt + 60_000 - (await now()).getTime());
      await call(apiUrl, undefined, 'POST', '/local/clock/advance', { ms });
      await settle();
    }
  }
  await arrive(others);

  for (const customer of others) {
    const caseId = cases[customer.stage];
    const customerId = customerIds.get(customer.stage);
    if (caseId === undefined || customerId === undefined) continue;
    const { attempt, transactsAgain, closeEarly } = customer.actions;
    if (attempt !== undefined) {
      const answer = await call(apiUrl, rm, 'POST', `/v1/retention-cases/${caseId}/attempts`, attempt);
      if (answer.status !== 201) fail(customer.stage);
    }
    if (transactsAgain === true) {
      if (!(await deposit(customerId, (await now()).toISOString()))) fail(customer.stage);
    }
    await settle();
    if (closeEarly !== undefined) {
      const answer = await call(apiUrl, supervisor, 'POST', `/v1/retention-cases/${caseId}/close-early`, {
        reason: closeEarly,
      });
      if (answer.status !== 200) fail(customer.stage);
    }
  }
  await settle();

  const byStatus: Record<string, number> = {};
  const outcomes: Record<string, number> = {};
  for (const caseId of Object.values(cases)) {
    const read = await call(apiUrl, supervisor, 'GET', `/v1/retention-cases/${caseId}`);
    const status = String(read.json.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (typeof read.json.outcome === 'string')
      outcomes[read.json.outcome] = (outcomes[read.json.outcome] ?? 0) + 1;
  }
  return { customers: customerIds.size, cases, byStatus, outcomes, failed };
}
