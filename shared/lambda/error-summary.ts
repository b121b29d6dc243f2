/**
 * An error as the logs may carry it: name and message only, because a stack or a cause may
 * quote input values. Flat keys, because the redacting formatter treats a plain `name` key as
 * a person's name.
 */
export function errorSummary(error: unknown): { errorName: string; errorMessage: string } {
  return error instanceof Error
    ? { errorName: error.name, errorMessage: error.message }
    : { errorName: 'Error', errorMessage: String(error) };
}
