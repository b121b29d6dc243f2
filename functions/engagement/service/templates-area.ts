import type { EngagementArea } from './area.js';
import { NOTHING } from './area.js';
import type { EngagementBase } from './deps.js';
import type { TemplateReader } from './ports.js';

// SKELETON (helper: templates): the template store, the admin routes and the built-in defaults.
export function templatesArea(
  _base: EngagementBase,
): EngagementArea & { readonly templates: TemplateReader } {
  return { ...NOTHING, routeHandlers: () => [], templates: { current: async () => undefined } };
}
