import { describe, expect, it } from 'vitest';
import { calendarYearFromChineseDays } from '../../../shared/time/chinese-days.js';

describe('calendarYearFromChineseDays', () => {
  it('groups consecutive rest days with the same name into one holiday', () => {
    const year = calendarYearFromChineseDays({
      holidays: {
        '2026-10-01': 'National Day,国庆节,3',
        '2026-10-02': 'National Day,国庆节,3',
        '2026-10-03': 'National Day,国庆节,3',
      },
      workdays: {},
    });

    expect(year.holidays).toEqual([{ name: 'National Day', from: '2026-10-01', to: '2026-10-03' }]);
  });

  it('starts a new holiday at a gap and at a change of name, in date order whatever the file order', () => {
    // Like 2023: Mid-Autumn on 09-29 runs straight into National Day; the file lists keys unsorted.
    const year = calendarYearFromChineseDays({
      holidays: {
        '2023-10-01': 'National Day,国庆节,3',
        '2023-09-29': 'Mid-autumn Festival,中秋,1',
        '2023-09-30': 'National Day,国庆节,3',
        '2023-01-01': "New Year's Day,元旦,1",
        '2023-12-31': "New Year's Day,元旦,1",
      },
      workdays: {},
    });

    expect(year.holidays).toEqual([
      { name: "New Year's Day", from: '2023-01-01', to: '2023-01-01' },
      { name: 'Mid-autumn Festival', from: '2023-09-29', to: '2023-09-29' },
      { name: 'National Day', from: '2023-09-30', to: '2023-10-01' },
      { name: "New Year's Day", from: '2023-12-31', to: '2023-12-31' },
    ]);
  });

  it('keeps make-up working days (workdays) as working days, sorted', () => {
    const year = calendarYearFromChineseDays({
      holidays: {},
      workdays: { '2026-09-20': 'National Day,国庆节,3', '2026-02-14': 'Spring Festival,春节,4' },
    });

    expect(year.makeUpWorkingDays).toEqual(['2026-02-14', '2026-09-20']);
  });

  it('takes in-lieu days as rest days, also when the file does not list them among holidays', () => {
    const year = calendarYearFromChineseDays({
      holidays: { '2026-05-01': 'Labour Day,劳动节,2', '2026-05-02': 'Labour Day,劳动节,2' },
      workdays: { '2026-05-09': 'Labour Day,劳动节,2' },
      inLieuDays: { '2026-05-02': 'Labour Day,劳动节,2', '2026-05-03': 'Labour Day,劳动节,2' },
    });

    expect(year).toEqual({
      holidays: [{ name: 'Labour Day', from: '2026-05-01', to: '2026-05-03' }],
      makeUpWorkingDays: ['2026-05-09'],
    });
  });

  it('names a holiday by the English part of the label, or by the whole label without commas', () => {
    const year = calendarYearFromChineseDays({
      holidays: { '2026-04-04': 'Tomb-sweeping Day,清明,1', '2026-06-19': '端午' },
      workdays: {},
    });

    expect(year.holidays.map((holiday) => holiday.name)).toEqual(['Tomb-sweeping Day', '端午']);
  });
});
