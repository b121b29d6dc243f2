import type * as NodeHttps from 'node:https';
// Renamed: every bundle's banner declares its own `createRequire` (bundling.ts).
import { createRequire as requireFrom } from 'node:module';

/**
 * `node:https` as a bundled function sees it (bundling.ts aliases `https` and `node:https`
 * here), loaded with `require` rather than through Node's ESM view of the built-in, which reads
 * every export of it at import (see node-http.ts).
 */
const https: typeof NodeHttps = requireFrom(import.meta.url)('node:https');

export const { Agent, get, request } = https;
export default https;
