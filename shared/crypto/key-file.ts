import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KeyMaterialError } from './errors.js';

/**
 * Reads a key file (base64 text), or creates it with `bytes` random bytes when missing.
 * The file is created with mode 0600 and exclusively ('wx'), so two processes starting at
 * once end up with the same key instead of overwriting each other's.
 */
export async function loadOrCreateKeyFile(path: string, bytes: number): Promise<Uint8Array> {
  try {
    return decodeKeyFile(await readFile(path, 'utf8'), path);
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(bytes);
  try {
    await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return new Uint8Array(key);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    return decodeKeyFile(await readFile(path, 'utf8'), path);
  }
}

function decodeKeyFile(text: string, path: string): Uint8Array {
  const trimmed = text.trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) {
    throw new KeyMaterialError(`Key file ${path} does not hold base64 key material`);
  }
  return new Uint8Array(Buffer.from(trimmed, 'base64'));
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'ENOENT';
}

function isAlreadyExists(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EEXIST';
}
