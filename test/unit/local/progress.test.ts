import { describe, expect, it } from 'vitest';
import { duration, ProgressBar } from '../../../infra/local/progress.js';

/** A stream that keeps what was written. */
function fakeStream(isTTY: boolean) {
  const stream = {
    isTTY,
    columns: 200,
    output: '',
    write(chunk: string | Uint8Array): boolean {
      stream.output += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      return true;
    },
  };
  return stream;
}

/** The lines a terminal shows for `output`: `\r` returns to the line's start, `ESC[K` erases after it. */
function screen(output: string): string[] {
  return output.split('\n').map((line) => (line.split('\r').at(-1) ?? '').replaceAll('\u001b[K', ''));
}

function clock() {
  let ms = 0;
  return { now: () => ms, at: (seconds: number) => (ms = seconds * 1000) };
}

describe('ProgressBar', () => {
  it('writes a line at most every 10 s off a terminal, with the rate and the time left, then a summary', () => {
    // Prepare
    const stream = fakeStream(false);
    const time = clock();
    const bar = new ProgressBar({
      label: 'Demo activity',
      unit: 'events',
      total: 1000,
      stream,
      now: time.now,
    });

    // Act
    for (const [second, done] of [
      [1, 100],
      [5, 200],
      [10, 500],
      [15, 700],
      [19, 1000],
    ] as const) {
      time.at(second);
      bar.update(done);
    }
    bar.finish('Demo activity delivered: 1000 events');

    // Assess
    expect(stream.output).not.toContain('\r');
    expect(stream.output.split('\n')).toEqual([
      'Demo activity [░░░░░░░░░░░░░░░░░░░░░░░░]   0% 0/1,000 events · 0.0 events/s · … left',
      'Demo activity [████████████░░░░░░░░░░░░]  50% 500/1,000 events · 50 events/s · 10s left',
      'Demo activity delivered: 1000 events',
      '',
    ]);
  });

  it('keeps one line on a terminal, redrawn in place, with other output above it, and ends on the summary', () => {
    // Prepare: the bar watches the terminal itself, as it watches stdout when running.
    const terminal = fakeStream(true);
    const time = clock();
    const bar = new ProgressBar({
      label: 'Demo activity',
      unit: 'events',
      total: 11_555,
      stream: terminal,
      others: [terminal],
      now: time.now,
    });

    // Act
    time.at(60);
    bar.update(3000);
    terminal.write('A handler warning\n');
    time.at(120);
    bar.update(6000);
    const whileRunning = screen(terminal.output);
    bar.finish('Demo activity delivered: 11555 events');
    terminal.write('after\n');

    // Assess
    expect(whileRunning).toEqual([
      'A handler warning',
      'Demo activity [████████████░░░░░░░░░░░░]  51% 6,000/11,555 events · 50 events/s · 1m 51s left',
    ]);
    expect(screen(terminal.output)).toEqual([
      'A handler warning',
      'Demo activity delivered: 11555 events',
      'after',
      '',
    ]);
  });

  it('spells durations for people', () => {
    expect([42, 185, 3 * 3600 + 125].map(duration)).toEqual(['42s', '3m 05s', '3h 02m']);
  });
});
