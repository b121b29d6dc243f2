/** Something text is written to, as `process.stdout` is. */
export interface TextStream {
  write: NodeJS.WriteStream['write'];
}

/**
 * A line kept under everything else a terminal shows, redrawn in place (`\r`). While it is
 * up, other output to `others` (the process's stdout and stderr: a handler's warning, say)
 * first clears it and then has it drawn again below, instead of being glued to its end.
 */
export class StatusLine {
  readonly #write: (text: string) => void;
  readonly #restores: (() => void)[] = [];
  #text: string | undefined;
  #shown = false;
  /** Other output ended without a newline: the line goes below it. */
  #afterPartialLine = false;

  constructor(terminal: TextStream, others: readonly TextStream[]) {
    const write = terminal.write;
    this.#write = (text) => {
      write.call(terminal, text);
    };
    for (const stream of new Set([terminal, ...others])) this.#intercept(stream);
  }

  show(text: string): void {
    this.#text = text;
    if (this.#afterPartialLine) this.#write('\n');
    this.#afterPartialLine = false;
    this.#write(`\r${text}\u001b[K`);
    this.#shown = true;
  }

  /** Takes the line down for good, leaving `last` in its place when given. */
  close(last?: string): void {
    for (const restore of this.#restores.splice(0)) restore();
    this.#clear();
    if (last !== undefined) this.#write(`${last}\n`);
  }

  #clear(): void {
    if (!this.#shown) return;
    this.#write('\r\u001b[K');
    this.#shown = false;
  }

  #intercept(stream: TextStream): void {
    const write = stream.write;
    const replacement = (...args: Parameters<TextStream['write']>): boolean => {
      this.#clear();
      const written = write.apply(stream, args);
      const chunk = args[0];
      const last = typeof chunk === 'string' ? chunk.charCodeAt(chunk.length - 1) : chunk.at(-1);
      if (last !== undefined && !Number.isNaN(last)) this.#afterPartialLine = last !== 10;
      if (!this.#afterPartialLine && this.#text !== undefined) this.show(this.#text);
      return written;
    };
    stream.write = replacement as TextStream['write'];
    this.#restores.push(() => {
      stream.write = write;
    });
  }
}
