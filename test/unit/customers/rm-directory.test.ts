import { describe, expect, it } from 'vitest';
import { CustomerRuleError } from '../../../functions/customers/domain/errors.js';
import { policiesFromEnv } from '../../../functions/customers/domain/policies.js';
import {
  checkAssignment,
  EMPTY_RM_DIRECTORY,
  parseRmDirectory,
  RM_DIRECTORY_MAX_LENGTH,
} from '../../../functions/customers/domain/rm-directory.js';

describe('parseRmDirectory', () => {
  it('reads each branch’s RMs', () => {
    const directory = parseRmDirectory('BJ01:rm-1,rm-2; SH01:rm-9');

    expect(directory.branchOf('rm-2')).toBe('BJ01');
    expect(directory.branchOf('rm-9')).toBe('SH01');
    expect(directory.branchOf('rm-3')).toBeUndefined();
  });

  it.each([
    ['BJ01', 'entry 1 is not'],
    ['BJ01:', 'entry 1 is not'],
    ['BJ01:rm 1', 'entry 1 is not'],
    ['BJ01:rm-1:rm-2', 'entry 1 is not'],
    ['BJ01:rm-1;BJ01:rm-2', 'a branch twice'],
    ['BJ01:rm-1;SH01:rm-1', 'an RM in two branches'],
    ['BJ01:rm-1;', 'entry 2 is not'],
  ])('refuses %j without echoing it', (value, reason) => {
    expect(() => parseRmDirectory(value)).toThrow(reason);
  });

  it(`refuses more than ${RM_DIRECTORY_MAX_LENGTH} characters (a Lambda environment holds 4 KB)`, () => {
    const rms = Array.from({ length: 300 }, (_, i) => `rm-${String(i).padStart(4, '0')}`).join(',');
    expect(() => parseRmDirectory(`BJ01:${rms}`)).toThrow('at most');
  });

  it('is empty when RM_DIRECTORY is absent or empty', () => {
    expect(policiesFromEnv({}).rmDirectory).toBe(EMPTY_RM_DIRECTORY);
    expect(policiesFromEnv({ RM_DIRECTORY: '' }).rmDirectory).toBe(EMPTY_RM_DIRECTORY);
    expect(policiesFromEnv({ RM_DIRECTORY: 'BJ01:rm-1' }).rmDirectory.branchOf('rm-1')).toBe('BJ01');
  });
});

describe('checkAssignment', () => {
  const directory = parseRmDirectory('BJ01:rm-1,rm-2;SH01:rm-9');
  const supervisor = { branch: 'BJ01' };

  it('accepts an RM the directory lists in the branch', () => {
    expect(() => checkAssignment(directory, supervisor, 'BJ01', 'rm-2')).not.toThrow();
  });

  it.each([
    ['another branch’s RM', 'rm-9'],
    ['an unlisted RM', 'rm-404'],
  ])('refuses %s with RM_NOT_IN_BRANCH on rmId', (_, rmId) => {
    expect(() => checkAssignment(directory, supervisor, 'BJ01', rmId)).toThrow(
      expect.objectContaining({ code: 'RM_NOT_IN_BRANCH', path: 'rmId' }),
    );
  });

  it('accepts the caller’s own book, vouched for by the identity provider, even with an empty directory', () => {
    const rm = { branch: 'GZ01', rmId: 'rm-5' };
    expect(() => checkAssignment(EMPTY_RM_DIRECTORY, rm, 'GZ01', 'rm-5')).not.toThrow();
    expect(() => checkAssignment(EMPTY_RM_DIRECTORY, rm, 'BJ01', 'rm-5')).toThrow(CustomerRuleError);
  });

  it('lets a supervisor assign nobody while no directory is configured', () => {
    expect(() => checkAssignment(EMPTY_RM_DIRECTORY, supervisor, 'BJ01', 'rm-1')).toThrow(CustomerRuleError);
  });
});
