/**
 * The recommendations API: every operation's contract. `api/route-handlers.ts` implements them.
 * (Skeleton: the API engineer writes the routes.)
 */
export const recommendationsRoutes = {};
