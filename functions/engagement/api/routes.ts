import { contactRoutes } from './contact-routes.js';
import { surveyRoutes } from './survey-routes.js';
import { taskRoutes } from './task-routes.js';
import { templateRoutes } from './template-routes.js';

/**
 * Every engagement operation's contract, by area: templates (admin), the contact history and
 * staff requests, the public survey routes, return visits and the KPIs. Each area's
 * `*-handlers.ts` implements its own; `route-handlers.ts` serves them all.
 */
export const engagementRoutes = {
  ...templateRoutes,
  ...contactRoutes,
  ...surveyRoutes,
  ...taskRoutes,
} as const;
