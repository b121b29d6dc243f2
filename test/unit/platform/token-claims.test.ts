import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { accessTokenClaims, withAccessTokenClaims } from '../../../functions/platform/domain/token-claims.js';
import { createHandler } from '../../../functions/platform/handlers/token-claims.js';
import { authContextFromEvent } from '../../../shared/auth/claims.js';
import { lambdaRuntime } from '../../../shared/runtime/runtime.js';
import { httpEvent } from '../../support/http-event.js';
import { lambdaContext } from '../../support/lambda-context.js';

function triggerEvent(userAttributes: Record<string, string>): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'eu-west-1',
    userPoolId: 'eu-west-1_pool',
    userName: 'rm-7',
    callerContext: { awsSdkVersion: 'aws-sdk-js-3', clientId: 'front-end' },
    request: { userAttributes, groupConfiguration: { groupsToOverride: ['relationship-manager'] } },
    response: { claimsAndScopeOverrideDetails: {} },
  };
}

describe('access-token claims (pre-token-generation trigger)', () => {
  it('copies the branch and RM id into the access token', () => {
    // Act
    const answer = withAccessTokenClaims(
      triggerEvent({ sub: 'u-1', 'custom:branch': 'BR-01', 'custom:rmId': 'RM-7' }),
    );
    // Assess
    expect(
      answer.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride,
    ).toEqual({
      'custom:branch': 'BR-01',
      'custom:rmId': 'RM-7',
    });
  });

  it('copies nothing else, whatever attributes the user has', () => {
    // Prepare: attributes a user might try to turn into claims (groups, scope, another custom one).
    const attributes = {
      'cognito:groups': 'compliance-officer',
      scope: 'crm/ingest',
      'custom:role': 'admin',
      email: 'rm7@bank.example',
      'custom:branch': '',
    };
    // Act
    const claims = accessTokenClaims(attributes);
    // Assess: no claim at all (the empty branch is not a branch either)
    expect(claims).toEqual({});
  });

  it('leaves groups, scopes and the ID token as Cognito made them', () => {
    // Act
    const answer = withAccessTokenClaims(triggerEvent({ 'custom:branch': 'BR-01' }));
    // Assess
    const details = answer.response.claimsAndScopeOverrideDetails;
    expect(Object.keys(details)).toEqual(['accessTokenGeneration']);
    expect(Object.keys(details.accessTokenGeneration ?? {})).toEqual(['claimsToAddOrOverride']);
  });

  it('gives the API the branch it scopes a branch role with, through the handler', async () => {
    // Prepare
    const handler = createHandler(lambdaRuntime({}));
    // Act
    const answer = await handler(
      triggerEvent({ 'custom:branch': 'BR-01', 'custom:rmId': 'RM-7' }),
      lambdaContext('PlatformTokenClaims'),
    );
    const claims =
      answer.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride ?? {};
    const event = httpEvent({
      claims: { sub: 'u-1', 'cognito:groups': '[relationship-manager]', ...claims },
    });
    // Assess
    expect(authContextFromEvent(event)).toMatchObject({ branch: 'BR-01', rmId: 'RM-7' });
  });
});
