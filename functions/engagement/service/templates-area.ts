import { templateApi } from '../api/template-handlers.js';
import { DynamoTemplateStore } from '../store/dynamo-template-store.js';
import type { EngagementArea } from './area.js';
import { NOTHING } from './area.js';
import type { EngagementBase } from './deps.js';
import type { TemplateReader } from './ports.js';
import { templateReader } from './templates.js';

/**
 * The templates area: the admin routes and, for the contact path, the current template of an
 * id (saved, else built in). It consumes no event and has no job.
 */
export function templatesArea(base: EngagementBase): EngagementArea & { readonly templates: TemplateReader } {
  const deps = { store: new DynamoTemplateStore(base.db, base.tables.engagement), clock: base.clock };
  return { ...NOTHING, routeHandlers: () => templateApi(deps), templates: templateReader(deps.store) };
}
