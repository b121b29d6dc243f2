import { vi } from 'vitest';

/** What the code under test wrote to stdout and stderr while captured. */
export interface CapturedOutput {
  /** Everything written, as one string. */
  readonly text: () => string;
  /** Every JSON line (Powertools' log lines and EMF metrics), parsed. */
  readonly lines: () => Record<string, unknown>[];
  readonly restore: () => void;
}

/** Captures stdout and stderr (where Powertools writes logs and EMF metrics) until `restore`. */
export function captureOutput(): CapturedOutput {
  const written: string[] = [];
  const record = (chunk: string | Uint8Array): boolean => {
    written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(record),
    vi.spyOn(process.stderr, 'write').mockImplementation(record),
  ];
  const text = (): string => written.join('');
  return {
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.trim().startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
