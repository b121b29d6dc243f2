import type { TemplateVersion } from '../service/ports.js';

/** One saved version of a template, with who saved it when (the admin's `sub`, never a name). */
export interface SavedTemplate extends TemplateVersion {
  /** ISO 8601 UTC. */
  readonly savedAt: string;
  readonly savedBy: string;
}

export type TemplateSaveOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'version-conflict' };

/**
 * Persistence port of the admin-saved templates (docs/domain-rules.md §18.4): immutable versions
 * and a pointer to the current one per template. Built-in templates are not stored.
 */
export interface TemplateStore {
  /** A template's current saved version, read strongly consistent; undefined when none was saved. */
  current(templateId: string): Promise<SavedTemplate | undefined>;
  /** One saved version, current or older. */
  version(templateId: string, version: number): Promise<SavedTemplate | undefined>;
  /** The current saved version of every template that has one. */
  list(): Promise<SavedTemplate[]>;
  /**
   * Saves `template` as the new current version if the current saved one is still
   * `expectedVersion` (`undefined`: none saved yet); otherwise writes nothing and answers
   * `version-conflict`. Of concurrent saves from one version, exactly one wins. Older versions stay.
   */
  save(expectedVersion: number | undefined, template: SavedTemplate): Promise<TemplateSaveOutcome>;
}
