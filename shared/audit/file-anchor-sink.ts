import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, normalize } from 'node:path';
import { AnchorExistsError, type AnchorSink } from './anchor.js';

/**
 * The local cloud's write-once anchor store: one file per anchor under `directory`, created
 * exclusively (`wx`) and read-only (0444), so a second write of a key fails as S3 Object Lock
 * with `If-None-Match: *` would.
 */
export class FileAnchorSink implements AnchorSink {
  constructor(private readonly directory: string) {}

  async write(key: string, body: string): Promise<void> {
    const path = normalize(join(this.directory, key));
    if (!path.startsWith(normalize(this.directory)))
      throw new Error('An anchor key stays inside its directory');
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    try {
      await writeFile(path, body, { flag: 'wx', mode: 0o444 });
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
        throw new AnchorExistsError(`Anchor ${key} exists and is never replaced`);
      }
      throw error;
    }
  }
}
