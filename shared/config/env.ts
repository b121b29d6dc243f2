/**
 * A variable the function cannot run without (a table name, say): a missing one is a
 * deployment error, reported by name at cold start rather than as an odd failure later.
 */
export function requiredEnv(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}
