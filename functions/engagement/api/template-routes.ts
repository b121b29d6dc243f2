import type { AnyRouteContract } from '../../../shared/http/contract.js';

// SKELETON: the route contracts of templates (helper: templates).
export const templateRoutes: Readonly<Record<string, AnyRouteContract>> = {};
