/** `PeriodicReview` → `PERIODIC_REVIEW`, for environment variable names built from ids. */
export function upperSnake(id: string): string {
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
