import type { AnyRouteContract } from '../../../shared/http/contract.js';

// SKELETON: the route contracts of the public survey routes (helper: surveys).
export const surveyRoutes: Readonly<Record<string, AnyRouteContract>> = {};
