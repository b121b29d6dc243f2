import { z } from 'zod';

/**
 * What a bank asks the cost of: its book and how busy each customer is in a month. The
 * defaults are the goal's profile (docs: one million customers, 30 transactions each a month).
 */
export const REGIONS = ['us-east-1', 'cn-north-1'] as const;
export type Region = (typeof REGIONS)[number];

export const profileSchema = z.strictObject({
  customers: z.number().int().positive(),
  transactionsPerCustomerMonth: z.number().nonnegative(),
  apiCallsPerCustomerMonth: z.number().nonnegative(),
  complaintsPerThousandCustomersMonth: z.number().nonnegative(),
  contactsPerCustomerMonth: z.number().nonnegative(),
  /** New customers a month per 1,000 in the book: registration is paid once per customer. */
  onboardedPerThousandCustomersMonth: z.number().nonnegative(),
  region: z.enum(REGIONS),
  /** CNY per USD, used only to show a cn-north-1 total in USD beside its CNY figure. */
  cnyPerUsd: z.number().positive(),
});

export type CostProfile = z.infer<typeof profileSchema>;

export const DEFAULT_PROFILE: CostProfile = {
  customers: 1_000_000,
  transactionsPerCustomerMonth: 30,
  apiCallsPerCustomerMonth: 2,
  complaintsPerThousandCustomersMonth: 1,
  contactsPerCustomerMonth: 1,
  onboardedPerThousandCustomersMonth: 10,
  region: 'us-east-1',
  // A stated round rate for the conversion only, not a market quote: cn-north-1 is billed in CNY.
  cnyPerUsd: 7.1,
};

const FLAGS: Readonly<Record<string, keyof CostProfile>> = {
  '--customers': 'customers',
  '--transactions': 'transactionsPerCustomerMonth',
  '--api-calls': 'apiCallsPerCustomerMonth',
  '--complaints-per-thousand': 'complaintsPerThousandCustomersMonth',
  '--contacts': 'contactsPerCustomerMonth',
  '--onboarded-per-thousand': 'onboardedPerThousandCustomersMonth',
  '--region': 'region',
  '--cny-per-usd': 'cnyPerUsd',
};

/** The profile from `npm run cost -- --customers 10000000 --region cn-north-1 …` over the defaults. */
export function profileFromArgs(args: readonly string[]): CostProfile {
  const given: Record<string, unknown> = { ...DEFAULT_PROFILE };
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i] ?? '';
    const key = FLAGS[flag];
    if (key === undefined) throw new Error(`Unknown option ${flag}; known: ${Object.keys(FLAGS).join(', ')}`);
    const value = args[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value`);
    given[key] = key === 'region' ? value : Number(value);
    i += 1;
  }
  const parsed = profileSchema.safeParse(given);
  if (!parsed.success) {
    throw new Error(`Invalid profile: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  return parsed.data;
}
