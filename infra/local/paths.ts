import { fileURLToPath } from 'node:url';

/** The repository root: handler `entry` paths in the manifests are relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
