import { routeSpecsOf } from '../../shared/capability/define.js';
import type { CapabilityDefinition } from '../../shared/capability/types.js';

/** A route the local API serves, as an API Gateway route key plus its integration. */
export interface ServedRoute {
  /** `METHOD /path/{param}`, exactly as the HTTP API route key. */
  readonly routeKey: string;
  /** The HTTP method (any method for the `$default` route). */
  readonly method: string;
  readonly path: string;
  readonly authorized: boolean;
  readonly functionId: string;
  readonly capability: string;
}

interface CompiledRoute {
  readonly route: ServedRoute;
  readonly segments: readonly Segment[];
}

type Segment =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'param'; readonly name: string }
  | { readonly kind: 'greedy'; readonly name: string };

const RANK = { literal: 0, param: 1, greedy: 2 } as const;

/**
 * The capabilities' routes, matched as API Gateway HTTP APIs do: the method and every path
 * segment must match, and the most specific route wins (literal segments over `{param}`,
 * `{param}` over a greedy `{proxy+}`).
 */
export class ApiRouter {
  readonly #routes: CompiledRoute[] = [];
  /** API Gateway's `$default` route, if a capability declares one (`api.fallback`). */
  readonly #fallback: { readonly functionId: string; readonly capability: string } | undefined;

  constructor(capabilities: readonly CapabilityDefinition[]) {
    const keys = new Set<string>();
    const fallbacks = capabilities.filter((capability) => capability.api?.fallback === true);
    if (fallbacks.length > 1) throw new Error('Only one capability may answer unmatched requests');
    const fallback = fallbacks[0];
    this.#fallback =
      fallback?.api === undefined
        ? undefined
        : { functionId: fallback.api.functionId, capability: fallback.name };
    for (const capability of capabilities) {
      if (capability.api === undefined) continue;
      const functionId = capability.api.functionId;
      if (!capability.functions.some((fn) => fn.id === functionId)) {
        throw new Error(`${capability.name}: the API function ${functionId} is not among its functions`);
      }
      for (const spec of routeSpecsOf(capability)) {
        const routeKey = `${spec.method} ${spec.path}`;
        if (keys.has(routeKey)) throw new Error(`Route ${routeKey} is declared twice`);
        keys.add(routeKey);
        const route: ServedRoute = {
          routeKey,
          method: spec.method,
          path: spec.path,
          authorized: spec.authorized,
          functionId,
          capability: capability.name,
        };
        this.#routes.push({ route, segments: compile(spec.path) });
      }
    }
  }

  /** Every route served, in definition order, and the `$default` route last when there is one. */
  listRoutes(): ServedRoute[] {
    const routes = this.#routes.map(({ route }) => route);
    const fallback = this.#fallback;
    if (fallback === undefined) return routes;
    return [
      ...routes,
      { routeKey: '$default', method: 'ANY', path: '$default', authorized: false, ...fallback },
    ];
  }

  /**
   * API Gateway's `$default` route for a request no route matches: the fallback function, or
   * undefined when no capability declares one.
   */
  fallback(
    method: string,
    path: string,
  ): { route: ServedRoute; pathParameters: Record<string, string> } | undefined {
    if (this.#fallback === undefined) return undefined;
    const route: ServedRoute = { routeKey: '$default', method, path, authorized: false, ...this.#fallback };
    return { route, pathParameters: {} };
  }

  /** The route for a request, with its path parameters (URL-decoded), or undefined (404). */
  match(
    method: string,
    path: string,
  ): { route: ServedRoute; pathParameters: Record<string, string> } | undefined {
    const parts = path.split('/').slice(1);
    let best: { compiled: CompiledRoute; pathParameters: Record<string, string> } | undefined;
    for (const compiled of this.#routes) {
      if (compiled.route.method !== method) continue;
      const pathParameters = matchSegments(compiled.segments, parts);
      if (pathParameters === undefined) continue;
      if (best === undefined || moreSpecific(compiled.segments, best.compiled.segments)) {
        best = { compiled, pathParameters };
      }
    }
    return best && { route: best.compiled.route, pathParameters: best.pathParameters };
  }
}

function compile(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part) => {
      const param = /^\{([A-Za-z0-9_-]+)(\+?)\}$/.exec(part);
      if (param === null) return { kind: 'literal', value: part };
      return param[2] === '+'
        ? { kind: 'greedy', name: param[1] ?? '' }
        : { kind: 'param', name: param[1] ?? '' };
    });
}

function matchSegments(
  segments: readonly Segment[],
  parts: readonly string[],
): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (const [index, segment] of segments.entries()) {
    if (segment.kind === 'greedy') {
      const rest = parts.slice(index);
      if (rest.length === 0 || rest.join('') === '') return undefined;
      parameters[segment.name] = decode(rest.join('/'));
      return parameters;
    }
    const part = parts[index];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'literal' && segment.value !== part) return undefined;
    if (segment.kind === 'param') parameters[segment.name] = decode(part);
  }
  return segments.length === parts.length ? parameters : undefined;
}

function moreSpecific(candidate: readonly Segment[], current: readonly Segment[]): boolean {
  for (let index = 0; index < Math.min(candidate.length, current.length); index++) {
    const a = candidate[index];
    const b = current[index];
    if (a === undefined || b === undefined) break;
    if (RANK[a.kind] !== RANK[b.kind]) return RANK[a.kind] < RANK[b.kind];
  }
  return candidate.length > current.length;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
