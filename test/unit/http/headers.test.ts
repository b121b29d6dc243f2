import { describe, expect, it } from 'vitest';
import { etag, ifMatchVersion } from '../../../shared/http/headers.js';
import { BadRequestError, PreconditionRequiredError } from '../../../shared/http/problem.js';

describe('ifMatchVersion', () => {
  it.each([
    ['"7"', 7],
    ['W/"7"', 7],
    [' "12" ', 12],
    ['"0"', 0],
  ])('reads %s as version %i', (header, version) => {
    // Act / Assess
    expect(ifMatchVersion({ 'if-match': header })).toBe(version);
  });

  it('reads the header whatever its case', () => {
    // Act / Assess
    expect(ifMatchVersion({ 'If-Match': '"3"' })).toBe(3);
  });

  it('requires the header (428)', () => {
    // Act / Assess
    expect(() => ifMatchVersion({})).toThrow(PreconditionRequiredError);
    expect(() => ifMatchVersion({ 'if-match': '  ' })).toThrow(PreconditionRequiredError);
  });

  it.each(['7', '"abc"', '*', '"1", "2"', 'W/7', '"-1"', '"1.5"', '"9999999999999999"'])(
    'refuses %s with 400',
    (header) => {
      // Act / Assess
      expect(() => ifMatchVersion({ 'if-match': header })).toThrow(BadRequestError);
    },
  );
});

describe('etag', () => {
  it('quotes the version so it round-trips through If-Match', () => {
    // Act
    const tag = etag(7);

    // Assess
    expect(tag).toBe('"7"');
    expect(ifMatchVersion({ 'if-match': tag })).toBe(7);
  });

  it('refuses versions that are not non-negative integers', () => {
    // Act / Assess
    expect(() => etag(-1)).toThrow(RangeError);
    expect(() => etag(1.5)).toThrow(RangeError);
  });
});
