import { z } from 'zod';
import { OffsetClock } from './clock.js';
import { JsonFileWriter, readJsonFile } from './json-file.js';

const clockFileSchema = z.object({ offsetMs: z.number().nonnegative() });

export interface PersistentClock {
  readonly clock: OffsetClock;
  /** Resolves when the latest offset is on disk. */
  flush(): Promise<void>;
}

/**
 * An OffsetClock whose offset is kept in `file`: workflow deadlines and task tokens survive
 * a restart of `npm start`, so the clock that measures them must too, or a review escalated
 * after `POST /local/clock/advance` would find itself back before its deadline.
 */
export async function openPersistentClock(file: string): Promise<PersistentClock> {
  const saved = await readJsonFile(file);
  const parsed = saved === undefined ? undefined : clockFileSchema.safeParse(saved);
  if (parsed?.success === false) {
    throw new Error(`${file} does not hold a clock offset (delete it, or start with --fresh)`);
  }
  const clock = new OffsetClock(parsed?.data.offsetMs ?? 0);
  const writer = new JsonFileWriter(file, () => ({ offsetMs: clock.offsetMs }));
  clock.onAdvance(() => writer.changed());
  return { clock, flush: () => writer.flush() };
}
