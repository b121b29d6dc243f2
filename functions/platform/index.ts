import { defineCapability } from '../../shared/capability/define.js';
import { platformRoutes } from './api/routes.js';
import { platformPolicy } from './policy.js';

/**
 * The platform's own endpoints: the health check, and the answer to every request that no
 * route matches (API Gateway's `$default` route): an RFC 9457 404, or 405 with `Allow` when
 * the path exists under other methods; and the user pool's pre-token-generation trigger, which
 * puts the ABAC attributes into access tokens. The route table it needs is the whole API's, handed to
 * it in `API_ROUTE_KEYS` by CDK and the local cloud alike.
 */
export const platformCapability = defineCapability({
  name: 'platform',
  summary:
    'The health check, and the problem answer (404, or 405 with Allow) to every request no route matches.',
  tables: [],
  functions: [
    {
      id: 'PlatformApi',
      entry: 'functions/platform/handlers/api.ts',
      memoryMb: 256,
      timeoutSeconds: 3,
      tables: [],
    },
    {
      // Copies the ABAC attributes into Cognito access tokens (docs/operations.md §10).
      id: 'PlatformTokenClaims',
      entry: 'functions/platform/handlers/token-claims.ts',
      memoryMb: 256,
      timeoutSeconds: 5,
      tables: [],
      userPoolTrigger: 'preTokenGeneration',
    },
  ],
  api: { functionId: 'PlatformApi', routes: Object.values(platformRoutes), fallback: true },
  publishes: [],
  subscriptions: [],
  policy: platformPolicy,
});
