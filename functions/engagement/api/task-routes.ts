import type { AnyRouteContract } from '../../../shared/http/contract.js';

// SKELETON: the route contracts of return visits, attempts and the KPIs (helper: tasks).
export const taskRoutes: Readonly<Record<string, AnyRouteContract>> = {};
