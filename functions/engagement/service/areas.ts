import type { EngagementArea } from './area.js';
import { contactsArea } from './contacts-area.js';
import type { EngagementBase } from './deps.js';
import { surveysArea } from './surveys-area.js';
import { tasksArea } from './tasks-area.js';
import { templatesArea } from './templates-area.js';

/**
 * The engagement capability's areas, put together: templates first (contacts render them),
 * then the contact path (the one way anything is sent), then surveys (which ask the contact
 * path) and tasks (return visits, follow-ups, the KPIs).
 */
export function engagementAreas(base: EngagementBase): readonly EngagementArea[] {
  const templates = templatesArea(base);
  const contacts = contactsArea(base, { templates: templates.templates });
  const surveys = surveysArea(base, { contacts: contacts.requester, facts: contacts.facts });
  const tasks = tasksArea(base, { facts: contacts.facts });
  return [templates, contacts, surveys, tasks];
}
