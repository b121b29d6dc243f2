/**
 * Display masking rules (docs/domain-rules.md §3), from industry practice: JR/T 0171-2020's
 * digit rules could not be verified. Fixed: the rules in force are `DEFAULT_MASKING_RULES`, and
 * masked forms are stored, so a change here applies only to values written after it.
 */

/** The C2 fields that have a masked display form. `card` covers bank card and account numbers. */
export const MASKABLE_FIELDS = [
  'idNumber',
  'mobile',
  'email',
  'card',
  'name',
  'address',
  'birthDate',
] as const;
export type MaskableField = (typeof MASKABLE_FIELDS)[number];

/** Keeps the first and last characters, masks the middle (length preserved). */
export interface KeepEndsRule {
  readonly keepFirst: number;
  readonly keepLast: number;
}

export interface MaskingRules {
  /** The character that replaces hidden characters. */
  readonly maskChar: string;
  readonly idNumber: KeepEndsRule;
  readonly mobile: KeepEndsRule;
  readonly card: KeepEndsRule;
  readonly email: {
    /** Characters of the local part kept; the domain is always kept. */
    readonly keepFirst: number;
    /** Fixed number of mask characters, so the local part's length is not revealed. */
    readonly maskLength: number;
  };
  readonly name: {
    /** Two-character surnames kept whole in Chinese names (`欧阳**`). */
    readonly compoundSurnames: readonly string[];
    /** Letters kept at the start of each word of a non-Chinese name (`J*** S****`). */
    readonly latinKeepFirst: number;
  };
  readonly address: {
    /** Leading administrative parts kept (province, then city or district). */
    readonly keepParts: number;
    /** Characters kept when no administrative part can be recognised. */
    readonly fallbackKeepFirst: number;
    /** Fixed number of mask characters after the kept part. */
    readonly maskLength: number;
  };
  readonly birthDate: {
    /** `year` → `1985-**-**`, `none` → `****-**-**`. */
    readonly keep: 'year' | 'none';
  };
}

/**
 * Common two-character (复姓) surnames, simplified and the traditional forms used in Hong Kong,
 * Macao and Taiwan. A name is only read as having one when it has at least three characters.
 */
export const COMPOUND_SURNAMES: readonly string[] = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '申屠',
  '太史',
  '轩辕',
  '南宫',
  '西门',
  '独孤',
  '呼延',
  '澹台',
  '公冶',
  '宗政',
  '濮阳',
  '淳于',
  '单于',
  '太叔',
  '仲孙',
  '钟离',
  '闻人',
  '万俟',
  '赫连',
  '拓跋',
  '百里',
  '东郭',
  '南门',
  '羊舌',
  '微生',
  '公羊',
  '梁丘',
  '左丘',
  '东门',
  '第五',
  '司空',
  '司寇',
  '亓官',
  '巫马',
  '乐正',
  '壤驷',
  '公良',
  '漆雕',
  '谷梁',
  '宰父',
  '夹谷',
  '段干',
  '鲜于',
  '闾丘',
  '子车',
  '颛孙',
  '公西',
  '即墨',
  '哥舒',
  '贺兰',
  '完颜',
  '歐陽',
  '司馬',
  '諸葛',
  '尉遲',
  '公孫',
  '長孫',
  '軒轅',
  '南宮',
  '獨孤',
  '鍾離',
  '聞人',
  '赫連',
  '東方',
  '東郭',
  '東門',
  '鮮于',
  '閭丘',
  '顓孫',
  '夾谷',
  '樂正',
  '壤駟',
  '巫馬',
  '漆雕',
  '穀梁',
];

export const DEFAULT_MASKING_RULES: MaskingRules = {
  maskChar: '*',
  idNumber: { keepFirst: 3, keepLast: 4 },
  mobile: { keepFirst: 3, keepLast: 4 },
  card: { keepFirst: 6, keepLast: 4 },
  email: { keepFirst: 1, maskLength: 3 },
  name: { compoundSurnames: COMPOUND_SURNAMES, latinKeepFirst: 1 },
  address: { keepParts: 2, fallbackKeepFirst: 6, maskLength: 3 },
  birthDate: { keep: 'year' },
};

/** Per-field overrides on top of a base rule set. Only tests use them: nothing configures masking. */
export type MaskingRulesOverrides = {
  readonly [K in keyof MaskingRules]?: MaskingRules[K] extends object
    ? Partial<MaskingRules[K]>
    : MaskingRules[K];
};

/** Applies overrides field by field, keeping the base values for anything not overridden. */
export function withMaskingRules(
  overrides: MaskingRulesOverrides,
  base: MaskingRules = DEFAULT_MASKING_RULES,
): MaskingRules {
  return {
    maskChar: overrides.maskChar ?? base.maskChar,
    idNumber: { ...base.idNumber, ...overrides.idNumber },
    mobile: { ...base.mobile, ...overrides.mobile },
    card: { ...base.card, ...overrides.card },
    email: { ...base.email, ...overrides.email },
    name: { ...base.name, ...overrides.name },
    address: { ...base.address, ...overrides.address },
    birthDate: { ...base.birthDate, ...overrides.birthDate },
  };
}
