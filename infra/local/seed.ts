import { DEMO_BRANCHES, demoPortfolio } from './demo-portfolio.js';

export interface SeedOptions {
  readonly apiUrl: string;
  /** How many customers (default 300). */
  readonly customers?: number;
  readonly concurrency?: number;
}

export interface SeedResult {
  readonly created: number;
  readonly existing: number;
  readonly failed: number;
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

/**
 * Loads the synthetic demo portfolio through the real API, as each customer's RM, so every
 * record is encrypted, indexed, audited and announced exactly as in production. Re-running is
 * harmless: a customer already there answers 409 and is counted as existing.
 */
export async function seedDemoPortfolio(options: SeedOptions): Promise<SeedResult> {
  const portfolio = demoPortfolio(options.customers ?? 300);
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
  let created = 0;
  let existing = 0;
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < portfolio.length) {
      const customer = portfolio[next];
      next += 1;
      if (customer === undefined) break;
      const response = await fetch(`${options.apiUrl}/v1/customers`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${tokens.get(customer.owner.rmId) ?? ''}`,
        },
        body: JSON.stringify(customer.body),
      });
      await response.arrayBuffer();
      if (response.status === 201) created += 1;
      else if (response.status === 409) existing += 1;
      else failed += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return { created, existing, failed };
}

export { DEMO_BRANCHES };
