import { fileURLToPath } from 'node:url';

/** The repository root: every handler `entry` of a capability definition is relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
