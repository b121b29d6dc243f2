import type { EngagementArea } from './area.js';
import { NOTHING } from './area.js';
import type { EngagementBase } from './deps.js';
import type { ContactRequester, CustomerFactsReader, TemplateReader } from './ports.js';

// SKELETON (helper: contacts): the facts mirror, the contact path, the contact history routes.
export function contactsArea(
  _base: EngagementBase,
  _ports: { readonly templates: TemplateReader },
): EngagementArea & { readonly requester: ContactRequester; readonly facts: CustomerFactsReader } {
  return {
    ...NOTHING,
    routeHandlers: () => [],
    requester: {
      request: async () => {
        throw new Error('not built yet');
      },
    },
    facts: { factsOf: async () => undefined },
  };
}
