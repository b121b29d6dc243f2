import type { ComplianceStatus, CreditGrade } from '../../functions/activity/domain/segmentation/values.js';

/**
 * What each demo customer's synthetic year looks like: the story (scenario) and the levels its
 * figures are drawn at. Chosen so every value of every graded dimension (docs/domain-rules.md §14)
 * has members in the default 300-customer portfolio; the unit test grades them to prove it.
 */
export const DEMO_SCENARIOS = [
  'new-active',
  'new-pending',
  'growing',
  'mature',
  'declining-assets',
  'declining-activity',
  'dormant',
  'churned',
  'relationship-closed',
  'reactivated',
  'never-activated',
] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS)[number];

/** AUM now: `private` is a `high` customer at or above the private-banking line. */
export type DemoAssetLevel = 'low' | 'medium' | 'high' | 'private';
export type DemoActivityLevel = 'none' | 'low' | 'medium' | 'high';

export interface DemoProfile {
  readonly scenario: DemoScenario;
  readonly assets: DemoAssetLevel;
  readonly activity: DemoActivityLevel;
  /** Ratings the credit-risk system sends over the year, oldest first (none: `standard` by default). */
  readonly credit: readonly CreditGrade[];
  /** Statuses AML sends over the year, oldest first (none: `compliant` by default). */
  readonly compliance: readonly ComplianceStatus[];
  readonly hasLoan: boolean;
}

// Decks, dealt in turn to the customers of each tenure band, so every scenario is present
// however the random draws fall. Tenure decides which stories are possible: `new` needs at
// most 90 days since onboarding, dormancy 180 days and more, and a fall in activity needs the
// six compared months after onboarding (so the young only decline in assets).
const NEW_DECK: readonly DemoScenario[] = ['new-active', 'new-active', 'new-pending', 'new-active'];
const YOUNG_DECK: readonly DemoScenario[] = [
  'growing',
  'growing',
  'declining-assets',
  'growing',
  'churned',
  'growing',
  'growing',
  'growing',
];
const OLD_DECK: readonly DemoScenario[] = [
  'mature',
  'declining-assets',
  'mature',
  'dormant',
  'mature',
  'reactivated',
  'mature',
  'churned',
  'mature',
  'declining-activity',
  'mature',
  'dormant',
  'never-activated',
  'mature',
  'reactivated',
  'churned',
  'mature',
  'relationship-closed',
  'mature',
  'declining-assets',
];

/** The tenure band a customer falls in: `new` (≤ 90 days), `young` (≤ 365 days) or `old`. */
export type TenureBand = 'new' | 'young' | 'old';

export function tenureBand(tenureDays: number): TenureBand {
  if (tenureDays <= 90) return 'new';
  return tenureDays <= 365 ? 'young' : 'old';
}

/** The `position`-th scenario dealt to a tenure band. */
export function dealScenario(band: TenureBand, position: number): DemoScenario {
  const deck = band === 'new' ? NEW_DECK : band === 'young' ? YOUNG_DECK : OLD_DECK;
  return deck[position % deck.length] ?? 'mature';
}

type Weighted<T> = readonly (readonly [T, number])[];

/** Picks from weighted choices with a uniform draw in [0, 1). */
export function weighted<T>(random: () => number, choices: Weighted<T>): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let draw = random() * total;
  for (const [value, weight] of choices) {
    draw -= weight;
    if (draw < 0) return value;
  }
  const last = choices.at(-1);
  if (last === undefined) throw new RangeError('weighted() needs at least one choice');
  return last[0];
}

const ANY_ASSETS: Weighted<DemoAssetLevel> = [
  ['low', 30],
  ['medium', 35],
  ['high', 27],
  ['private', 8],
];
const ANY_ACTIVITY: Weighted<DemoActivityLevel> = [
  ['low', 35],
  ['medium', 47],
  ['high', 18],
];

function levelsOf(scenario: DemoScenario, random: () => number): [DemoAssetLevel, DemoActivityLevel] {
  switch (scenario) {
    case 'new-pending':
    case 'never-activated':
      return ['low', 'none'];
    case 'churned':
      return [
        'low',
        weighted(random, [
          ['low', 1],
          ['medium', 1],
        ]),
      ];
    case 'dormant':
      // The activity level is the one before the customer went quiet.
      return [
        weighted(random, [
          ['low', 2],
          ['medium', 1],
        ]),
        weighted(random, [
          ['low', 1],
          ['medium', 1],
        ]),
      ];
    case 'reactivated':
      return [
        weighted(random, [
          ['low', 1],
          ['medium', 1],
        ]),
        'low',
      ];
    case 'declining-assets':
      return [
        weighted(random, [
          ['medium', 2],
          ['high', 2],
          ['private', 1],
        ]),
        weighted(random, [
          ['low', 1],
          ['medium', 2],
        ]),
      ];
    case 'declining-activity':
      return [weighted(random, ANY_ASSETS), 'low'];
    default:
      return [weighted(random, ANY_ASSETS), weighted(random, ANY_ACTIVITY)];
  }
}

/** The profile of one customer: its dealt scenario, then levels and ratings drawn from `random`. */
export function demoProfile(scenario: DemoScenario, random: () => number): DemoProfile {
  const [assets, activity] = levelsOf(scenario, random);
  const credit = weighted<readonly CreditGrade[]>(random, [
    [['prime'], 20],
    [['standard', 'prime'], 5],
    [[], 25],
    [['standard'], 30],
    [['prime', 'standard'], 8],
    [['risk'], 6],
    [['standard', 'risk'], 6],
  ]);
  const compliance = weighted<readonly ComplianceStatus[]>(random, [
    [[], 74],
    [['compliant'], 10],
    [['watch'], 6],
    [['watch', 'compliant'], 5],
    [['risk'], 2],
    [['watch', 'risk'], 3],
  ]);
  const hasLoan = assets !== 'low' && random() < 0.25;
  return { scenario, assets, activity, credit, compliance, hasLoan };
}
