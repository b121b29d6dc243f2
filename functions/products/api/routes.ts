/**
 * The products API: every operation's contract (route, policy action, request and response
 * schemas, problems). `api/route-handlers.ts` implements them. (Skeleton: the products engineer
 * writes the catalogue routes.)
 */
export const productsRoutes = {};
