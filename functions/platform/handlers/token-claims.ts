import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { withPowertools } from '../../../shared/lambda/middleware.js';
import { lambdaRuntime, type Runtime } from '../../../shared/runtime/runtime.js';
import { withAccessTokenClaims } from '../domain/token-claims.js';

/**
 * Cognito's pre-token-generation trigger (V2): access tokens carry `custom:branch` and
 * `custom:rmId` as ID tokens do (docs/operations.md §10). Logs the invocation only, never
 * the attributes.
 */
// biome-ignore lint/correctness/noUnusedFunctionParameters: every handler module has this shape (the local cloud builds handlers with it); this trigger needs no configuration
export function createHandler(runtime: Runtime) {
  return withPowertools<PreTokenGenerationV2TriggerEvent, PreTokenGenerationV2TriggerEvent>(
    async (event) => withAccessTokenClaims(event),
    (_event, context) => context.awsRequestId,
  );
}

export const handler = createHandler(lambdaRuntime());
