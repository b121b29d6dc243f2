import type { EngagementArea } from './area.js';
import { NOTHING } from './area.js';
import type { EngagementBase } from './deps.js';
import type { ContactRequester, CustomerFactsReader } from './ports.js';

// SKELETON (helper: surveys): surveys after ComplaintClosed and on the relationship schedule, the public routes.
export function surveysArea(
  _base: EngagementBase,
  _ports: { readonly contacts: ContactRequester; readonly facts: CustomerFactsReader },
): EngagementArea {
  return { ...NOTHING, routeHandlers: () => [] };
}
