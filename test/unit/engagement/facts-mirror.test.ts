import { describe, expect, it } from 'vitest';
import {
  applyFactsChange,
  customerFactsOf,
  type FactsChange,
  type FactsRecord,
  isWithdrawal,
} from '../../../functions/engagement/domain/facts-mirror.js';

const T1 = '2026-03-01T00:00:00.000Z';
const T2 = '2026-03-02T00:00:00.000Z';

/** The mirror after `changes`, each applied when it changes something. */
function mirrored(...changes: FactsChange[]): FactsRecord | undefined {
  let record: FactsRecord | undefined;
  for (const change of changes) record = applyFactsChange(record, 'cus-1', change) ?? record;
  return record;
}

const registered: FactsChange = { kind: 'registered', branch: 'BJ01', rmId: 'rm-7' };

describe('the facts mirror', () => {
  it('knows a customer from the registration, and not before', () => {
    // Arrange
    const consentFirst = mirrored({ kind: 'consent', purpose: 'marketing', granted: true, at: T1 });

    // Act
    const before = customerFactsOf(consentFirst);
    const after = customerFactsOf(applyFactsChange(consentFirst, 'cus-1', registered));

    // Assess
    expect(before).toBeUndefined();
    expect(after).toMatchObject({
      branch: 'BJ01',
      rmId: 'rm-7',
      version: 1,
      consents: { marketing: { granted: true, channels: ['sms', 'email', 'app-push', 'phone'], at: T1 } },
    });
  });

  it('orders profile changes by version: an older or repeated one changes nothing, a registration after a change neither', () => {
    // Arrange
    const v3: FactsChange = {
      kind: 'profile',
      version: 3,
      branch: 'BJ01',
      rmId: 'rm-9',
      relationship: 'closed',
    };
    const record = mirrored(v3);

    // Act
    const older = applyFactsChange(record, 'cus-1', { ...v3, version: 2, rmId: 'rm-1' });
    const repeated = applyFactsChange(record, 'cus-1', v3);
    const lateRegistration = applyFactsChange(record, 'cus-1', registered);

    // Assess
    expect([older, repeated, lateRegistration]).toEqual([undefined, undefined, undefined]);
    expect(customerFactsOf(record)).toMatchObject({ rmId: 'rm-9', relationship: 'closed', version: 3 });
  });

  it('keeps each consent as last announced: the listed channels, an older one ignored', () => {
    // Arrange
    const record = mirrored(registered, {
      kind: 'consent',
      purpose: 'marketing',
      granted: false,
      channels: ['email'],
      at: T2,
    });

    // Act
    const older = applyFactsChange(record, 'cus-1', {
      kind: 'consent',
      purpose: 'marketing',
      granted: true,
      at: T1,
    });

    // Assess: one channel withdrawn leaves the other granted.
    expect(older).toBeUndefined();
    expect(record?.consents.marketing).toEqual({ granted: true, channels: ['email'], at: T2 });
  });

  it('keeps the narrower of two consents of the same instant, whatever order they arrive in', () => {
    // Arrange: a grant and its withdrawal announced with the same `at`.
    const grant = {
      kind: 'consent',
      purpose: 'marketing',
      granted: true,
      channels: ['sms'],
      at: T1,
    } as const;
    const withdrawal = {
      kind: 'consent',
      purpose: 'marketing',
      granted: false,
      channels: [],
      at: T1,
    } as const;

    // Act
    const inOrder = mirrored(registered, grant, withdrawal)?.consents.marketing;
    const reversed = mirrored(registered, withdrawal, grant)?.consents.marketing;

    // Assess: withdrawn either way; a later grant still applies.
    expect(inOrder).toEqual({ granted: false, channels: [], at: T1 });
    expect(reversed).toEqual({ granted: false, channels: [], at: T1 });
    expect(mirrored(registered, withdrawal, grant, { ...grant, at: T2 })?.consents.marketing).toEqual({
      granted: true,
      channels: ['sms'],
      at: T2,
    });
  });

  it('reads a withdrawal without channels as none granted, and a channel taken away as a withdrawal', () => {
    // Arrange
    const all = { granted: true, channels: ['sms', 'email'] as const, at: T1 };

    // Act
    const none = mirrored({ kind: 'consent', purpose: 'marketing', granted: false, at: T1 })?.consents
      .marketing;

    // Assess
    expect(none).toEqual({ granted: false, channels: [], at: T1 });
    expect(isWithdrawal(all, { granted: true, channels: ['email'], at: T2 })).toBe(true);
    expect(isWithdrawal(all, { granted: true, channels: ['sms', 'email', 'app-push'], at: T2 })).toBe(false);
    expect(isWithdrawal(undefined, { granted: false, channels: [], at: T2 })).toBe(true);
  });

  it('orders restrictions per reason by time: a late redelivered restriction does not undo its lifting', () => {
    // Arrange
    const restricted: FactsChange = { kind: 'restriction', reason: 'compliance-risk', active: true, at: T1 };
    const record = mirrored(registered, restricted, { ...restricted, active: false, at: T2 });

    // Act
    const redelivered = applyFactsChange(record, 'cus-1', restricted);

    // Assess
    expect(redelivered).toBeUndefined();
    expect(customerFactsOf(record)?.restrictions).toEqual([]);
    expect(customerFactsOf(mirrored(registered, restricted))?.restrictions).toEqual(['compliance-risk']);
  });

  it('takes contact preferences by version and the composite grade by time', () => {
    // Arrange
    const record = mirrored(
      registered,
      { kind: 'preferences', version: 4, preferredChannel: 'email', timeZone: 'Europe/Paris' },
      { kind: 'preferences', version: 3, preferredChannel: 'sms', timeZone: 'Asia/Shanghai' },
      { kind: 'grade', grade: 'vip', at: T2 },
      { kind: 'grade', grade: 'standard', at: T1 },
    );

    // Assess
    expect(customerFactsOf(record)).toMatchObject({
      preferredChannel: 'email',
      timeZone: 'Europe/Paris',
      compositeGrade: 'vip',
      version: 4,
    });
  });

  it('marks a channel failed until a later delivery on it succeeds, most recent failure first', () => {
    // Arrange
    const failedSms: FactsChange = { kind: 'channel-result', channel: 'sms', failed: true, at: T1 };
    const failedEmail: FactsChange = { kind: 'channel-result', channel: 'email', failed: true, at: T2 };

    // Act
    const both = mirrored(registered, failedSms, failedEmail);
    const smsWorks = mirrored(registered, failedSms, failedEmail, { ...failedSms, failed: false, at: T2 });
    const staleSuccess = applyFactsChange(both, 'cus-1', { ...failedEmail, failed: false, at: T1 });

    // Assess
    expect(customerFactsOf(both)?.failedChannels).toEqual(['email', 'sms']);
    expect(customerFactsOf(smsWorks)?.failedChannels).toEqual(['email']);
    expect(staleSuccess).toBeUndefined();
  });

  it('erases: consents cleared, and nothing after the erasure changes the facts', () => {
    // Arrange
    const record = mirrored(
      registered,
      { kind: 'consent', purpose: 'marketing', granted: true, at: T1 },
      {
        kind: 'erased',
        at: T2,
      },
    );

    // Act
    const later = applyFactsChange(record, 'cus-1', {
      kind: 'consent',
      purpose: 'marketing',
      granted: true,
      at: T2,
    });

    // Assess
    expect(later).toBeUndefined();
    expect(customerFactsOf(record)).toMatchObject({ erased: true, consents: {}, branch: 'BJ01' });
  });
});
