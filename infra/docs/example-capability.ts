import { posix } from 'node:path';

/**
 * The smallest capability that docs/architecture.md §12 shows is not prose: it is the folder
 * `test/fixtures/branches`, which the contract, infrastructure and e2e tests build, synthesise
 * and run. The guide's code blocks are generated from those files, rewritten as they would
 * read in `functions/branches/`, so the example cannot drift from code that works.
 */
export const EXAMPLE_FOLDER = 'test/fixtures/branches';
/** Where a reader puts the example: the folder its blocks are written for. */
export const EXAMPLE_TARGET = 'functions/branches';

/** `<!-- example-file: api/routes.ts -->` before a ts block (its lines up to the closing fence): that file of the example. */
const FILE_MARKER = /<!-- example-file: ([\w./-]+) -->\n\n```ts\n(?:(?!```)[^\n]*\n)*```/g;
/** `<!-- example-registration -->` before a ts block: the registration list with the example added. */
const REGISTRATION_MARKER = /<!-- example-registration -->\n\n```ts\n(?:(?!```)[^\n]*\n)*```/;

/**
 * A fixture file as it reads in `functions/branches/<path>`: relative imports that leave the
 * folder are re-pointed from the new depth, and function entries name the new folder.
 */
export function asTargetFile(path: string, text: string): string {
  const fromFixture = posix.dirname(posix.join(EXAMPLE_FOLDER, path));
  const fromTarget = posix.dirname(posix.join(EXAMPLE_TARGET, path));
  return text
    .replace(/from '(\.{1,2}\/[^']+)'/g, (_match, specifier: string) => {
      const target = posix.normalize(posix.join(fromFixture, specifier));
      if (target.startsWith(`${EXAMPLE_FOLDER}/`)) return `from '${specifier}'`;
      const rewritten = posix.relative(fromTarget, target);
      return `from '${rewritten.startsWith('.') ? rewritten : `./${rewritten}`}'`;
    })
    .replaceAll(`'${EXAMPLE_FOLDER}/`, `'${EXAMPLE_TARGET}/`);
}

/**
 * The registration a reader adds to `functions/capabilities.ts`: its import, and the list as it
 * stands today with the example's line at the end.
 */
export function registrationSnippet(registry: string): string {
  const list = /export const capabilities: readonly CapabilityDefinition\[\] = \[\n[\s\S]*?\n\];/.exec(
    registry,
  );
  if (list === null) throw new Error('functions/capabilities.ts has no capabilities list');
  const withExample = list[0].replace(/\n\];$/, '\n  branchesCapability,\n];');
  return `import { branchesCapability } from './branches/index.js';\n\n${withExample}`;
}

/** docs/architecture.md with every example block replaced by what the fixture holds now. */
export function architectureWithExample(
  architecture: string,
  readFixture: (path: string) => string,
  registry: string,
): string {
  if (!REGISTRATION_MARKER.test(architecture)) {
    throw new Error('docs/architecture.md has no <!-- example-registration --> block');
  }
  return architecture
    .replace(
      FILE_MARKER,
      (_block, path: string) =>
        `<!-- example-file: ${path} -->\n\n\`\`\`ts\n${asTargetFile(path, readFixture(path)).trimEnd()}\n\`\`\``,
    )
    .replace(
      REGISTRATION_MARKER,
      `<!-- example-registration -->\n\n\`\`\`ts\n${registrationSnippet(registry)}\n\`\`\``,
    );
}

/** The example files the guide shows, in the order it shows them. */
export function exampleFilesShown(architecture: string): string[] {
  return [...architecture.matchAll(FILE_MARKER)].map((match) => match[1] ?? '');
}
