import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { capabilities } from '../functions/capabilities.js';

const ROOT = resolve(import.meta.dirname, '..');
const OUT = join(ROOT, 'bench', 'results', 'bundles');

/** The same esbuild settings the CDK function construct uses (ESM, minified, createRequire banner). */
async function bundle(entry: string, name: string): Promise<string> {
  const outfile = join(OUT, `${name}.mjs`);
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
    logLevel: 'silent',
  });
  return outfile;
}

/** Milliseconds to import a bundle in a fresh Node process (module evaluation, as a cold start does). */
function importCost(file: string, env: NodeJS.ProcessEnv): number {
  const script = `const t=performance.now();await import(${JSON.stringify(file)});process.stdout.write(String(performance.now()-t));`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr}`);
  return Number(result.stdout);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2 : (sorted[mid] ?? 0);
}

export interface BundleFigure {
  readonly function: string;
  readonly bytes: number;
  readonly initMs: number;
  readonly floorInitMs: number;
  readonly initRatio: number;
}

/** Bundles every function and measures size and init cost against the floor, alternating runs. */
export async function measureBundles(runs = 9): Promise<BundleFigure[]> {
  mkdirSync(OUT, { recursive: true });
  const floorEntry = join(OUT, 'floor-entry.mjs');
  writeFileSync(
    floorEntry,
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';\nexport const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));\nexport const handler = async () => ({ statusCode: 200 });\n",
  );
  // The floor entry lives in bench/results, so node_modules resolution needs the repo root.
  const floor = await bundle(floorEntry, 'floor');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    // Every table's variable, as CDK sets them: a handler refuses to load without its tables.
    ...Object.fromEntries(
      capabilities.flatMap((c) => c.tables.map((t) => [t.envVar, `bench-${t.id}`] as const)),
    ),
    EVENT_BUS_NAME: 'bench',
    KMS_KEY_ID: 'alias/bench',
    BLIND_INDEX_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench',
    STATE_MACHINE_PERIODIC_REVIEW_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:bench',
    POWERTOOLS_SERVICE_NAME: 'bench',
  };
  const functions = capabilities.flatMap((c) =>
    c.functions.map((f) => ({ id: f.id, entry: join(ROOT, f.entry) })),
  );
  functions.push({ id: 'OutboxRelay', entry: join(ROOT, 'functions/outbox-relay/handler.ts') });
  const figures: BundleFigure[] = [];
  for (const fn of functions) {
    const file = await bundle(fn.entry, fn.id);
    const own: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      base.push(importCost(floor, env));
      own.push(importCost(file, env));
    }
    const initMs = median(own);
    const floorInitMs = median(base);
    figures.push({
      function: fn.id,
      bytes: statSync(file).size,
      initMs,
      floorInitMs,
      initRatio: initMs / floorInitMs,
    });
  }
  return figures;
}
