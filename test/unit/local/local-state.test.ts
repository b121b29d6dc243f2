import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPersistentClock } from '../../../infra/local/clock-file.js';
import { JsonFileWriter } from '../../../infra/local/json-file.js';
import { localStateFiles, removeLocalState } from '../../../infra/local/local-state.js';

const DAY = 86_400_000;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fincrm-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the local clock across restarts', () => {
  it('starts at real time the first time, and where `advance` left it after a restart', async () => {
    // Prepare
    const file = join(dir, 'clock.json');
    const first = await openPersistentClock(file);
    const offsetAtFirstStart = first.clock.offsetMs;

    // Act
    first.clock.advance(3 * DAY);
    first.clock.advance(DAY);
    await first.flush();
    const second = await openPersistentClock(file);

    // Assess
    expect(offsetAtFirstStart).toBe(0);
    expect(second.clock.offsetMs).toBe(4 * DAY);
  });

  it('refuses a clock file it cannot read, naming the way out', async () => {
    const file = join(dir, 'clock.json');
    await writeFile(file, '{"offsetMs":-5}');
    await expect(openPersistentClock(file)).rejects.toThrow(
      /clock\.json does not hold a clock offset.*--fresh/,
    );
  });
});

describe('--fresh', () => {
  it('removes the data, the clock, the workflows and the captured messages together, and nothing else', async () => {
    // Prepare
    const files = localStateFiles(dir, 'fincrm-local-');
    await mkdir(files.dynamodb);
    await writeFile(join(files.dynamodb, 'shared-local-instance.db'), 'x');
    await writeFile(files.clock, '{"offsetMs":1}');
    await writeFile(files.executions, '{"version":1,"executions":[]}');
    await writeFile(files.messages, '{"contactId":"con_1"}\n');
    await writeFile(join(dir, 'master.key'), 'key');

    // Act
    await removeLocalState(files);

    // Assess
    expect(await readdir(dir)).toEqual(['master.key']);
  });
});

describe('JsonFileWriter', () => {
  it('ends with the latest content after changes made during a write, and leaves no temporary file', async () => {
    // Prepare
    const file = join(dir, 'state.json');
    let content = { version: 0 };
    const writer = new JsonFileWriter(file, () => content);

    // Act
    for (let version = 1; version <= 5; version += 1) {
      content = { version };
      writer.changed();
      if (version === 2) await Promise.resolve();
    }
    await writer.flush();

    // Assess
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 5 });
    expect(await readdir(dir)).toEqual(['state.json']);
  });
});
