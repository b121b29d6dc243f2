import { describe, expect, it } from 'vitest';
import {
  etag,
  ifMatchVersion,
  preferredMediaType,
  staleVersion,
  versionMatches,
} from '../../../shared/http/headers.js';
import {
  BadRequestError,
  PreconditionFailedError,
  PreconditionRequiredError,
} from '../../../shared/http/problem.js';

describe('ifMatchVersion', () => {
  it.each([
    ['"7"', 7],
    [' "12" ', 12],
    ['"0"', 0],
  ])('reads %s as version %i', (header, version) => {
    // Act / Assess
    expect(ifMatchVersion({ 'if-match': header })).toBe(version);
  });

  it.each(['W/"7"', ' W/"0" '])('reads the weak tag %s as weak, never as the version it quotes', (header) => {
    // Act / Assess
    expect(ifMatchVersion({ 'if-match': header })).toBe('weak');
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

describe('versionMatches', () => {
  it('holds only for the same version, and never for a weak tag (strong comparison, RFC 9110)', () => {
    // Act / Assess
    expect(versionMatches(2, 2)).toBe(true);
    expect(versionMatches(1, 2)).toBe(false);
    expect(versionMatches('weak', 2)).toBe(false);
    expect(versionMatches(ifMatchVersion({ 'if-match': 'W/"2"' }), 2)).toBe(false);
  });
});

describe('staleVersion', () => {
  it('is a 412 with code stale-version, saying the current version when it is known', () => {
    // Act
    const known = staleVersion('customer', 1, 3);
    const unknown = staleVersion('customer', 1);

    // Assess
    for (const problem of [known, unknown]) {
      expect(problem).toBeInstanceOf(PreconditionFailedError);
      expect(problem.status).toBe(412);
      expect(problem.code).toBe('stale-version');
    }
    expect(known.detail).toBe('The customer is at version 3; fetch it again');
    expect(unknown.detail).toBe('The customer was changed by someone else; fetch it again');
  });

  it('says why a weak tag is refused, whatever the current version', () => {
    // Act
    const problem = staleVersion('customer', 'weak', 2);

    // Assess
    expect(problem.code).toBe('stale-version');
    expect(problem.detail).toContain('weak entity tag');
  });
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

describe('preferredMediaType', () => {
  const offered = ['application/json', 'text/csv'] as const;

  it.each<[string | undefined, string]>([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['text/csv', 'text/csv'],
    ['Text/CSV; charset=utf-8', 'text/csv'],
    ['application/json, text/csv', 'application/json'],
    ['application/json;q=0.5, text/csv', 'text/csv'],
    ['text/*', 'text/csv'],
    ['*/*', 'application/json'],
    ['*/*;q=0.1, text/csv;q=0.2', 'text/csv'],
    ['text/csv;q=0, */*', 'application/json'],
    ['image/png', 'application/json'],
    ['not a media type', 'application/json'],
  ])('answers Accept %j with %s', (accept, expected) => {
    // Act / Assess
    expect(preferredMediaType(accept, offered)).toBe(expected);
  });
});
