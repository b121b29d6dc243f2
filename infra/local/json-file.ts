import { readFile, rename, writeFile } from 'node:fs/promises';

/** The parsed content of a JSON file, or undefined when there is no such file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file} is not valid JSON (delete it, or start with --fresh)`, { cause: error });
  }
}

/**
 * Keeps a JSON file equal to `snapshot()`: each `changed()` leads to a write that includes
 * it, writes never overlap, and changes made during a write are coalesced into the next one.
 * Each write goes to a temporary file renamed over the old one, so a process killed
 * mid-write leaves the previous complete file, never half of one.
 */
export class JsonFileWriter {
  readonly #file: string;
  readonly #snapshot: () => unknown;
  #dirty = false;
  #writing: Promise<void> | undefined;

  constructor(file: string, snapshot: () => unknown) {
    this.#file = file;
    this.#snapshot = snapshot;
  }

  /** The content changed: write it soon. */
  changed(): void {
    this.#dirty = true;
    this.#writing ??= this.#drain();
  }

  /** Resolves when every change so far is on disk. */
  async flush(): Promise<void> {
    while (this.#writing !== undefined) await this.#writing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#dirty) {
        this.#dirty = false;
        const temporary = `${this.#file}.${process.pid}.tmp`;
        try {
          await writeFile(temporary, `${JSON.stringify(this.#snapshot())}\n`);
          await rename(temporary, this.#file);
        } catch (error) {
          // The next change tries again; the file keeps its last complete content meanwhile.
          console.error(`Could not write ${this.#file}:`, error);
        }
      }
    } finally {
      this.#writing = undefined;
    }
  }
}
