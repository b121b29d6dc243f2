export {
  authContextFromEvent,
  CLAIMS,
  type HttpApiEvent,
  listClaim,
  scopesFromEvent,
} from './claims.js';
export {
  type AccessRule,
  type ActionPolicy,
  type Decision,
  definePolicy,
  type Policy,
  type ResourceAttributes,
  type ScopeFilter,
} from './policy.js';
export { reportBranch } from './report-branch.js';
export { type AuthContext, ROLES, type Role } from './types.js';
