import type { CapabilityManifest, RouteSpec } from '../manifest/types.js';

/** A route the local API serves, as an API Gateway route key plus its integration. */
export interface ServedRoute {
  /** `METHOD /path/{param}`, exactly as the HTTP API route key. */
  readonly routeKey: string;
  readonly method: RouteSpec['method'];
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
 * The manifests' routes, matched as API Gateway HTTP APIs do: the method and every path
 * segment must match, and the most specific route wins (literal segments over `{param}`,
 * `{param}` over a greedy `{proxy+}`).
 */
export class ApiRouter {
  readonly #routes: CompiledRoute[] = [];

  constructor(manifests: readonly CapabilityManifest[]) {
    const keys = new Set<string>();
    for (const manifest of manifests) {
      if (manifest.api === undefined) continue;
      const functionId = manifest.api.functionId;
      if (!manifest.functions.some((fn) => fn.id === functionId)) {
        throw new Error(`${manifest.name}: the API function ${functionId} is not among its functions`);
      }
      for (const spec of manifest.api.routes) {
        const routeKey = `${spec.method} ${spec.path}`;
        if (keys.has(routeKey)) throw new Error(`Route ${routeKey} is declared twice`);
        keys.add(routeKey);
        const route: ServedRoute = {
          routeKey,
          method: spec.method,
          path: spec.path,
          authorized: spec.authorized,
          functionId,
          capability: manifest.name,
        };
        this.#routes.push({ route, segments: compile(spec.path) });
      }
    }
  }

  /** Every route served, in manifest order. */
  listRoutes(): ServedRoute[] {
    return this.#routes.map(({ route }) => route);
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
