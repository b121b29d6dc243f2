import { type DemoActivityCustomer, type DemoCustomerActivity, demoActivity } from './demo-activity.js';
import { deliveryRounds } from './demo-delivery.js';
import { DEMO_BRANCHES, type DemoCustomer, demoPortfolio } from './demo-portfolio.js';
import type { DemoEventEntry } from './demo-timeline.js';

export interface SeedOptions {
  readonly apiUrl: string;
  /** How many customers (default 300). */
  readonly customers?: number;
  readonly concurrency?: number;
}

export interface ActivitySeedOptions {
  readonly apiUrl: string;
  /**
   * Resolves when the local cloud has processed everything in flight (`LocalCloud.settle`):
   * the activity goes in rounds, each graded before the next.
   */
  readonly settle: () => Promise<void>;
  /** Concurrent `POST /local/events` calls (default 8). */
  readonly concurrency?: number;
  /** Told how many events are delivered: once before the first round (0), then after each. */
  readonly onProgress?: (delivered: number, total: number) => void;
}

export interface ActivitySeedResult {
  readonly customers: number;
  readonly events: number;
  readonly byDetailType: Readonly<Record<string, number>>;
  readonly rounds: number;
  /** Entries `POST /local/events` refused (expected 0). */
  readonly failedEntries: number;
  readonly relationshipsClosed: number;
  readonly seconds: number;
}

/** A customer this run created, and the RM it was created as. */
export interface SeededCustomer {
  readonly index: number;
  readonly customerId: string;
  readonly customer: DemoCustomer;
  readonly token: string;
}

export interface SeedResult {
  readonly created: number;
  readonly existing: number;
  readonly failed: number;
  /** The local cloud's clock when the portfolio was made (onboarding dates are before it). */
  readonly now: Date;
  /** The customers this run created, in portfolio order: only they get the demo activity. */
  readonly newCustomers: readonly SeededCustomer[];
}

const ENTRIES_PER_CALL = 10;

async function postJson(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
    },
    body: JSON.stringify(body),
  });
}

async function devToken(apiUrl: string, claims: Record<string, string>): Promise<string> {
  const response = await postJson(`${apiUrl}/local/dev-token`, claims);
  if (!response.ok) throw new Error(`dev-token failed with ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return token;
}

/** The local cloud's clock (it may have been moved ahead of real time). */
async function serverNow(apiUrl: string): Promise<Date> {
  const response = await fetch(`${apiUrl}/local/clock`);
  if (!response.ok) throw new Error(`GET /local/clock failed with ${response.status}`);
  const { now } = (await response.json()) as { now: string };
  return new Date(now);
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, task: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next];
      next += 1;
      if (item !== undefined) await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, limit) }, worker));
}

/** Puts one round on the bus through `POST /local/events`; returns the entries refused. */
async function postRound(apiUrl: string, entries: readonly DemoEventEntry[], concurrency: number) {
  const calls: DemoEventEntry[][] = [];
  for (let i = 0; i < entries.length; i += ENTRIES_PER_CALL)
    calls.push(entries.slice(i, i + ENTRIES_PER_CALL));
  let failed = 0;
  await eachLimited(calls, concurrency, async (call) => {
    const response = await postJson(`${apiUrl}/local/events`, { Entries: call });
    if (!response.ok) {
      await response.arrayBuffer();
      failed += call.length;
      return;
    }
    const result = (await response.json()) as { FailedEntryCount?: number };
    failed += result.FailedEntryCount ?? 0;
  });
  return failed;
}

/** Closes a relationship as its RM would: read the ETag, then PATCH with If-Match. */
async function closeRelationship(apiUrl: string, customerId: string, token: string): Promise<boolean> {
  const url = `${apiUrl}/v1/customers/${encodeURIComponent(customerId)}`;
  const read = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  await read.arrayBuffer();
  const etag = read.headers.get('etag');
  if (!read.ok || etag === null) return false;
  const response = await fetch(url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'if-match': etag },
    body: JSON.stringify({ relationship: 'closed', evidenceRef: 'demo-closure-request' }),
  });
  await response.arrayBuffer();
  return response.ok;
}

/**
 * Gives the customers a seeding run created 12 months of synthetic activity through the real
 * ingestion path (`POST /local/events`, 10 entries a call), round by round (see
 * deliveryRounds), settling the local cloud after each; then closes, through the API and as
 * their RM, the relationships the demo closes.
 */
export async function seedDemoActivity(
  options: ActivitySeedOptions,
  seeded: Pick<SeedResult, 'now' | 'newCustomers'>,
): Promise<ActivitySeedResult> {
  const started = Date.now();
  const { now, newCustomers } = seeded;
  const customers: DemoActivityCustomer[] = newCustomers.map(({ customerId, customer }) => ({
    customerId,
    onboardedAt: customer.onboardedAt ?? now.toISOString(),
    customerType: customer.body.type === 'corporate' ? 'corporate' : 'individual',
    riskTolerance: String(customer.body.riskTolerance),
  }));
  const activities: DemoCustomerActivity[] = demoActivity(customers, now);
  const rounds = deliveryRounds(activities, now);
  const byDetailType: Record<string, number> = {};
  for (const entry of rounds.flat())
    byDetailType[entry.DetailType] = (byDetailType[entry.DetailType] ?? 0) + 1;
  const events = rounds.reduce((sum, round) => sum + round.length, 0);
  // Registrations must have reached the activity capability before their customers' events.
  await options.settle();
  let failedEntries = 0;
  let delivered = 0;
  options.onProgress?.(delivered, events);
  for (const round of rounds) {
    failedEntries += await postRound(options.apiUrl, round, options.concurrency ?? 8);
    await options.settle();
    delivered += round.length;
    options.onProgress?.(delivered, events);
  }
  let relationshipsClosed = 0;
  for (const [position, activity] of activities.entries()) {
    const token = newCustomers[position]?.token;
    if (!activity.closeRelationship || token === undefined) continue;
    if (await closeRelationship(options.apiUrl, activity.customerId, token)) relationshipsClosed += 1;
  }
  await options.settle();
  return {
    customers: activities.length,
    events,
    byDetailType,
    rounds: rounds.length,
    failedEntries,
    relationshipsClosed,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

/**
 * Loads the synthetic demo portfolio through the real API, as each customer's RM, so every
 * record is encrypted, indexed, audited and announced exactly as in production. Re-running is
 * harmless and quick: a customer already there answers 409 and is counted as existing (and is
 * not in `newCustomers`, so it gets no demo activity again).
 */
export async function seedDemoPortfolio(options: SeedOptions): Promise<SeedResult> {
  const now = await serverNow(options.apiUrl);
  const portfolio = demoPortfolio(options.customers ?? 300, undefined, now);
  const tokens = new Map<string, string>();
  for (const { owner } of portfolio) {
    if (!tokens.has(owner.rmId)) {
      tokens.set(
        owner.rmId,
        await devToken(options.apiUrl, {
          sub: `demo-${owner.rmId}`,
          role: 'relationship-manager',
          branch: owner.branch,
          rmId: owner.rmId,
        }),
      );
    }
  }
  const newCustomers: SeededCustomer[] = [];
  let existing = 0;
  let failed = 0;
  await eachLimited([...portfolio.entries()], options.concurrency ?? 8, async ([index, customer]) => {
    const token = tokens.get(customer.owner.rmId) ?? '';
    const response = await postJson(`${options.apiUrl}/v1/customers`, customer.body, token);
    if (response.status === 201) {
      const { customerId } = (await response.json()) as { customerId: string };
      newCustomers.push({ index, customerId, customer, token });
      return;
    }
    await response.arrayBuffer();
    if (response.status === 409) existing += 1;
    else failed += 1;
  });
  // Portfolio order, whatever order the creations finished in: the demo activity deals its
  // stories in this order.
  newCustomers.sort((a, b) => a.index - b.index);
  return { created: newCustomers.length, existing, failed, now, newCustomers };
}

export { DEMO_BRANCHES };
