import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MASKING_RULES,
  MASKABLE_FIELDS,
  maskAddress,
  maskBirthDate,
  maskEmail,
  maskField,
  maskingRulesFromEnv,
  maskKeepEnds,
  maskName,
  remaskStored,
  withMaskingRules,
} from '../../../shared/masking/index.js';

describe('display masking table of docs/domain-rules.md §3', () => {
  it.each([
    ['idNumber', '110105194912311234', '110**************4'],
    ['idNumber', 'E12345671', 'E1******1'],
    ['mobile', '13812345678', '138****5678'],
    ['email', 'zhangsan@example.com', 'z***@example.com'],
    ['card', '6222021234561234', '622202******1234'],
    ['name', '张三', '张*'],
    ['name', '欧阳娜娜', '欧阳**'],
    ['address', '北京市 朝阳区 建国路88号', '北京市 朝阳区 ***'],
    ['address', '北京市朝阳区建国路88号', '北京市朝阳区***'],
    ['birthDate', '1985-06-15', '****-**-**'],
  ] as const)('masks %s %s as %s', (field, value, masked) => {
    expect(maskField(field, value)).toBe(masked);
  });
});

describe('short inputs are never shown as is', () => {
  it.each([
    ['idNumber', '123456', '******'],
    ['idNumber', 'E1234', '******'],
    ['mobile', '1381', '****'],
    ['card', '62220', '******'],
    ['name', '张', '*'],
    ['name', 'J', '*'],
  ] as const)('%s %s is masked entirely, as %s', (field, value, masked) => {
    expect(maskField(field, value)).toBe(masked);
  });

  it('masks a one-character e-mail local part entirely and keeps the domain', () => {
    expect(maskEmail('z@example.com')).toBe('***@example.com');
  });

  it('masks values it cannot parse', () => {
    expect(maskEmail('not-an-email')).toBe('***');
    expect(maskEmail('@example.com')).toBe('***');
    expect(maskBirthDate('June 1985')).toBe('****-**-**');
    expect(maskAddress('上海')).toBe('***');
  });

  it('never returns any non-empty input of any field unchanged', () => {
    const samples = ['1', '12', '张', '欧阳', 'ab@c.d', '北京市', '1985', 'x y', '13812345678'];
    for (const field of MASKABLE_FIELDS) {
      for (const sample of samples) expect(maskField(field, sample)).not.toBe(sample);
    }
  });
});

describe('names', () => {
  it.each([
    ['王小明', '王**'],
    ['司马相如', '司马**'],
    ['诸葛亮', '诸葛*'],
    ['上官婉儿', '上官**'],
    ['歐陽娜娜', '歐陽**'],
    ['欧阳', '欧*'],
    ['买买提·艾力', '买*****'],
    ['𠀋一', '𠀋*'],
    ['John Smith', 'J*** S****'],
    ['  Mary Ann   Lee ', 'M*** A** L**'],
    ['John A Smith', 'J*** * S****'],
    ['Élodie Dupré', 'É***** D****'],
  ])('%s → %s', (value, masked) => {
    expect(maskName(value)).toBe(masked);
  });
});

describe('addresses', () => {
  it.each([
    ['广东省广州市天河区体育西路1号', '广东省广州市***'],
    ['贵州省贵阳市云岩区中华北路', '贵州省贵阳市***'],
    ['内蒙古自治区锡林郭勒盟锡林浩特市', '内蒙古自治区锡林郭勒盟***'],
    ['新疆维吾尔自治区乌鲁木齐市天山区', '新疆维吾尔自治区乌鲁木齐市***'],
    ['吉林省延边朝鲜族自治州延吉市', '吉林省延边朝鲜族自治州***'],
    ['上海市浦东新区世纪大道100号', '上海市浦东新区***'],
    ['北京市通州区新华大街1号', '北京市通州区***'],
    ['香港特别行政区中西区皇后大道中1号', '香港特别行政区中西区***'],
  ])('%s → %s', (value, masked) => {
    expect(maskAddress(value)).toBe(masked);
  });

  it('drops a second part that looks like a street or estate rather than a division', () => {
    expect(maskAddress('北京市建国路88号')).toBe('北京市***');
    expect(maskAddress('北京市阳光小区5号楼')).toBe('北京市***');
  });

  it('masks the whole of an address in which no division is recognised', () => {
    expect(maskAddress('Flat 3, 12 Queen Street, Central')).toBe('***');
    expect(maskAddress('建国路88号院3号楼')).toBe('***');
    expect(maskAddress('阳光小区5号楼')).toBe('***');
  });
});

describe('configurable rules', () => {
  it('applies overrides field by field', () => {
    const rules = withMaskingRules({
      maskChar: '#',
      mobile: { keepFirst: 0 },
      address: { keepParts: 1 },
      birthDate: { keep: 'year' },
    });

    expect(maskField('mobile', '13812345678', rules)).toBe('#######5678');
    expect(maskField('address', '北京市朝阳区建国路88号', rules)).toBe('北京市###');
    expect(maskField('birthDate', '1985-06-15', rules)).toBe('1985-##-##');
    expect(maskField('idNumber', '110105194912311234', rules)).toBe('110##############4');
    expect(DEFAULT_MASKING_RULES.mobile.keepFirst).toBe(3);
  });

  it('hides at least minHidden characters whatever the length, dropping kept first characters first', () => {
    const rule = { keepFirst: 3, keepLast: 4, minHidden: 6 };

    expect(maskKeepEnds('123456789012345678', rule)).toBe('123***********5678');
    expect(maskKeepEnds('1234567890', rule)).toBe('******7890');
    expect(maskKeepEnds('12345678', rule)).toBe('******78');
    expect(maskKeepEnds('123456', rule)).toBe('******');
    expect(maskKeepEnds('12345', rule)).toBe('******');
  });

  it('ignores spaces and hyphens in numbers', () => {
    expect(maskKeepEnds('6222 0212 3456 1234', DEFAULT_MASKING_RULES.card)).toBe('622202******1234');
    expect(maskField('mobile', '138-1234-5678')).toBe('138****5678');
  });

  it('reads birth dates in compact and timestamp forms when the year is kept', () => {
    const keepYear = withMaskingRules({ birthDate: { keep: 'year' } });

    expect(maskBirthDate('19850615', keepYear)).toBe('1985-**-**');
    expect(maskBirthDate('1985-06-15T00:00:00Z', keepYear)).toBe('1985-**-**');
    expect(maskBirthDate('June 1985', keepYear)).toBe('****-**-**');
  });
});

describe('remaskStored: a stored form shown under the rules in force', () => {
  const samples = [
    ['idNumber', '110105194912311234'],
    ['idNumber', 'E12345671'],
    ['idNumber', 'P1234'],
    ['mobile', '13812345678'],
    ['card', '6222021234561234'],
    ['address', '北京市 朝阳区 建国路88号'],
    ['address', '内蒙古自治区锡林郭勒盟锡林浩特市'],
    ['address', 'Flat 3, 12 Queen Street'],
    ['birthDate', '1985-06-15'],
    ['name', '欧阳娜娜'],
    ['email', 'z@example.com'],
  ] as const;
  const settings = [
    DEFAULT_MASKING_RULES,
    maskingRulesFromEnv({ MASK_ID_NUMBER_MIN_HIDDEN: '12', MASK_MOBILE_MIN_HIDDEN: '7' }),
  ];

  it.each(samples)('leaves a %s form the rules in force wrote (%s) as it is', (field, value) => {
    for (const rules of settings) {
      const masked = maskField(field, value, rules);

      expect(remaskStored(field, masked, rules)).toBe(masked);
    }
  });

  it('masks forms written under the earlier rules again, from themselves', () => {
    expect(remaskStored('idNumber', '110***********1234')).toBe('110**************4');
    expect(remaskStored('idNumber', 'E12**5671')).toBe('E1******1');
    expect(remaskStored('birthDate', '1985-**-**')).toBe('****-**-**');
    expect(remaskStored('address', 'Flat 3***')).toBe('***');
  });

  it('applies a raised minimum to forms stored before it', () => {
    const raised = maskingRulesFromEnv({ MASK_MOBILE_MIN_HIDDEN: '7' });

    expect(remaskStored('mobile', '138****5678', raised)).toBe('*******5678');
  });
});
