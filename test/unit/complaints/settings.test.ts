import { describe, expect, it } from 'vitest';
import {
  complaintSettingSpecs,
  complaintSettingsFromEnv,
  DEFAULT_COMPLAINT_SETTINGS,
  exceedsThreshold,
  queueOf,
  thresholdFor,
} from '../../../functions/complaints/domain/settings.js';
import { complaintsCapability } from '../../../functions/complaints/index.js';
import { resolveSettings, settingsFor } from '../../../shared/capability/settings.js';

const FUNCTIONS = ['ComplaintsApi', 'ComplaintsWorkflowTasks', 'ComplaintsConsumer', 'ComplaintsDueSoon'];
const ROOT_CAUSES = [
  'product-design',
  'disclosure',
  'mis-selling',
  'staff-conduct',
  'process-failure',
  'system-failure',
  'fees-pricing',
  'third-party',
  'customer-misunderstanding',
  'other',
];

describe('complaint settings: defaults', () => {
  it("are the regulator's and the manuals' limits when nothing is set", () => {
    // Act
    const settings = complaintSettingsFromEnv({});

    // Assess
    expect(settings).toEqual({
      acknowledgeHours: 24,
      initialHandlingWorkingDays: 3,
      decisionDays: 15,
      firstExtensionDays: 15,
      secondExtensionDays: 30,
      maxDecisionDays: 60,
      reviewRequestDays: 30,
      reviewDecisionDays: 30,
      rollRestDays: true,
      backfillDays: 30,
      priorityAmounts: new Map([['*', 5_000_000]]),
      compensationApprovalAmounts: new Map([['*', 100_000]]),
      complaintsUnits: new Map(),
      rootCauses: ROOT_CAUSES,
    });
    expect(DEFAULT_COMPLAINT_SETTINGS).toEqual(settings);
  });

  it('take an empty value as the default', () => {
    // Act
    const settings = complaintSettingsFromEnv({ COMPLAINT_DECISION_DAYS: '', COMPLAINT_ROOT_CAUSES: '' });

    // Assess
    expect(settings.decisionDays).toBe(15);
    expect(settings.rootCauses).toEqual(ROOT_CAUSES);
  });
});

describe('complaint settings: a deployment’s values', () => {
  it('are read, each in its own form', () => {
    // Act
    const settings = complaintSettingsFromEnv({
      COMPLAINT_ACKNOWLEDGE_HOURS: '48',
      COMPLAINT_INITIAL_HANDLING_WORKING_DAYS: '2',
      COMPLAINT_DECISION_DAYS: '10',
      COMPLAINT_FIRST_EXTENSION_DAYS: '20',
      COMPLAINT_SECOND_EXTENSION_DAYS: '30',
      COMPLAINT_MAX_DECISION_DAYS: '60',
      COMPLAINT_REVIEW_REQUEST_DAYS: '45',
      COMPLAINT_REVIEW_DECISION_DAYS: '20',
      COMPLAINT_ROLL_REST_DAYS: 'no',
      COMPLAINT_BACKFILL_DAYS: '0',
      COMPLAINT_PRIORITY_AMOUNTS: 'CNY=10000000,*=2000000',
      COMPLAINT_COMPENSATION_APPROVAL_AMOUNTS: 'USD=50000,*=100000',
      COMPLAINTS_UNITS: 'BJ01:CU-BJ;BJ02:CU-BJ;SH01:CU-SH',
      COMPLAINT_ROOT_CAUSES: 'disclosure,other',
    });

    // Assess
    expect(settings).toMatchObject({
      acknowledgeHours: 48,
      initialHandlingWorkingDays: 2,
      decisionDays: 10,
      firstExtensionDays: 20,
      secondExtensionDays: 30,
      maxDecisionDays: 60,
      reviewRequestDays: 45,
      reviewDecisionDays: 20,
      rollRestDays: false,
      backfillDays: 0,
      rootCauses: ['disclosure', 'other'],
    });
    expect(settings.priorityAmounts).toEqual(
      new Map([
        ['CNY', 10_000_000],
        ['*', 2_000_000],
      ]),
    );
    // Two branches may share one unit.
    expect(queueOf(settings, 'BJ02')).toBe('CU-BJ');
    expect(queueOf(settings, 'SH01')).toBe('CU-SH');
    // A branch not listed is its own queue.
    expect(queueOf(settings, 'GZ01')).toBe('GZ01');
  });

  it.each([
    ['COMPLAINT_ACKNOWLEDGE_HOURS', '0', 'COMPLAINT_ACKNOWLEDGE_HOURS must be a whole number from 1 to 720'],
    ['COMPLAINT_ACKNOWLEDGE_HOURS', '721', 'from 1 to 720'],
    ['COMPLAINT_ACKNOWLEDGE_HOURS', '24h', 'COMPLAINT_ACKNOWLEDGE_HOURS must be'],
    ['COMPLAINT_ACKNOWLEDGE_HOURS', ' 24', 'COMPLAINT_ACKNOWLEDGE_HOURS must be'],
    ['COMPLAINT_INITIAL_HANDLING_WORKING_DAYS', '61', 'from 1 to 60'],
    ['COMPLAINT_DECISION_DAYS', '0', 'COMPLAINT_DECISION_DAYS must be a whole number from 1 to 366'],
    ['COMPLAINT_DECISION_DAYS', '1.5', 'COMPLAINT_DECISION_DAYS must be'],
    ['COMPLAINT_FIRST_EXTENSION_DAYS', '-1', 'COMPLAINT_FIRST_EXTENSION_DAYS must be'],
    [
      'COMPLAINT_MAX_DECISION_DAYS',
      '367',
      'COMPLAINT_MAX_DECISION_DAYS must be a whole number from 1 to 366',
    ],
    ['COMPLAINT_REVIEW_REQUEST_DAYS', '0', 'COMPLAINT_REVIEW_REQUEST_DAYS must be'],
    ['COMPLAINT_REVIEW_DECISION_DAYS', '1e3', 'COMPLAINT_REVIEW_DECISION_DAYS must be'],
    ['COMPLAINT_BACKFILL_DAYS', '400', 'COMPLAINT_BACKFILL_DAYS must be a whole number from 0 to 366'],
    ['COMPLAINT_ROLL_REST_DAYS', 'true', 'COMPLAINT_ROLL_REST_DAYS must be yes or no'],
    ['COMPLAINT_ROLL_REST_DAYS', 'YES', 'COMPLAINT_ROLL_REST_DAYS must be yes or no'],
    ['COMPLAINT_PRIORITY_AMOUNTS', 'CNY=5000000', 'COMPLAINT_PRIORITY_AMOUNTS: * (the amount of every other'],
    ['COMPLAINT_COMPENSATION_APPROVAL_AMOUNTS', '*=0', 'COMPLAINT_COMPENSATION_APPROVAL_AMOUNTS: each entry'],
    ['COMPLAINTS_UNITS', 'BJ01:CU-BJ,CU-X', 'COMPLAINTS_UNITS entry 1 must name exactly one complaints unit'],
    ['COMPLAINTS_UNITS', 'BJ01:CU-BJ;BJ01:CU-X', 'COMPLAINTS_UNITS lists a branch twice (entry 2)'],
    ['COMPLAINTS_UNITS', 'BJ01', 'COMPLAINTS_UNITS entry 1 is not'],
    ['COMPLAINT_ROOT_CAUSES', 'Disclosure', 'COMPLAINT_ROOT_CAUSES entry 1 is not a lower-case code'],
    ['COMPLAINT_ROOT_CAUSES', 'other,,fees', 'COMPLAINT_ROOT_CAUSES entry 2 is not a lower-case code'],
    ['COMPLAINT_ROOT_CAUSES', 'other,fees,other', 'COMPLAINT_ROOT_CAUSES lists a code twice (entry 3)'],
  ])('refuse %s=%j at cold start, naming the setting', (name, value, message) => {
    // Act / Assess
    expect(() => complaintSettingsFromEnv({ [name]: value })).toThrow(message);
  });

  it('refuse lists longer than the 4 KB environment they share allows', () => {
    // Prepare
    const causes = Array.from({ length: 50 }, (_, i) => `cause-${String(i).padStart(4, '0')}`).join(',');
    const units = (count: number) =>
      Array.from({ length: count }, (_, i) => `B${String(i).padStart(3, '0')}:CU-01`).join(';');

    // Act / Assess
    expect([causes.length, units(139).length, units(140).length]).toEqual([549, 1528, 1539]);
    expect(() => complaintSettingsFromEnv({ COMPLAINT_ROOT_CAUSES: causes })).toThrow(
      'COMPLAINT_ROOT_CAUSES must be at most 512 characters',
    );
    expect(complaintSettingsFromEnv({ COMPLAINTS_UNITS: units(139) }).complaintsUnits.size).toBe(139);
    expect(() => complaintSettingsFromEnv({ COMPLAINTS_UNITS: units(140) })).toThrow(
      'COMPLAINTS_UNITS must be at most 1536 characters',
    );
  });

  it('refuse a malformed value without echoing it', () => {
    // Act / Assess
    expect(() => complaintSettingsFromEnv({ COMPLAINTS_UNITS: 'secret-branch' })).toThrow(/COMPLAINTS_UNITS/);
    expect(() => complaintSettingsFromEnv({ COMPLAINTS_UNITS: 'secret-branch' })).not.toThrow(/secret/);
  });

  it('keep the decision with both extensions within the maximum', () => {
    // Act / Assess: 15 + 15 + 31 > 60.
    expect(() => complaintSettingsFromEnv({ COMPLAINT_SECOND_EXTENSION_DAYS: '31' })).toThrow(
      'COMPLAINT_DECISION_DAYS plus COMPLAINT_FIRST_EXTENSION_DAYS plus COMPLAINT_SECOND_EXTENSION_DAYS must not exceed COMPLAINT_MAX_DECISION_DAYS',
    );
    expect(() => complaintSettingsFromEnv({ COMPLAINT_MAX_DECISION_DAYS: '59' })).toThrow('must not exceed');
    // A larger maximum makes room; the sum may equal it.
    expect(
      complaintSettingsFromEnv({ COMPLAINT_SECOND_EXTENSION_DAYS: '60', COMPLAINT_MAX_DECISION_DAYS: '90' })
        .secondExtensionDays,
    ).toBe(60);
  });
});

describe('amount thresholds', () => {
  it('are passed only by an amount strictly above its currency’s threshold, `*` for the others', () => {
    // Prepare
    const { priorityAmounts } = complaintSettingsFromEnv({
      COMPLAINT_PRIORITY_AMOUNTS: 'USD=1000000,*=5000000',
    });

    // Act / Assess
    expect(exceedsThreshold(priorityAmounts, { amountMinor: 5_000_000, currency: 'CNY' })).toBe(false);
    expect(exceedsThreshold(priorityAmounts, { amountMinor: 5_000_001, currency: 'CNY' })).toBe(true);
    expect(exceedsThreshold(priorityAmounts, { amountMinor: 1_000_001, currency: 'USD' })).toBe(true);
    expect(thresholdFor(priorityAmounts, 'EUR')).toBe(5_000_000);
    // The default compensation approval: above 1,000.00.
    const approval = DEFAULT_COMPLAINT_SETTINGS.compensationApprovalAmounts;
    expect(exceedsThreshold(approval, { amountMinor: 100_000, currency: 'CNY' })).toBe(false);
    expect(exceedsThreshold(approval, { amountMinor: 100_001, currency: 'CNY' })).toBe(true);
  });
});

describe('complaint settings: declarations', () => {
  const given = (values: Record<string, string>) => (name: string) => values[name];

  it('declare every setting, with its default, for every function that counts or reads them', () => {
    // Act
    const specs = complaintSettingSpecs(FUNCTIONS);

    // Assess
    expect(Object.fromEntries(specs.map((spec) => [spec.name, [spec.kind, spec.default]]))).toEqual({
      COMPLAINT_ACKNOWLEDGE_HOURS: ['positive-integer', '24'],
      COMPLAINT_INITIAL_HANDLING_WORKING_DAYS: ['positive-integer', '3'],
      COMPLAINT_DECISION_DAYS: ['positive-integer', '15'],
      COMPLAINT_FIRST_EXTENSION_DAYS: ['positive-integer', '15'],
      COMPLAINT_SECOND_EXTENSION_DAYS: ['positive-integer', '30'],
      COMPLAINT_MAX_DECISION_DAYS: ['positive-integer', '60'],
      COMPLAINT_REVIEW_REQUEST_DAYS: ['positive-integer', '30'],
      COMPLAINT_REVIEW_DECISION_DAYS: ['positive-integer', '30'],
      COMPLAINT_ROLL_REST_DAYS: ['yes-no', 'yes'],
      COMPLAINT_BACKFILL_DAYS: ['non-negative-integer', '30'],
      COMPLAINT_PRIORITY_AMOUNTS: ['currency-amounts', '*=5000000'],
      COMPLAINT_COMPENSATION_APPROVAL_AMOUNTS: ['currency-amounts', '*=100000'],
      COMPLAINTS_UNITS: ['branch-lists', ''],
      COMPLAINT_ROOT_CAUSES: ['code-list', ROOT_CAUSES.join(',')],
    });
    for (const spec of specs) {
      expect(spec.functions).toEqual(FUNCTIONS);
      expect(spec.description.length).toBeGreaterThan(20);
    }
  });

  it('reach each complaints function with the values the deployment gave', () => {
    // Act
    const values = resolveSettings([complaintsCapability], given({ COMPLAINT_ROLL_REST_DAYS: 'no' }));
    const environment = settingsFor(complaintsCapability, 'ComplaintsWorkflowTasks', values);

    // Assess: what the function gets is what it reads back.
    expect(complaintSettingsFromEnv(environment)).toEqual({
      ...DEFAULT_COMPLAINT_SETTINGS,
      rollRestDays: false,
    });
    expect(settingsFor(complaintsCapability, 'ComplaintsAuditAnchor', values)).toEqual({});
  });

  it.each([
    ['COMPLAINT_DECISION_DAYS', '0', /must be a whole number above 0/],
    ['COMPLAINT_ROLL_REST_DAYS', 'true', /must be yes or no/],
    ['COMPLAINT_ROOT_CAUSES', 'Other', /must be lower-case codes/],
    ['COMPLAINT_ACKNOWLEDGE_HOURS', '1000', /COMPLAINT_ACKNOWLEDGE_HOURS: its functions would refuse/],
    ['COMPLAINTS_UNITS', 'BJ01:CU-1,CU-2', /COMPLAINTS_UNITS: its functions would refuse/],
    ['COMPLAINT_PRIORITY_AMOUNTS', 'CNY=1', /COMPLAINT_PRIORITY_AMOUNTS: its functions would refuse/],
  ])('refuse %s=%s at synthesis', (name, value, message) => {
    // Act / Assess
    expect(() => resolveSettings([complaintsCapability], given({ [name]: value }))).toThrow(message);
  });

  it("check the decision's limits at synthesis against the deployment's own maximum", () => {
    // Act / Assess: 15 + 15 + 60 exceeds the default 60 …
    expect(() =>
      resolveSettings([complaintsCapability], given({ COMPLAINT_SECOND_EXTENSION_DAYS: '60' })),
    ).toThrow(
      /its functions would refuse .* COMPLAINT_SECOND_EXTENSION_DAYS must not exceed COMPLAINT_MAX_DECISION_DAYS/,
    );
    // … and fits a maximum of 90 given beside it.
    const values = resolveSettings(
      [complaintsCapability],
      given({ COMPLAINT_SECOND_EXTENSION_DAYS: '60', COMPLAINT_MAX_DECISION_DAYS: '90' }),
    );
    expect(values.COMPLAINT_SECOND_EXTENSION_DAYS).toBe('60');
    expect(values.COMPLAINT_MAX_DECISION_DAYS).toBe('90');
  });
});
