/**
 * `create` run on the first call only, its promise shared by every later call (once per
 * process: per Lambda container). A rejected creation is not kept: the next call tries again.
 *
 * The habit for what only some invocations need (an AWS SDK client, an adapter around one):
 * the function loads it with `import()` inside `create`, so the bundle puts it in a chunk of
 * its own that Node reads and evaluates on first use, not at cold start (docs/operations.md §1).
 * @example
 *   const kms = onFirstUse(async () => new (await import('@aws-sdk/client-kms')).KMSClient({}));
 *   await (await kms()).send(command);
 */
export function onFirstUse<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= create().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
