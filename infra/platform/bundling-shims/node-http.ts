import type * as NodeHttp from 'node:http';
// Renamed: every bundle's banner declares its own `createRequire` (bundling.ts).
import { createRequire as requireFrom } from 'node:module';

/**
 * `node:http` as a bundled function sees it (bundling.ts aliases `http` and `node:http` here).
 * Node's ESM view of a built-in reads every export once, and `node:http`'s web socket exports
 * are getters that load undici (Node's fetch): tens of milliseconds of cold start that no
 * function uses. Loaded with `require`, the module's getters run only when read.
 */
const http: typeof NodeHttp = requireFrom(import.meta.url)('node:http');

export const { Agent, STATUS_CODES, METHODS, get, request } = http;
export default http;
