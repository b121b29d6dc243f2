/**
 * Display masking rules (docs/domain-rules.md §3), from industry practice: JR/T 0171-2020's
 * digit rules could not be verified. The rules in force are `DEFAULT_MASKING_RULES` with the
 * deployment's minimum hidden characters (`settings.ts`); masked forms are stored, so a change
 * applies only to values written after it.
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

/**
 * Keeps the first and last characters, masks the middle (length preserved). At least
 * `minHidden` characters are hidden whatever the length: a short value keeps fewer characters
 * (the first ones go first), so a 9-character passport hides as much as the rule promises.
 */
export interface KeepEndsRule {
  readonly keepFirst: number;
  readonly keepLast: number;
  readonly minHidden: number;
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
    /**
     * Leading administrative parts kept (province, then city or district). An address in which
     * none is recognised is masked whole: its first characters may be a street or a flat.
     */
    readonly keepParts: number;
    /** Fixed number of mask characters after the kept part (the whole mask when none is kept). */
    readonly maskLength: number;
  };
  readonly birthDate: {
    /**
     * `year` → `1985-**-**`, `none` → `****-**-**`. The default is `none`: the year would tell
     * whoever reads the masked record the year inside the masked PRC ID number, leaving about
     * 33,000 candidates for it instead of millions (docs/domain-rules.md §3).
     */
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
  // An ID number keeps its check character only: the sequence digits before it (and a birth
  // date, which has few plausible values) are what make the number hard to guess.
  idNumber: { keepFirst: 3, keepLast: 1, minHidden: 6 },
  mobile: { keepFirst: 3, keepLast: 4, minHidden: 4 },
  card: { keepFirst: 6, keepLast: 4, minHidden: 6 },
  email: { keepFirst: 1, maskLength: 3 },
  name: { compoundSurnames: COMPOUND_SURNAMES, latinKeepFirst: 1 },
  address: { keepParts: 2, maskLength: 3 },
  birthDate: { keep: 'none' },
};

/** Per-field overrides on top of a base rule set (the deployment's settings, and tests). */
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
