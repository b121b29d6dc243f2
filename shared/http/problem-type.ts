/**
 * Prefix of every problem `type` URI; the slug after it is stable and documented. In a module
 * of its own so that code needing only the constant (the local gateway) does not load the
 * logger with it.
 */
export const PROBLEM_TYPE_BASE = 'https://fincrm.dev/problems/';
