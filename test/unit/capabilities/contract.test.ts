import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { capabilities, eventCatalogue } from '../../../functions/capabilities.js';
import { capabilityProblems, defineCapability } from '../../../shared/capability/define.js';
import type { CapabilityDefinition } from '../../../shared/capability/types.js';
import { defineEvent } from '../../../shared/events/define.js';
import { idField } from '../../../shared/events/fields.js';
import { branchesCapability } from '../../fixtures/branches/index.js';
import { stubCapability, stubRoute } from '../../support/capability-fixtures.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(join(ROOT, folder))) {
    const path = join(folder, entry);
    if (statSync(join(ROOT, path)).isDirectory()) found.push(...sourceFiles(path));
    else if (entry.endsWith('.ts')) found.push(path);
  }
  return found;
}

/** Every relative import of a file, resolved to a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/from\s+'(\.[^']+)'/g)].map((match) =>
    relative(ROOT, resolve(ROOT, dirname(file), (match[1] ?? '').replace(/\.js$/, '.ts'))),
  );
}

/**
 * Every capability the rules below hold for, with its folder: the registered ones, and the
 * smallest example of docs/architecture.md §12 (kept as a fixture so the guide stays true).
 */
const checked: readonly { readonly capability: CapabilityDefinition; readonly folder: string }[] = [
  ...capabilities.map((capability) => ({ capability, folder: `functions/${capability.name}` })),
  { capability: branchesCapability, folder: 'test/fixtures/branches' },
];
const checkedCases = checked.map(({ capability, folder }) => [capability.name, capability, folder] as const);

/** The capability folder a path is in (`functions/<name>/…`), if any. */
function capabilityOf(path: string): string | undefined {
  const match = /^functions\/([^/]+)\//.exec(path);
  return match?.[1];
}

describe('every capability’s contract', () => {
  it.each(checkedCases)('%s holds together (ids, grants, targets, routes, actions)', (_name, capability) => {
    expect(capabilityProblems(capability)).toEqual([]);
  });

  it('documents every success answer of every route with a response schema (only a 204 has no body)', () => {
    const undocumented: string[] = [];
    for (const { capability } of checked) {
      for (const route of capability.api?.routes ?? []) {
        for (const [status, response] of Object.entries(route.responses)) {
          if (status !== '204' && response.schema === undefined) {
            undocumented.push(`${route.method} ${route.path} ${status}`);
          }
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('subscribes only to events that a capability publishes or an external source declares', () => {
    const unknown: string[] = [];
    for (const capability of capabilities) {
      for (const subscription of capability.subscriptions) {
        for (const event of subscription.events) {
          if (eventCatalogue.find(event.source, event.detailType) !== event) {
            unknown.push(`${capability.name}/${subscription.id}: ${event.source} ${event.detailType}`);
          }
        }
      }
    }
    expect(unknown).toEqual([]);
  });

  it('uses every policy action it declares: named by a route, or asked by the capability’s code', () => {
    const unused: string[] = [];
    for (const { capability, folder } of checked) {
      const code = sourceFiles(folder)
        .filter((file) => file !== `${folder}/policy.ts`)
        .map((file) => readFileSync(join(ROOT, file), 'utf8'))
        .join('\n');
      const routed = new Set((capability.api?.routes ?? []).map((route) => route.action));
      for (const action of capability.policy.actions) {
        if (!routed.has(action) && !code.includes(`'${action}'`))
          unused.push(`${capability.name}: ${action}`);
      }
    }
    expect(unused).toEqual([]);
  });

  it('declares each policy action in one capability only', () => {
    const actions = capabilities.flatMap((capability) => capability.policy.actions);
    expect(new Set(actions).size).toBe(actions.length);
  });

  it('is registered once, from a folder of its own name that exports it from index.ts', () => {
    const names = capabilities.map((capability) => capability.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(existsSync(join(ROOT, 'functions', name, 'index.ts')), name).toBe(true);
  });
});

describe('the folders of the capabilities have one shape', () => {
  it.each(checkedCases)('%s has the files its definition implies', (name, capability, folder) => {
    const has = (path: string) => existsSync(join(ROOT, folder, path));
    const expected = ['index.ts', 'policy.ts'];
    if (capability.api !== undefined) expected.push('api/routes.ts');
    if (capability.publishes.length > 0) expected.push('events.ts');
    if (capability.tables.length > 0) {
      expected.push(
        'setup.ts',
        'domain/errors.ts',
        'domain/schemas.ts',
        'service/deps.ts',
        'api/route-handlers.ts',
        'api/responses.ts',
      );
    }
    expect(
      expected.filter((path) => !has(path)),
      name,
    ).toEqual([]);
  });

  it('every handler module exports createHandler(runtime) and the Lambda handler built from the Lambda runtime', () => {
    const entries = checked.flatMap(({ capability }) => capability.functions.map((fn) => fn.entry));
    entries.push('functions/outbox-relay/handler.ts');
    for (const entry of entries) {
      const text = readFileSync(join(ROOT, entry), 'utf8');
      expect(text, entry).toMatch(/export function createHandler\(runtime: Runtime\)/);
      expect(text, entry).toContain('export const handler = createHandler(lambdaRuntime());');
    }
  });

  it('reads stored items through a schema or a mapping, never by casting them through unknown', () => {
    const casts = [...sourceFiles('functions'), ...sourceFiles('test/fixtures/branches')].filter((file) =>
      readFileSync(join(ROOT, file), 'utf8').includes('as unknown as'),
    );
    expect(casts).toEqual([]);
  });
});

describe('layering', () => {
  const example = sourceFiles('test/fixtures/branches');
  const product = [...sourceFiles('functions'), ...sourceFiles('shared'), ...example];

  it('product code imports nothing from infra/', () => {
    const offending = product.filter((file) => importsOf(file).some((path) => path.startsWith('infra/')));
    expect(offending).toEqual([]);
  });

  it('shared/ imports no capability', () => {
    const offending = sourceFiles('shared').filter((file) =>
      importsOf(file).some((path) => path.startsWith('functions/')),
    );
    expect(offending).toEqual([]);
  });

  it('a capability imports from another only its published events (events.ts)', () => {
    const offending: string[] = [];
    for (const file of [...sourceFiles('functions'), ...example]) {
      const own = capabilityOf(file) ?? (example.includes(file) ? 'branches' : undefined);
      if (own === undefined) continue; // the registration list imports every capability
      for (const path of importsOf(file)) {
        const other = capabilityOf(path);
        if (other !== undefined && other !== own && path !== `functions/${other}/events.ts`) {
          offending.push(`${file} → ${path}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});

describe('defineCapability', () => {
  it('refuses a subscription mixing sources, a route naming an undeclared action, and foreign events', () => {
    // Prepare
    const A = defineEvent('crm.alpha', 'AlphaHappened', { id: idField }, 'Alpha happened.');
    const B = defineEvent('crm.beta', 'BetaHappened', { id: idField }, 'Beta happened.');
    const bad = stubCapability({
      name: 'gamma',
      functions: [{ id: 'GammaApi', entry: 'x.ts', memoryMb: 128, timeoutSeconds: 3, tables: [] }],
      api: { functionId: 'GammaApi', routes: [{ ...stubRoute('GET', '/v1/gamma'), action: 'gamma:read' }] },
      publishes: [A],
      subscriptions: [
        {
          id: 'Both',
          description: 'x',
          events: [A, B],
          target: { kind: 'function', functionId: 'GammaApi' },
        },
      ],
    });

    // Act / Assess
    expect(() => defineCapability(bad)).toThrow(/mixes sources/);
    expect(capabilityProblems(bad).join('\n')).toMatch(/gamma:read, not in the policy/);
    expect(capabilityProblems(bad).join('\n')).toMatch(/AlphaHappened has source crm.alpha, not crm.gamma/);
  });

  it('refuses a Scan of an index the table does not declare, or of a table the function is not granted', () => {
    // Prepare
    const table = {
      id: 'Things',
      partitionKey: { name: 'pk', type: 'S' as const },
      globalSecondaryIndexes: [{ indexName: 'byKind', partitionKey: { name: 'kind', type: 'S' as const } }],
      envVar: 'THINGS_TABLE',
    };
    const worker = (scansIndexes: readonly { table: string; indexName: string }[], granted: boolean) =>
      stubCapability({
        name: 'things',
        tables: [table],
        functions: [
          {
            id: 'ThingsJobs',
            entry: 'x.ts',
            memoryMb: 128,
            timeoutSeconds: 3,
            tables: granted ? [{ table: 'Things', access: 'readWrite' }] : [],
            scansIndexes,
          },
        ],
      });

    // Act / Assess
    expect(capabilityProblems(worker([{ table: 'Things', indexName: 'byKind' }], true))).toEqual([]);
    expect(capabilityProblems(worker([{ table: 'Things', indexName: 'byOther' }], true))).toEqual([
      'function ThingsJobs scans byOther, which Things does not declare',
    ]);
    expect(capabilityProblems(worker([{ table: 'Things', indexName: 'byKind' }], false))).toEqual([
      'function ThingsJobs scans an index of Things, a table it is not granted',
    ]);
  });
});
