import { templateApi } from '../../../functions/engagement/api/template-handlers.js';
import type {
  SavedTemplate,
  TemplateSaveOutcome,
  TemplateStore,
} from '../../../functions/engagement/store/template-store.js';
import type { Role } from '../../../shared/auth/types.js';
import { ControlledClock } from '../../../shared/time/clock.js';
import { engagementApi, routesArea } from '../../support/engagement-api.js';
import type { CallOptions } from '../../support/route-caller.js';

/** An in-memory TemplateStore with the same version rule as the DynamoDB one. */
export class FakeTemplateStore implements TemplateStore {
  readonly versions = new Map<string, SavedTemplate[]>();
  writes = 0;

  async current(templateId: string): Promise<SavedTemplate | undefined> {
    return this.versions.get(templateId)?.at(-1);
  }

  async version(templateId: string, version: number): Promise<SavedTemplate | undefined> {
    return this.versions.get(templateId)?.find((saved) => saved.version === version);
  }

  async list(): Promise<SavedTemplate[]> {
    return [...this.versions.values()].flatMap((versions) => versions.slice(-1));
  }

  async save(expectedVersion: number | undefined, template: SavedTemplate): Promise<TemplateSaveOutcome> {
    const versions = this.versions.get(template.templateId) ?? [];
    if (versions.at(-1)?.version !== expectedVersion) return { ok: false, reason: 'version-conflict' };
    this.versions.set(template.templateId, [...versions, template]);
    this.writes += 1;
    return { ok: true };
  }
}

/**
 * The template routes over `store`, as deployed, called as a user of `role` (undefined: no
 * token) in branch BJ001.
 */
export function templatesApi(
  store: TemplateStore,
  clock = new ControlledClock(new Date('2026-03-02T02:00:00Z')),
) {
  const call = engagementApi([routesArea(() => templateApi({ store, clock }))]);
  return (role: Role | undefined, method: string, path: string, options: CallOptions = {}) =>
    call(
      role === undefined ? undefined : { sub: `${role}-1`, role, branch: 'BJ001', rmId: 'rm-7' },
      method,
      path,
      options,
    );
}
