import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { platformCapability } from '../../functions/platform/index.js';
import { buildApp } from '../../infra/build-app.js';
import { CHUNK_DIR, ENTRY_FILE, LAMBDA_HANDLER } from '../../infra/platform/bundling.js';
import { branchesCapability } from '../fixtures/branches/index.js';

// The one test that bundles: the platform capability and the smallest capability
// (test/fixtures/branches), synthesised with esbuild as `cdk deploy` would, into a temporary
// cloud assembly. Every other infra test reads templates without bundling.

interface LambdaFunction {
  readonly id: string;
  readonly handler: string;
  /** The staged code asset: `asset.<hash>` in the cloud assembly. */
  readonly assetDir: string;
}

let functions: LambdaFunction[];

/** Every Lambda function of every template in the assembly (the root and any nested stack). */
function lambdaFunctions(assemblyDir: string): LambdaFunction[] {
  const found: LambdaFunction[] = [];
  for (const file of readdirSync(assemblyDir).filter((name) => name.endsWith('.template.json'))) {
    const template: { Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }> } =
      JSON.parse(readFileSync(join(assemblyDir, file), 'utf8'));
    for (const [id, resource] of Object.entries(template.Resources ?? {})) {
      if (resource.Type !== 'AWS::Lambda::Function') continue;
      const code = resource.Properties?.Code as { S3Key?: unknown } | undefined;
      const key = typeof code?.S3Key === 'string' ? code.S3Key : '';
      // Inline code (CDK's own custom resources) has no asset.
      if (!key.endsWith('.zip')) continue;
      found.push({
        id,
        handler: String(resource.Properties?.Handler),
        assetDir: join(assemblyDir, `asset.${key.slice(0, -'.zip'.length)}`),
      });
    }
  }
  return found;
}

/** The relative modules `file` imports, statically or with `import()`, as paths. */
function importedModules(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
  return specifiers.map((specifier) => join(dirname(file), specifier));
}

beforeAll(() => {
  const { app } = buildApp({ stage: 'dev', capabilities: [platformCapability, branchesCapability] });
  functions = lambdaFunctions(app.synth().directory).filter((fn) =>
    existsSync(join(fn.assetDir, ENTRY_FILE)),
  );
}, 240_000);

describe('function bundles as deployed', () => {
  it('stages each function as an ESM entry module whose handler Lambda calls', () => {
    expect(functions.map((fn) => fn.id)).toContainEqual(expect.stringContaining('BranchesApi'));
    expect(functions.map((fn) => fn.id)).toContainEqual(expect.stringContaining('PlatformApi'));
    // Each function its own bundle: no function is deployed with another's code.
    expect(new Set(functions.map((fn) => fn.assetDir)).size).toBe(functions.length);
    for (const fn of functions) {
      expect(fn.handler, fn.id).toBe(LAMBDA_HANDLER);
      const entry = readFileSync(join(fn.assetDir, ENTRY_FILE), 'utf8');
      expect(entry, fn.id).toMatch(/export\s*\{[^}]*\bhandler\s*\}/);
    }
  });

  it('puts in the asset every chunk the entry loads, at init or on first use', () => {
    for (const fn of functions) {
      const seen = new Set<string>();
      const pending = [join(fn.assetDir, ENTRY_FILE)];
      for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
        if (seen.has(file)) continue;
        seen.add(file);
        expect(existsSync(file), `${fn.id}: ${file}`).toBe(true);
        pending.push(...importedModules(file));
      }
    }
  });

  it('loads http and https through require, never through their ESM view', () => {
    for (const fn of functions) {
      for (const file of [
        join(fn.assetDir, ENTRY_FILE),
        ...(existsSync(join(fn.assetDir, CHUNK_DIR))
          ? readdirSync(join(fn.assetDir, CHUNK_DIR)).map((name) => join(fn.assetDir, CHUNK_DIR, name))
          : []),
      ]) {
        if (!file.endsWith('.mjs')) continue;
        expect(readFileSync(file, 'utf8'), file).not.toMatch(/from\s*"(?:node:)?https?"/);
      }
    }
  });
});
