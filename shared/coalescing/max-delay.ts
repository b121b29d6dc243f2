import type { Env } from '../runtime/runtime.js';

/** The default of every coalesced work's longest delay (docs/architecture.md, "Coalesced work"). */
export const DEFAULT_MAX_DELAY_SECONDS = 60;

/**
 * Reads a coalesced work's longest delay (the setting its spec names in `maxDelaySetting`): a
 * whole number of seconds above 0, its default when unset. The worker reads it at cold start and
 * the setting's `check` runs the same reading at synthesis. The message names the setting, never
 * the value.
 * @example maxDelaySeconds('GRADING_MAX_DELAY_SECONDS', runtime.env) // 60
 */
export function maxDelaySeconds(setting: string, env: Env): number {
  const value = env[setting];
  if (value === undefined || value === '') return DEFAULT_MAX_DELAY_SECONDS;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new Error(`${setting} must be a whole number of seconds above 0`);
  return Number(value);
}
