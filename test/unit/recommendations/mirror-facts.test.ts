import { describe, expect, it } from 'vitest';
import {
  applyMirrorChange,
  customerViewOf,
  MAX_HOLDINGS,
  type MirrorChange,
  type MirrorRecord,
} from '../../../functions/recommendations/domain/facts-mirror.js';

const ID = 'cus_1';
const ASSESSED = '2026-06-01T02:00:00.000Z';
const registered: MirrorChange = {
  kind: 'registered',
  customerType: 'individual',
  branch: 'BJ01',
  rmId: 'rm-7',
  suitability: { riskTolerance: 'C3', riskAssessedAt: ASSESSED, senior: false },
};
const profile = (version: number, branch: string, withFacts = true): MirrorChange => ({
  kind: 'profile',
  version,
  branch,
  rmId: 'rm-9',
  relationship: 'active',
  ...(withFacts ? { suitability: { riskTolerance: 'C5', riskAssessedAt: ASSESSED, senior: true } } : {}),
});

/** Applies changes in order, as the consumer does (a change that changes nothing keeps the record). */
function applied(changes: readonly MirrorChange[], start?: MirrorRecord): MirrorRecord | undefined {
  let record = start;
  for (const change of changes) record = applyMirrorChange(record, ID, change) ?? record;
  return record;
}

describe('applyMirrorChange', () => {
  it('mirrors a registration: type, scope and suitability facts, version 1', () => {
    const record = applied([registered]);
    expect(customerViewOf(record, {})).toMatchObject({
      customerType: 'individual',
      branch: 'BJ01',
      rmId: 'rm-7',
      suitability: { riskTolerance: 'C3' },
      restricted: false,
      erased: false,
    });
  });

  it('changes nothing on a repeated registration', () => {
    expect(applyMirrorChange(applied([registered]), ID, registered)).toBeUndefined();
  });

  it('keeps a newer profile change and ignores an older or repeated one', () => {
    const record = applied([registered, profile(3, 'SH02')]);
    expect(applyMirrorChange(record, ID, profile(2, 'GZ03'))).toBeUndefined();
    expect(applyMirrorChange(record, ID, profile(3, 'GZ03'))).toBeUndefined();
    expect(record).toMatchObject({ branch: 'SH02', profileVersion: 3, suitability: { riskTolerance: 'C5' } });
  });

  it('keeps the suitability facts when a profile change carries none', () => {
    expect(applied([registered, profile(2, 'SH02', false)])?.suitability).toEqual(registered.suitability);
  });

  it('keeps what arrives before the registration, unseen until the registration arrives', () => {
    const early = applied([
      profile(4, 'SH02'),
      { kind: 'segment', dimension: 'creditGrade', value: 'risk', at: ASSESSED },
    ]);
    expect(customerViewOf(early, {})).toBeUndefined();
    const late = applied([registered], early);
    // The registration (version 1) adds the type and keeps the later profile change's facts.
    expect(customerViewOf(late, {})).toMatchObject({
      customerType: 'individual',
      branch: 'SH02',
      suitability: { riskTolerance: 'C5' },
      segments: { creditGrade: 'risk' },
    });
  });

  it('orders restrictions per reason by instant, whatever the delivery order', () => {
    const restricted: MirrorChange = {
      kind: 'restriction',
      reason: 'compliance-risk',
      active: true,
      at: '2026-05-02T00:00:00.000Z',
    };
    const lifted: MirrorChange = {
      kind: 'restriction',
      reason: 'compliance-risk',
      active: false,
      at: '2026-05-01T00:00:00.000Z',
    };
    expect(customerViewOf(applied([registered, restricted, lifted]), {})?.restricted).toBe(true);
    expect(customerViewOf(applied([registered, lifted, restricted]), {})?.restricted).toBe(true);
    const liftedLater: MirrorChange = { ...lifted, at: '2026-05-03T00:00:00.000Z' };
    expect(customerViewOf(applied([registered, restricted, liftedLater]), {})?.restricted).toBe(false);
    // Another reason stays active on its own.
    const erasure: MirrorChange = {
      kind: 'restriction',
      reason: 'erasure-requested',
      active: true,
      at: ASSESSED,
    };
    expect(customerViewOf(applied([registered, erasure, restricted, liftedLater]), {})?.restricted).toBe(
      true,
    );
  });

  it('orders segments per dimension by instant', () => {
    const older: MirrorChange = {
      kind: 'segment',
      dimension: 'compositeGrade',
      value: 'standard',
      at: '2026-01-01T00:00:00.000Z',
    };
    const newer: MirrorChange = {
      kind: 'segment',
      dimension: 'compositeGrade',
      value: 'vip',
      at: '2026-02-01T00:00:00.000Z',
    };
    const asset: MirrorChange = {
      kind: 'segment',
      dimension: 'assetTier',
      value: 'high',
      at: '2026-01-01T00:00:00.000Z',
    };
    const record = applied([registered, newer, older, asset]);
    expect(customerViewOf(record, {})?.segments).toEqual({ compositeGrade: 'vip', assetTier: 'high' });
    expect(applyMirrorChange(record, ID, newer)).toBeUndefined();
  });

  it('keeps the latest holding per product by instant, latest first', () => {
    const holding = (
      productId: string,
      action: 'opened' | 'matured' | 'closed',
      at: string,
    ): MirrorChange => ({
      kind: 'holding',
      holding: { productId, riskLevel: 'R2', action, at },
    });
    const record = applied([
      registered,
      holding('prd_a', 'matured', '2026-11-01T00:00:00.000Z'),
      holding('prd_a', 'opened', '2025-11-01T00:00:00.000Z'),
      holding('prd_b', 'opened', '2026-11-02T00:00:00.000Z'),
    ]);
    expect(record?.holdings.map((held) => [held.productId, held.action])).toEqual([
      ['prd_b', 'opened'],
      ['prd_a', 'matured'],
    ]);
    expect(
      applyMirrorChange(record, ID, holding('prd_b', 'opened', '2026-11-02T00:00:00.000Z')),
    ).toBeUndefined();
  });

  it(`keeps at most the ${MAX_HOLDINGS} latest holdings`, () => {
    const changes: MirrorChange[] = Array.from({ length: MAX_HOLDINGS + 5 }, (_, index) => ({
      kind: 'holding',
      holding: {
        productId: `prd_${String(index).padStart(3, '0')}`,
        riskLevel: 'R1',
        action: 'opened',
        at: new Date(Date.UTC(2026, 0, 1 + index)).toISOString(),
      },
    }));
    const record = applied([registered, ...changes]);
    expect(record?.holdings).toHaveLength(MAX_HOLDINGS);
    expect(record?.holdings.at(-1)?.productId).toBe('prd_005');
    // One older than every kept holding changes nothing.
    expect(
      applyMirrorChange(record, ID, {
        kind: 'holding',
        holding: { productId: 'prd_old', riskLevel: 'R1', action: 'opened', at: '2025-01-01T00:00:00.000Z' },
      }),
    ).toBeUndefined();
  });

  it('leaves a tombstone on erasure: facts cleared, nothing applies after it', () => {
    const record = applied([
      registered,
      { kind: 'segment', dimension: 'creditGrade', value: 'prime', at: ASSESSED },
      { kind: 'holding', holding: { productId: 'prd_a', riskLevel: 'R3', action: 'opened', at: ASSESSED } },
      { kind: 'restriction', reason: 'erasure-requested', active: true, at: ASSESSED },
      { kind: 'erased', at: '2026-12-01T00:00:00.000Z' },
    ]);
    const view = customerViewOf(record, { fund: { response: 'declined', at: ASSESSED } });
    expect(view).toMatchObject({ erased: true, segments: {}, holdings: [], answers: {}, restricted: false });
    expect(view?.suitability).toBeUndefined();
    for (const late of [
      registered,
      profile(5, 'SH02'),
      { kind: 'erased', at: '2026-12-02T00:00:00.000Z' } as const,
    ]) {
      expect(applyMirrorChange(record, ID, late)).toBeUndefined();
    }
  });

  it('keeps the revision for the store to bump (the pure change never moves it)', () => {
    const record = applied([registered]);
    expect(record).toBeDefined();
    if (record === undefined) return;
    expect(applyMirrorChange({ ...record, revision: 7 }, ID, profile(2, 'SH02'))?.revision).toBe(7);
  });
});
