import { INVESTMENT_OBJECTIVES } from '../../functions/customers/events.js';
import { prcIdCheckChar, usccCheckChar } from '../../shared/identity/index.js';
import { seededRandom } from './seeded-random.js';

/**
 * A synthetic demo portfolio: deterministic (seeded), valid check characters, obviously
 * fictitious people. Nothing here is real personal information.
 */
export const DEMO_BRANCHES = ['BJ01', 'BJ02', 'SH01', 'SZ01'] as const;
export const RMS_PER_BRANCH = 3;

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '欧阳', '司马'];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
];
const CITIES = ['北京市朝阳区', '北京市海淀区', '上海市浦东新区', '广东省深圳市', '浙江省杭州市'];
const REGION_CODES = ['110105', '110108', '310115', '440305', '330106'];
const OCCUPATIONS = ['engineer', 'teacher', 'doctor', 'merchant', 'civil-servant', 'retired', 'student'];
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

export function rmIdOf(branch: string, index: number): string {
  return `rm-${branch.toLowerCase()}-${index + 1}`;
}

/**
 * The demo portfolio's RM directory (`RM_DIRECTORY`): every demo RM in its branch, so the dev
 * supervisor can move a demo customer to another RM of the branch (docs/domain-rules.md §4.2).
 * @example demoRmDirectory() // 'BJ01:rm-bj01-1,rm-bj01-2,rm-bj01-3;BJ02:…'
 */
export function demoRmDirectory(): string {
  return DEMO_BRANCHES.map(
    (branch) => `${branch}:${Array.from({ length: RMS_PER_BRANCH }, (_, i) => rmIdOf(branch, i)).join(',')}`,
  ).join(';');
}

export interface DemoCustomer {
  readonly owner: { readonly branch: string; readonly rmId: string };
  readonly body: Record<string, unknown>;
  /** The onboarding instant sent in `body` (only when the portfolio was made with a `now`). */
  readonly onboardedAt?: string;
}

const DAY_MS = 86_400_000;

/**
 * When customer `index` was onboarded: one in twelve within the last 90 days (3–80 days ago,
 * lifecycle `new`), two in twelve in the last year (100–340 days, `growing`), the rest 400 days
 * to 6 years ago (`mature`), during branch hours (09:00–17:00 CST). Days are kept clear of the
 * 90- and 365-day lines so a slow start-up does not move a customer across one.
 */
function onboardingDate(index: number, now: Date, random: () => number): string {
  const slot = index % 12;
  const [min, max] = slot === 0 ? [3, 80] : slot === 3 || slot === 8 ? [100, 340] : [400, 6 * 365];
  const daysAgo = min + Math.floor(random() * (max - min + 1));
  const day = Math.floor(now.getTime() / DAY_MS) - daysAgo;
  const minuteOfDay = 60 + Math.floor(random() * 8 * 60); // 01:00–09:00 UTC
  return new Date(day * DAY_MS + minuteOfDay * 60_000).toISOString();
}

/**
 * `count` registrations spread over every branch and RM. With `now`, each gets an
 * `onboardedAt` before it (see onboardingDate); without, the server's clock decides.
 */
const DEMO_HORIZONS_DAYS = [90, 365, 1095, 1825] as const;
/** Minor units (fen): CNY 50,000, 500,000 and 2,000,000. */
const DEMO_INTENDED_AMOUNTS = [5_000_000, 50_000_000, 200_000_000] as const;

/**
 * What two demo customers in three state with their risk assessment (docs/domain-rules.md
 * §19.2): an objective, a horizon and an amount, so the recommendations demo shows the term
 * and minimum-amount rules; the third states nothing. Taken from the customer's position, not
 * from the random stream, so the people stay those of earlier versions. The birth years run
 * from 1950, so about one demo individual in five is senior (§19.3).
 */
function assessmentStatements(i: number): Record<string, unknown> {
  if (i % 3 === 2) return {};
  return {
    investmentObjective: INVESTMENT_OBJECTIVES[i % INVESTMENT_OBJECTIVES.length],
    horizonDays: DEMO_HORIZONS_DAYS[i % DEMO_HORIZONS_DAYS.length],
    intendedAmount: { amount: DEMO_INTENDED_AMOUNTS[i % DEMO_INTENDED_AMOUNTS.length], currency: 'CNY' },
  };
}

export function demoPortfolio(count: number, seed = 20261124, now?: Date): DemoCustomer[] {
  const random = seededRandom(seed);
  // A stream of its own, so the people (and their ID numbers) stay those of earlier versions.
  const onboardingRandom = seededRandom(seed ^ 0x0b0a4d);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
  const customers: DemoCustomer[] = [];
  for (let i = 0; i < count; i += 1) {
    const branch = DEMO_BRANCHES[i % DEMO_BRANCHES.length] ?? 'BJ01';
    const rmId = rmIdOf(branch, Math.floor(i / DEMO_BRANCHES.length) % RMS_PER_BRANCH);
    const year = 1950 + Math.floor(random() * 55);
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const regionIndex = Math.floor(random() * REGION_CODES.length);
    const first17 = `${REGION_CODES[regionIndex]}${year}${month}${day}${String(i % 1000).padStart(3, '0')}`;
    const riskLevel = `C${1 + Math.floor(random() * 5)}`;
    const onboardedAt = now === undefined ? undefined : onboardingDate(i, now, onboardingRandom);
    const onboarding = onboardedAt === undefined ? {} : { onboardedAt };
    if (i % 10 === 9) {
      const uscc17 = `91${REGION_CODES[regionIndex]}${Array.from({ length: 9 }, () => pick([...USCC_CHARS])).join('')}`;
      customers.push({
        owner: { branch, rmId },
        ...onboarding,
        body: {
          type: 'corporate',
          name: `示例贸易有限公司 ${i}`,
          uscc: `${uscc17}${usccCheckChar(uscc17)}`,
          legalRepresentative: {
            name: `${pick(SURNAMES)}${pick(GIVEN)}`,
            idType: 'prc-id',
            idNumber: `${first17}${prcIdCheckChar(first17)}`,
          },
          contactMobile: `13${digits(9)}`,
          riskTolerance: riskLevel,
          riskAssessedAt: '2026-03-01T00:00:00Z',
          ...assessmentStatements(i),
          branch,
          rmId,
          ...onboarding,
        },
      });
      continue;
    }
    customers.push({
      owner: { branch, rmId },
      ...onboarding,
      body: {
        type: 'individual',
        name: `${pick(SURNAMES)}${pick(GIVEN)}${random() < 0.5 ? pick(GIVEN) : ''}`,
        idType: 'prc-id',
        idNumber: `${first17}${prcIdCheckChar(first17)}`,
        mobile: `1${pick(['3', '5', '8'])}${digits(9)}`,
        email: `demo.customer.${i}@example.com`,
        address: `${CITIES[regionIndex]}示例路${1 + Math.floor(random() * 200)}号`,
        birthDate: `${year}-${month}-${day}`,
        occupation: pick(OCCUPATIONS),
        riskTolerance: riskLevel,
        riskAssessedAt: '2026-03-01T00:00:00Z',
        ...assessmentStatements(i),
        branch,
        rmId,
        ...onboarding,
      },
    });
  }
  return customers;
}
