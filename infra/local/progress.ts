import { StatusLine, type TextStream } from './status-line.js';

/** Where a progress bar writes: a terminal (`isTTY`) or anything else (a file, a pipe, CI). */
export interface ProgressStream extends TextStream {
  readonly isTTY?: boolean;
  /** The terminal's width. */
  readonly columns?: number;
}

export interface ProgressBarOptions {
  /** What is progressing, e.g. `Demo activity`. */
  readonly label: string;
  /** What is counted, plural, e.g. `events`. */
  readonly unit: string;
  readonly total: number;
  /** Default `process.stdout`. */
  readonly stream?: ProgressStream;
  /**
   * On a terminal, other output that must not be glued to the bar (see StatusLine);
   * default `process.stdout` and `process.stderr`.
   */
  readonly others?: readonly TextStream[];
  /** Milliseconds now (tests); default `Date.now`. */
  readonly now?: () => number;
  /** Least time between two lines when the stream is not a terminal; default 10 s. */
  readonly lineIntervalMs?: number;
}

const BAR_WIDTH = 24;
/** A terminal is redrawn at most this often. */
const REDRAW_MS = 100;

/**
 * One progress bar with its rate and the time left. On a terminal it is one line redrawn
 * in place (`\r`); elsewhere (a log file, CI) a line at most every `lineIntervalMs`, so the
 * output stays readable. `finish` replaces it with a summary line.
 * @example const bar = new ProgressBar({ label: 'Demo activity', unit: 'events', total: 11_555 });
 */
export class ProgressBar {
  readonly #options: ProgressBarOptions;
  readonly #stream: ProgressStream;
  readonly #terminal: StatusLine | undefined;
  readonly #now: () => number;
  readonly #started: number;
  #done = 0;
  #shownAt: number | undefined;
  #finished = false;

  constructor(options: ProgressBarOptions) {
    this.#options = options;
    this.#stream = options.stream ?? process.stdout;
    this.#terminal = this.#stream.isTTY
      ? new StatusLine(this.#stream, options.others ?? [process.stdout, process.stderr])
      : undefined;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#show();
  }

  /** `done` of the total are done. */
  update(done: number): void {
    if (this.#finished) return;
    this.#done = Math.min(Math.max(done, 0), this.#options.total);
    this.#show();
  }

  /** Ends the bar with `summary` on a line of its own. */
  finish(summary: string): void {
    if (this.#finished) return;
    this.#finished = true;
    if (this.#terminal === undefined) this.#stream.write(`${summary}\n`);
    else this.#terminal.close(summary);
  }

  /** The bar as it reads now. */
  line(): string {
    const { label, unit, total } = this.#options;
    const fraction = total === 0 ? 1 : this.#done / total;
    const filled = Math.round(fraction * BAR_WIDTH);
    const elapsedSeconds = (this.#now() - this.#started) / 1000;
    const rate = elapsedSeconds > 0 ? this.#done / elapsedSeconds : 0;
    const left =
      this.#done >= total ? 'done' : rate > 0 ? `${duration((total - this.#done) / rate)} left` : '… left';
    return (
      `${label} [${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}] ` +
      `${String(Math.floor(fraction * 100)).padStart(3)}% ${count(this.#done)}/${count(total)} ${unit}` +
      ` · ${rate.toFixed(rate < 10 ? 1 : 0)} ${unit}/s · ${left}`
    );
  }

  #show(): void {
    const now = this.#now();
    const terminal = this.#terminal;
    const interval = terminal ? REDRAW_MS : (this.#options.lineIntervalMs ?? 10_000);
    const complete = this.#done === this.#options.total;
    // The first state always shows; off a terminal the last need not, as `finish` follows.
    const due =
      this.#shownAt === undefined || now - this.#shownAt >= interval || (terminal !== undefined && complete);
    if (!due) return;
    if (terminal === undefined) {
      this.#stream.write(`${this.line()}\n`);
    } else {
      // Cut to the terminal's width: a wrapped line could not be redrawn in place.
      terminal.show(this.line().slice(0, Math.max(20, (this.#stream.columns ?? 80) - 1)));
    }
    this.#shownAt = now;
  }
}

/** `1h 02m`, `3m 05s`, `42s`. */
export function duration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  if (hours > 0) return `${hours}h ${String(minutes).padStart(2, '0')}m`;
  if (minutes > 0) return `${minutes}m ${String(rest).padStart(2, '0')}s`;
  return `${rest}s`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}
