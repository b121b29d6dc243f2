import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build-app.js';
import { PROD_SIGN_IN } from './support.js';

/** CloudFormation refuses a template with more resources (CDK: «TooManyResourcesInStack»). */
const CLOUDFORMATION_RESOURCE_LIMIT = 500;

// Synthesised while the tests are collected so the count and the headroom appear in the test's
// name, where the next capability reads them (docs/operations.md §1). Not bundled: only the
// template is read. Prod is the stage that must deploy; dev has the same resources today.
const resources = Object.values(
  Template.fromStack(buildApp({ stage: 'prod', bundle: false, ...PROD_SIGN_IN }).stack).toJSON().Resources,
);
const headroom = CLOUDFORMATION_RESOURCE_LIMIT - resources.length;

describe('CloudFormation resource limit', () => {
  it(`keeps the prod stack below ${CLOUDFORMATION_RESOURCE_LIMIT} resources (${resources.length} now, headroom ${headroom})`, () => {
    expect(
      resources.length,
      `${resources.length} resources, ${headroom} left before CloudFormation's limit of ${CLOUDFORMATION_RESOURCE_LIMIT}`,
    ).toBeLessThan(CLOUDFORMATION_RESOURCE_LIMIT);
  });
});
