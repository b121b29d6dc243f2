import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RECOMMENDATIONS_SETTINGS,
  recommendationsSettingSpecs,
  recommendationsSettingsFromEnv,
} from '../../../functions/recommendations/domain/settings.js';
import { recommendationsCapability } from '../../../functions/recommendations/index.js';
import { resolveSettings } from '../../../shared/capability/settings.js';

describe('recommendations settings', () => {
  it('default to 12 months, R2, 90 days, 30 days and 10 products', () => {
    expect(DEFAULT_RECOMMENDATIONS_SETTINGS).toEqual({
      assessmentValidMonths: 12,
      seniorMaxRiskWithoutConfirmation: 'R2',
      declinedCategoryDays: 90,
      maturedDays: 30,
      listLimit: 10,
    });
    // An empty value is the default too (an unset CDK context key).
    expect(recommendationsSettingsFromEnv({ SUITABILITY_SENIOR_MAX_RISK: '' })).toEqual(
      DEFAULT_RECOMMENDATIONS_SETTINGS,
    );
  });

  it('read each setting from the environment', () => {
    expect(
      recommendationsSettingsFromEnv({
        SUITABILITY_ASSESSMENT_VALID_MONTHS: '24',
        SUITABILITY_SENIOR_MAX_RISK: 'R3',
        RECOMMENDATION_DECLINED_DAYS: '3650',
        RECOMMENDATION_MATURED_DAYS: '1',
        RECOMMENDATION_LIST_LIMIT: '100',
      }),
    ).toEqual({
      assessmentValidMonths: 24,
      seniorMaxRiskWithoutConfirmation: 'R3',
      declinedCategoryDays: 3650,
      maturedDays: 1,
      listLimit: 100,
    });
  });

  it.each([
    ['SUITABILITY_ASSESSMENT_VALID_MONTHS', '0', /must be a whole number from 1 to 60/],
    ['SUITABILITY_ASSESSMENT_VALID_MONTHS', '61', /must be a whole number from 1 to 60/],
    ['SUITABILITY_ASSESSMENT_VALID_MONTHS', '12.5', /must be a whole number from 1 to 60/],
    ['SUITABILITY_SENIOR_MAX_RISK', 'r2', /must be one of R1, R2, R3, R4, R5/],
    ['SUITABILITY_SENIOR_MAX_RISK', 'R6', /must be one of R1, R2, R3, R4, R5/],
    ['SUITABILITY_SENIOR_MAX_RISK', 'C2', /must be one of R1, R2, R3, R4, R5/],
    ['RECOMMENDATION_DECLINED_DAYS', '0', /must be a whole number from 1 to 3650/],
    ['RECOMMENDATION_DECLINED_DAYS', '3651', /must be a whole number from 1 to 3650/],
    ['RECOMMENDATION_MATURED_DAYS', '366', /must be a whole number from 1 to 365/],
    ['RECOMMENDATION_MATURED_DAYS', 'thirty', /must be a whole number from 1 to 365/],
    ['RECOMMENDATION_LIST_LIMIT', '0', /must be a whole number from 1 to 100/],
    ['RECOMMENDATION_LIST_LIMIT', '-1', /must be a whole number from 1 to 100/],
  ])('refuse %s=%s, naming the setting, not the value', (name, value, rule) => {
    let message = '';
    try {
      recommendationsSettingsFromEnv({ [name]: value });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }

    expect(message.startsWith(`${name} `)).toBe(true);
    expect(message).toMatch(rule);
    expect(message.replace(/R\d|from \d+ to \d+/g, '')).not.toContain(value);
  });

  it('are declared for the functions named, with their defaults and readings', () => {
    const specs = recommendationsSettingSpecs(['RecommendationsApi']);

    expect(specs.map((spec) => [spec.name, spec.default, spec.kind])).toEqual([
      ['SUITABILITY_ASSESSMENT_VALID_MONTHS', '12', 'positive-integer'],
      ['SUITABILITY_SENIOR_MAX_RISK', 'R2', 'risk-level'],
      ['RECOMMENDATION_DECLINED_DAYS', '90', 'positive-integer'],
      ['RECOMMENDATION_MATURED_DAYS', '30', 'positive-integer'],
      ['RECOMMENDATION_LIST_LIMIT', '10', 'positive-integer'],
    ]);
    expect(specs.every((spec) => spec.functions.join() === 'RecommendationsApi')).toBe(true);
    expect(specs.every((spec) => spec.description.length > 20)).toBe(true);
  });

  it('fail the synthesis on a value of the wrong form or out of range, and pass one the functions take', () => {
    const given = (values: Record<string, string>) => (name: string) => values[name];

    expect(
      resolveSettings([recommendationsCapability], given({ SUITABILITY_SENIOR_MAX_RISK: 'R3' })),
    ).toMatchObject({
      SUITABILITY_SENIOR_MAX_RISK: 'R3',
      RECOMMENDATION_DECLINED_DAYS: '90',
    });
    expect(() =>
      resolveSettings([recommendationsCapability], given({ SUITABILITY_SENIOR_MAX_RISK: 'R9' })),
    ).toThrow(/Setting SUITABILITY_SENIOR_MAX_RISK must be a product risk level, R1 to R5/);
    expect(() =>
      resolveSettings([recommendationsCapability], given({ RECOMMENDATION_LIST_LIMIT: '1000' })),
    ).toThrow(/Setting RECOMMENDATION_LIST_LIMIT/);
  });
});
