/**
 * Writes the generated documentation: `docs/capabilities.md` and the settings table of the
 * README, from the capability definitions (infra/docs/capability-reference.ts), and the code
 * blocks of the example capability in `docs/architecture.md` §12, from the fixture the tests
 * run (infra/docs/example-capability.ts).
 *
 * Usage:
 *   npm run generate:docs                         writes them
 *   npx tsx scripts/generate-docs.ts --check      exits 1 when either is stale
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capabilities } from '../functions/capabilities.js';
import { capabilityReference, readmeWithSettings } from '../infra/docs/capability-reference.js';
import { architectureWithExample, EXAMPLE_FOLDER } from '../infra/docs/example-capability.js';
import { settingsOf } from '../shared/capability/settings.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Each generated file and what it must hold now. */
export async function expectedDocs(): Promise<{ path: string; text: string }[]> {
  const readmePath = resolve(ROOT, 'README.md');
  const readme = await readFile(readmePath, 'utf8');
  const architecturePath = resolve(ROOT, 'docs/architecture.md');
  const architecture = architectureWithExample(
    await readFile(architecturePath, 'utf8'),
    (path) => readFileSync(resolve(ROOT, EXAMPLE_FOLDER, path), 'utf8'),
    await readFile(resolve(ROOT, 'functions/capabilities.ts'), 'utf8'),
  );
  return [
    { path: resolve(ROOT, 'docs/capabilities.md'), text: capabilityReference(capabilities) },
    { path: readmePath, text: readmeWithSettings(readme, settingsOf(capabilities)) },
    { path: architecturePath, text: architecture },
  ];
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  let stale = false;
  for (const { path, text } of await expectedDocs()) {
    const current = await readFile(path, 'utf8').catch(() => '');
    if (current === text) continue;
    if (check) {
      stale = true;
      console.error(`${path} is stale: run npm run generate:docs`);
    } else {
      await writeFile(path, text);
      console.log(`Wrote ${path}`);
    }
  }
  if (stale) process.exit(1);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
