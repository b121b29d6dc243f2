import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../../shared/dynamodb/cursor.js';
import { chainedPages, type PageSource, singleShardPages } from '../../../shared/passes/chained-pages.js';

/** A source over `keys`, `size` a page, its cursor the next index. */
function source(keys: readonly string[], size: number): PageSource<string> {
  return async (cursor) => {
    const start = cursor === undefined ? 0 : Number(cursor);
    const next = start + size;
    return next < keys.length
      ? { keys: keys.slice(start, next), cursor: String(next) }
      : { keys: keys.slice(start) };
  };
}

async function readAll(page: PageSource<string>, from?: string): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor = from;
  do {
    const read = await page(cursor);
    pages.push([...read.keys]);
    cursor = read.cursor;
  } while (cursor !== undefined);
  return pages;
}

describe('chained pages', () => {
  it('reads each source to its end, then the next, and ends after the last', async () => {
    const page = chainedPages([source(['a', 'b', 'c'], 2), source([], 2), source(['d'], 2)]);

    expect(await readAll(page)).toEqual([['a', 'b'], ['c'], [], ['d']]);
  });

  it('goes on from a cursor in the middle of a later source', async () => {
    const page = chainedPages([source(['a'], 1), source(['b', 'c', 'd'], 1)]);
    const first = await page(undefined);
    const second = await page(first.cursor);

    expect(second.keys).toEqual(['b']);
    expect(await readAll(page, second.cursor)).toEqual([['c'], ['d']]);
  });

  it('refuses a cursor naming no source of the chain', async () => {
    const page = chainedPages([source(['a'], 1)]);
    const foreign = Buffer.from(JSON.stringify({ source: 3 })).toString('base64url');

    await expect(page(foreign)).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(page('not-json')).rejects.toBeInstanceOf(InvalidCursorError);
  });
});

describe('single-shard pages', () => {
  it('give the whole set to segment 0 and nothing to any other segment', async () => {
    const sources = [source(['a', 'b', 'c'], 2)];

    expect(await readAll(singleShardPages(0, sources))).toEqual([['a', 'b'], ['c']]);
    expect(await readAll(singleShardPages(1, sources))).toEqual([[]]);
    expect(await readAll(singleShardPages(2, sources))).toEqual([[]]);
  });
});
