import type { AnyRouteContract } from '../../../shared/http/contract.js';

/**
 * The retention API (docs/domain-rules.md §20.7–20.9): every operation's contract.
 * SKELETON: the api engineer defines the routes.
 */
export const retentionRoutes: Record<string, AnyRouteContract> = {};
