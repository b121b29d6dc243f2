import { statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, buildSync, type Metafile } from 'esbuild';

/** The entry module in a function's code asset; Lambda's handler is its `handler` export. */
export const ENTRY_FILE = 'index.mjs';
export const LAMBDA_HANDLER = 'index.handler';
/**
 * The Node options every function runs with: stack traces in the logs point at the sources.
 * Node reads a module's source map when it loads the module, so the maps carry no sources
 * (`sourcesContent: false`): a quarter of the bytes to parse at cold start, same positions.
 */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
/** Where the chunks go in the asset (loaded by the entry, statically or on first use). */
export const CHUNK_DIR = 'chunks';

const shim = (name: string) => fileURLToPath(new URL(`./bundling-shims/${name}.ts`, import.meta.url));

/** Built-ins whose ESM view costs a cold start more than `require` (bundling-shims/). */
const REQUIRED_BUILTINS: Readonly<Record<string, string>> = {
  http: shim('node-http'),
  'node:http': shim('node-http'),
  https: shim('node-https'),
  'node:https': shim('node-https'),
};

/**
 * How every function is bundled, in CDK and in the bench alike (docs/operations.md §1): one
 * ESM module per entry with the SDK inside (versions pinned by the lock file), minified, with
 * source maps, for Node.js 24. Code splitting puts what is reached only through `import()` (a
 * client that only some routes or jobs use, the SDK's rarely used credential providers) in
 * chunks of its own, which Node reads and evaluates when the code first runs, not at cold
 * start. `http` and `https` are loaded with `require` (bundling-shims/). The banner gives CommonJS dependencies inside the ESM bundle a `require` (every output
 * file gets it: a chunk may hold such a dependency too).
 */
export function functionBuildOptions(entry: string, outdir: string): BuildOptions {
  return {
    entryPoints: { index: entry },
    outdir,
    entryNames: '[name]',
    chunkNames: `${CHUNK_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    alias: REQUIRED_BUILTINS,
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    metafile: true,
    logLevel: 'warning',
  };
}

/**
 * Bundles one function into `outdir` (synchronously: CDK's local bundling hook cannot wait)
 * and answers esbuild's metafile. Throws on a build error.
 */
export function bundleFunction(entry: string, outdir: string): Metafile {
  const result = buildSync(functionBuildOptions(entry, outdir));
  if (result.metafile === undefined) throw new Error(`esbuild gave no metafile for ${entry}`);
  return result.metafile;
}

/** What a cold start loads of a bundle, and what it leaves for later. */
export interface BundleFootprint {
  /** Bytes of the entry plus every chunk it imports statically (transitively): read at init. */
  readonly initBytes: number;
  /** Bytes of every JavaScript file in the asset, chunks loaded on first use included. */
  readonly totalBytes: number;
  /** The JavaScript files of the asset, relative to the output directory. */
  readonly files: readonly string[];
}

/**
 * Splits a bundle's JavaScript files into those a cold start loads (the entry's static import
 * closure) and the rest, from esbuild's metafile (paths in it are relative to `cwd`).
 */
export function bundleFootprint(metafile: Metafile, outdir: string, cwd = process.cwd()): BundleFootprint {
  const outputs = metafile.outputs;
  const scripts = Object.keys(outputs).filter((path) => path.endsWith('.mjs'));
  // Every target of an `import()` is an entry point to esbuild too: the function's is the one
  // named ENTRY_FILE at the top of the output directory.
  const entry = scripts.find((path) => join(cwd, path) === join(outdir, ENTRY_FILE));
  if (entry === undefined) throw new Error(`The bundle has no ${ENTRY_FILE}`);
  const loaded = new Set<string>();
  const pending = [entry];
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (loaded.has(path)) continue;
    loaded.add(path);
    for (const imported of outputs[path]?.imports ?? []) {
      if (imported.kind === 'import-statement' && outputs[imported.path] !== undefined) {
        pending.push(imported.path);
      }
    }
  }
  const size = (path: string) => statSync(join(cwd, path)).size;
  return {
    initBytes: [...loaded].reduce((sum, path) => sum + size(path), 0),
    totalBytes: scripts.reduce((sum, path) => sum + size(path), 0),
    files: scripts.map((path) => relative(outdir, join(cwd, path))),
  };
}
