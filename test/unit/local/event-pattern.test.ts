import { describe, expect, it } from 'vitest';
import {
  compileEventPattern,
  InvalidPatternError,
  UnsupportedPatternError,
} from '../../../infra/local/event-pattern.js';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'CustomerOnboarded',
  source: 'crm.customers',
  account: '000000000000',
  time: '2026-03-02T00:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    customerId: 'cus-01',
    branch: '0101',
    tier: 'High',
    score: 0.72,
    aum: 650_000,
    restricted: false,
    closedAt: null,
    tags: ['vip', 'pb'],
    nested: { level: 3 },
  },
};

const matches = (pattern: unknown) => compileEventPattern(pattern)(event);

describe('event patterns', () => {
  it('matches exact values of every JSON type, any of a list, and arrays in the event', () => {
    expect(matches({ source: ['crm.customers'] })).toBe(true);
    expect(matches({ source: ['crm.complaints', 'crm.customers'] })).toBe(true);
    expect(matches({ source: ['crm.complaints'] })).toBe(false);
    expect(matches({ detail: { aum: [650_000] } })).toBe(true);
    expect(matches({ detail: { aum: ['650000'] } })).toBe(false);
    expect(matches({ detail: { restricted: [false] } })).toBe(true);
    expect(matches({ detail: { restricted: [true] } })).toBe(false);
    expect(matches({ detail: { closedAt: [null] } })).toBe(true);
    expect(matches({ detail: { branch: [null] } })).toBe(false);
    expect(matches({ detail: { tags: ['pb'] } })).toBe(true);
    expect(matches({ detail: { tags: ['retail'] } })).toBe(false);
  });

  it('requires every field of nested objects, and a missing field does not match', () => {
    expect(matches({ source: ['crm.customers'], detail: { nested: { level: [3] } } })).toBe(true);
    expect(matches({ source: ['crm.customers'], detail: { nested: { level: [4] } } })).toBe(false);
    expect(matches({ detail: { missing: ['x'] } })).toBe(false);
    expect(matches({ detail: { customerId: { nested: ['x'] } } })).toBe(false);
  });

  it('prefix and suffix, also ignoring case', () => {
    expect(matches({ source: [{ prefix: 'crm.' }] })).toBe(true);
    expect(matches({ source: [{ prefix: 'core.' }] })).toBe(false);
    expect(matches({ 'detail-type': [{ suffix: 'Onboarded' }] })).toBe(true);
    expect(matches({ 'detail-type': [{ suffix: 'Closed' }] })).toBe(false);
    expect(matches({ source: [{ prefix: { 'equals-ignore-case': 'CRM.' } }] })).toBe(true);
    expect(matches({ 'detail-type': [{ suffix: { 'equals-ignore-case': 'ONBOARDED' } }] })).toBe(true);
    expect(matches({ 'detail-type': [{ suffix: { 'equals-ignore-case': 'CLOSED' } }] })).toBe(false);
  });

  it('anything-but a value, a list, or a prefix; never a missing field', () => {
    expect(matches({ detail: { branch: [{ 'anything-but': '0202' }] } })).toBe(true);
    expect(matches({ detail: { branch: [{ 'anything-but': '0101' }] } })).toBe(false);
    expect(matches({ detail: { aum: [{ 'anything-but': [1, 2] }] } })).toBe(true);
    expect(matches({ detail: { aum: [{ 'anything-but': [650_000, 2] }] } })).toBe(false);
    expect(matches({ source: [{ 'anything-but': { prefix: 'core.' } }] })).toBe(true);
    expect(matches({ source: [{ 'anything-but': { prefix: 'crm.' } }] })).toBe(false);
    expect(matches({ detail: { missing: [{ 'anything-but': 'x' }] } })).toBe(false);
  });

  it('numeric comparisons, single and ranges', () => {
    expect(matches({ detail: { score: [{ numeric: ['>=', 0.7] }] } })).toBe(true);
    expect(matches({ detail: { score: [{ numeric: ['>', 0.72] }] } })).toBe(false);
    expect(matches({ detail: { aum: [{ numeric: ['>=', 500_000, '<', 6_000_000] }] } })).toBe(true);
    expect(matches({ detail: { aum: [{ numeric: ['>=', 50_000, '<', 500_000] }] } })).toBe(false);
    expect(matches({ detail: { aum: [{ numeric: ['=', 650_000] }] } })).toBe(true);
    expect(matches({ detail: { aum: [{ numeric: ['<=', 649_999] }] } })).toBe(false);
    expect(matches({ detail: { branch: [{ numeric: ['>', 0] }] } })).toBe(false);
  });

  it('exists true and false', () => {
    expect(matches({ detail: { branch: [{ exists: true }] } })).toBe(true);
    expect(matches({ detail: { missing: [{ exists: true }] } })).toBe(false);
    expect(matches({ detail: { missing: [{ exists: false }] } })).toBe(true);
    expect(matches({ detail: { branch: [{ exists: false }] } })).toBe(false);
  });

  it('equals-ignore-case', () => {
    expect(matches({ detail: { tier: [{ 'equals-ignore-case': 'high' }] } })).toBe(true);
    expect(matches({ detail: { tier: [{ 'equals-ignore-case': 'low' }] } })).toBe(false);
  });

  it('$or needs one alternative besides every other field', () => {
    const pattern = {
      source: ['crm.customers'],
      $or: [{ detail: { branch: ['0202'] } }, { detail: { score: [{ numeric: ['>', 0.5] }] } }],
    };
    expect(matches(pattern)).toBe(true);
    expect(matches({ ...pattern, source: ['crm.other'] })).toBe(false);
    expect(matches({ $or: [{ detail: { branch: ['0202'] } }, { source: ['core.banking'] }] })).toBe(false);
  });

  it('refuses operators outside the subset, naming them', () => {
    for (const operator of ['wildcard', 'cidr']) {
      const compile = () => compileEventPattern({ detail: { branch: [{ [operator]: '01*' }] } });
      expect(compile).toThrow(UnsupportedPatternError);
      expect(compile).toThrow(new RegExp(`'${operator}'`));
    }
    expect(() => compileEventPattern({ source: [{ 'anything-but': { suffix: '.x' } }] })).toThrow(
      UnsupportedPatternError,
    );
  });

  it('refuses malformed patterns', () => {
    expect(() => compileEventPattern({})).toThrow(InvalidPatternError);
    expect(() => compileEventPattern({ source: 'crm.customers' })).toThrow(InvalidPatternError);
    expect(() => compileEventPattern({ source: [] })).toThrow(InvalidPatternError);
    expect(() => compileEventPattern({ detail: { aum: [{ numeric: ['~', 1] }] } })).toThrow(
      InvalidPatternError,
    );
    expect(() => compileEventPattern({ $or: [{ source: ['a'] }] })).toThrow(InvalidPatternError);
  });
});
