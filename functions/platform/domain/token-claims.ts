import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { CLAIMS } from '../../../shared/auth/claims.js';

/**
 * The user-pool attributes the API scopes access with (shared/auth/claims.ts), which Cognito
 * puts in ID tokens only. The API is called with access tokens, so they are copied there too.
 */
const ACCESS_TOKEN_ATTRIBUTES = [CLAIMS.branch, CLAIMS.rmId] as const;

/** The ABAC claims to add to an access token: the user's own attributes, when set, nothing else. */
export function accessTokenClaims(userAttributes: Readonly<Record<string, string>>): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const name of ACCESS_TOKEN_ATTRIBUTES) {
    const value = userAttributes[name];
    if (value !== undefined && value !== '') claims[name] = value;
  }
  return claims;
}

/**
 * Cognito's pre-token-generation (V2) answer: the event with the ABAC claims added to the
 * access token. Groups, scopes and the ID token are left as Cognito made them.
 */
export function withAccessTokenClaims(
  event: PreTokenGenerationV2TriggerEvent,
): PreTokenGenerationV2TriggerEvent {
  return {
    ...event,
    response: {
      claimsAndScopeOverrideDetails: {
        accessTokenGeneration: { claimsToAddOrOverride: accessTokenClaims(event.request.userAttributes) },
      },
    },
  };
}
