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

export interface DemoCustomer {
  readonly owner: { readonly branch: string; readonly rmId: string };
  readonly body: Record<string, unknown>;
}

/** `count` registrations spread over every branch and RM. */
export function demoPortfolio(count: number, seed = 20261124): DemoCustomer[] {
  const random = seededRandom(seed);
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
    if (i % 10 === 9) {
      const uscc17 = `91${REGION_CODES[regionIndex]}${Array.from({ length: 9 }, () => pick([...USCC_CHARS])).join('')}`;
      customers.push({
        owner: { branch, rmId },
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
          branch,
          rmId,
        },
      });
      continue;
    }
    customers.push({
      owner: { branch, rmId },
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
        branch,
        rmId,
      },
    });
  }
  return customers;
}
