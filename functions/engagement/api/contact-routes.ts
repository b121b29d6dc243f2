import type { AnyRouteContract } from '../../../shared/http/contract.js';

// SKELETON: the route contracts of the contact history and staff contact requests (helper: contacts).
export const contactRoutes: Readonly<Record<string, AnyRouteContract>> = {};
