import { describe, expect, it } from 'vitest';
import { isValidUscc, usccCheckChar } from '../../../shared/identity/uscc.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('unified social credit code', () => {
  it('accepts the published sample', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc(' 91350100m000100y43 ')).toBe(true);
  });

  it('refuses every other check character', () => {
    const body = '91350100M000100Y4';
    const others = [...ALPHABET].filter((c) => c !== '3');

    expect(others).toHaveLength(30);
    for (const check of others) expect(isValidUscc(body + check)).toBe(false);
  });

  it('computes check characters that validate for other bodies', () => {
    for (const body of ['91110000100000000', '12100000400000398', '5244030079000000A']) {
      expect(isValidUscc(body + usccCheckChar(body))).toBe(true);
    }
  });

  it('refuses the letters I, O, S, V and Z anywhere', () => {
    for (const letter of ['I', 'O', 'S', 'V', 'Z']) {
      expect(isValidUscc(`91350100${letter}000100Y43`)).toBe(false);
      expect(isValidUscc(`91350100M000100Y4${letter}`)).toBe(false);
    }
  });

  it('refuses wrong lengths', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
  });
});
