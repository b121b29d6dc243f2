import { describe, expect, it } from 'vitest';
import { policiesFromEnv } from '../../../functions/customers/domain/policies.js';
import { demoPortfolio, demoRmDirectory } from '../../../infra/local/demo-portfolio.js';

describe('the demo RM directory', () => {
  it('is a directory the customers capability accepts, listing every demo owner in its own branch', () => {
    const directory = policiesFromEnv({ RM_DIRECTORY: demoRmDirectory() }).rmDirectory;

    for (const { owner } of demoPortfolio(24)) expect(directory.branchOf(owner.rmId)).toBe(owner.branch);
  });
});
