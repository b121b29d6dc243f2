export {
  authContextFromEvent,
  CLAIMS,
  type HttpApiEvent,
  listClaim,
  scopesFromEvent,
} from './claims.js';
export {
  ACTIONS,
  type AccessRule,
  type Action,
  authorize,
  type Decision,
  decide,
  type ResourceAttributes,
  type ScopeFilter,
  scopeFilter,
} from './policy.js';
export { type AuthContext, ROLES, type Role } from './types.js';
