/**
 * The demo product catalogue (docs/domain-rules.md §19.1): 22 synthetic products over every
 * category and risk level R1–R5, for individuals and for companies, some reserved to a minimum
 * composite grade, most on sale, and a few that show what suitability excludes: a draft, a
 * suspended fund, a withdrawn insurance product, a wealth product whose sale window ended and
 * one whose window has not opened. Created through the products API as an admin (then moved
 * through the lifecycle by PATCHes), so every version is audited and announced by ProductChanged,
 * which the capabilities that recommend products mirror. Names are illustrative.
 */

/** One demo product: its create body, then the patches that take it where the demo wants it. */
export interface DemoProduct {
  readonly body: Readonly<Record<string, unknown>>;
  readonly patches: readonly Readonly<Record<string, unknown>>[];
}

const DAY_MS = 86_400_000;
/** Yuan in minor units (fen). */
const yuan = (amount: number) => ({ amount: amount * 100, currency: 'CNY' });
const INDIVIDUAL = ['individual'];
const CORPORATE = ['corporate'];
const EVERYONE = ['individual', 'corporate'];

/**
 * The catalogue as of `now` (sale windows are placed around it, on whole UTC days).
 * @example demoProducts(new Date('2026-12-04T02:00:00Z')).length // 22
 */
export function demoProducts(now: Date): DemoProduct[] {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const day = (offset: number) => new Date(today + offset * DAY_MS).toISOString();
  const onSale = (body: Record<string, unknown>): DemoProduct => ({
    body: { ...body, status: 'on-sale' },
    patches: [],
  });
  return [
    // Deposits: R1, with and without a term, for both customer types.
    onSale({
      productId: 'DEP-CURRENT',
      name: '活期储蓄',
      category: 'deposit',
      riskLevel: 'R1',
      minimumAmount: yuan(0),
      customerTypes: EVERYONE,
    }),
    onSale({
      productId: 'DEP-3M',
      name: '三个月定期存款',
      category: 'deposit',
      riskLevel: 'R1',
      termDays: 90,
      minimumAmount: yuan(50),
      customerTypes: INDIVIDUAL,
    }),
    onSale({
      productId: 'DEP-1Y',
      name: '一年期定期存款',
      category: 'deposit',
      riskLevel: 'R1',
      termDays: 365,
      minimumAmount: yuan(50),
      customerTypes: EVERYONE,
    }),
    onSale({
      productId: 'DEP-LCD-3Y',
      name: '三年期大额存单',
      category: 'deposit',
      riskLevel: 'R1',
      termDays: 1095,
      minimumAmount: yuan(200_000),
      customerTypes: INDIVIDUAL,
      minimumGrade: 'premium',
    }),
    onSale({
      productId: 'DEP-CORP-7D',
      name: '单位七天通知存款',
      category: 'deposit',
      riskLevel: 'R1',
      termDays: 7,
      minimumAmount: yuan(500_000),
      customerTypes: CORPORATE,
    }),
    // Wealth management: R2–R4, one for companies, one reserved to VIPs, two outside their window.
    onSale({
      productId: 'WM-STEADY-180',
      name: '稳享180天理财',
      category: 'wealth-management',
      riskLevel: 'R2',
      termDays: 180,
      minimumAmount: yuan(10_000),
      customerTypes: INDIVIDUAL,
    }),
    onSale({
      productId: 'WM-GROWTH-1Y',
      name: '睿盈一年期理财',
      category: 'wealth-management',
      riskLevel: 'R3',
      termDays: 365,
      minimumAmount: yuan(50_000),
      customerTypes: INDIVIDUAL,
      saleFrom: day(-30),
      saleTo: day(60),
    }),
    onSale({
      productId: 'WM-ADVANCE-2Y',
      name: '进取两年期理财',
      category: 'wealth-management',
      riskLevel: 'R4',
      termDays: 730,
      minimumAmount: yuan(100_000),
      customerTypes: INDIVIDUAL,
      minimumGrade: 'vip',
    }),
    onSale({
      productId: 'WM-CORP-90',
      name: '对公稳健90天理财',
      category: 'wealth-management',
      riskLevel: 'R2',
      termDays: 90,
      minimumAmount: yuan(1_000_000),
      customerTypes: CORPORATE,
    }),
    // Still on sale in the catalogue, but its sale window ended a month ago.
    onSale({
      productId: 'WM-SPRING-120',
      name: '新春特供120天理财',
      category: 'wealth-management',
      riskLevel: 'R2',
      termDays: 120,
      minimumAmount: yuan(10_000),
      customerTypes: INDIVIDUAL,
      saleFrom: day(-120),
      saleTo: day(-30),
    }),
    // Announced for the coming weeks: a draft whose window opens in a fortnight.
    {
      body: {
        productId: 'WM-NEWYEAR-270',
        name: '新年270天理财',
        category: 'wealth-management',
        riskLevel: 'R3',
        termDays: 270,
        minimumAmount: yuan(20_000),
        customerTypes: INDIVIDUAL,
        saleFrom: day(14),
        saleTo: day(45),
        status: 'draft',
      },
      patches: [],
    },
    // Funds: R1 to R5, one suspended.
    onSale({
      productId: 'FND-MONEY',
      name: '天天利货币基金',
      category: 'fund',
      riskLevel: 'R1',
      minimumAmount: yuan(1),
      customerTypes: EVERYONE,
    }),
    onSale({
      productId: 'FND-BOND',
      name: '安心纯债基金',
      category: 'fund',
      riskLevel: 'R2',
      minimumAmount: yuan(1_000),
      customerTypes: INDIVIDUAL,
    }),
    onSale({
      productId: 'FND-BALANCED-3Y',
      name: '稳健平衡混合基金（三年持有）',
      category: 'fund',
      riskLevel: 'R3',
      termDays: 1095,
      minimumAmount: yuan(1_000),
      customerTypes: INDIVIDUAL,
    }),
    onSale({
      productId: 'FND-EQUITY',
      name: '成长优选股票基金',
      category: 'fund',
      riskLevel: 'R4',
      minimumAmount: yuan(1_000),
      customerTypes: INDIVIDUAL,
    }),
    onSale({
      productId: 'FND-QDII-TECH',
      name: '全球科技QDII基金',
      category: 'fund',
      riskLevel: 'R5',
      minimumAmount: yuan(10_000),
      customerTypes: INDIVIDUAL,
      minimumGrade: 'vip',
    }),
    {
      body: {
        productId: 'FND-SECTOR',
        name: '新能源行业主题基金',
        category: 'fund',
        riskLevel: 'R5',
        minimumAmount: yuan(1_000),
        customerTypes: INDIVIDUAL,
        status: 'on-sale',
      },
      patches: [{ status: 'suspended' }],
    },
    // Insurance: one on sale, one withdrawn.
    onSale({
      productId: 'INS-ANNUITY-10Y',
      name: '安享养老年金保险',
      category: 'insurance',
      riskLevel: 'R2',
      termDays: 3650,
      minimumAmount: yuan(10_000),
      customerTypes: INDIVIDUAL,
    }),
    {
      body: {
        productId: 'INS-UNIVERSAL-5Y',
        name: '万能型两全保险',
        category: 'insurance',
        riskLevel: 'R3',
        termDays: 1825,
        minimumAmount: yuan(50_000),
        customerTypes: INDIVIDUAL,
        status: 'on-sale',
      },
      patches: [{ status: 'withdrawn' }],
    },
    // Loans: for people and for small companies (suitability refuses them a `risk` credit grade).
    onSale({
      productId: 'LN-CONSUMER-3Y',
      name: '个人消费贷款',
      category: 'loan',
      riskLevel: 'R2',
      termDays: 1095,
      minimumAmount: yuan(10_000),
      customerTypes: INDIVIDUAL,
    }),
    onSale({
      productId: 'LN-SME-1Y',
      name: '小微企业经营贷款',
      category: 'loan',
      riskLevel: 'R2',
      termDays: 365,
      minimumAmount: yuan(100_000),
      customerTypes: CORPORATE,
    }),
    // Cards: one on sale, a premium one still a draft.
    onSale({
      productId: 'CRD-STANDARD',
      name: '标准信用卡',
      category: 'card',
      riskLevel: 'R1',
      minimumAmount: yuan(0),
      customerTypes: INDIVIDUAL,
    }),
    {
      body: {
        productId: 'CRD-PLATINUM',
        name: '白金信用卡',
        category: 'card',
        riskLevel: 'R1',
        minimumAmount: yuan(0),
        customerTypes: INDIVIDUAL,
        minimumGrade: 'premium',
        status: 'draft',
      },
      patches: [],
    },
  ];
}

export interface ProductSeedOptions {
  readonly apiUrl: string;
  /** The local cloud's clock, around which the sale windows are placed. */
  readonly now: Date;
}

export interface ProductSeedResult {
  readonly created: number;
  /** Already in the catalogue (a restart without --fresh): left as they are. */
  readonly existing: number;
  /** Creates or patches the API refused (expected 0). */
  readonly failed: number;
}

async function call(
  apiUrl: string,
  token: string,
  method: 'POST' | 'PATCH',
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; etag: string }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  await response.arrayBuffer();
  return { status: response.status, etag: response.headers.get('etag') ?? '' };
}

/**
 * Creates the demo catalogue through the products API as an admin (`token`), then applies each
 * product's patches with If-Match. A product that exists already is left alone.
 */
export async function seedDemoProducts(
  options: ProductSeedOptions,
  token: string,
): Promise<ProductSeedResult> {
  let created = 0;
  let existing = 0;
  let failed = 0;
  for (const { body, patches } of demoProducts(options.now)) {
    const answer = await call(options.apiUrl, token, 'POST', '/v1/products', body);
    if (answer.status === 409) {
      existing += 1;
      continue;
    }
    if (answer.status !== 201) {
      failed += 1;
      continue;
    }
    created += 1;
    let etag = answer.etag;
    const path = `/v1/products/${encodeURIComponent(String(body.productId))}`;
    for (const patch of patches) {
      const patched = await call(options.apiUrl, token, 'PATCH', path, patch, { 'if-match': etag });
      if (patched.status !== 200) {
        failed += 1;
        break;
      }
      etag = patched.etag;
    }
  }
  return { created, existing, failed };
}
