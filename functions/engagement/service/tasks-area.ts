import type { EngagementArea } from './area.js';
import { NOTHING } from './area.js';
import type { EngagementBase } from './deps.js';
import type { CustomerFactsReader } from './ports.js';

// SKELETON (helper: tasks): return visits, periodic visits, survey follow-ups, the KPIs.
export function tasksArea(
  _base: EngagementBase,
  _ports: { readonly facts: CustomerFactsReader },
): EngagementArea {
  return { ...NOTHING, routeHandlers: () => [] };
}
