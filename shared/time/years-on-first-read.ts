import type { CalendarYear, CalendarYears } from './calendar-year.js';

/**
 * Calendar years built on the first read (any method), then kept: a read-only map whose data
 * costs nothing until a deadline is counted with it.
 */
export class YearsOnFirstRead implements CalendarYears {
  readonly #build: () => ReadonlyMap<number, CalendarYear>;
  #years: ReadonlyMap<number, CalendarYear> | undefined;

  constructor(build: () => ReadonlyMap<number, CalendarYear>) {
    this.#build = build;
  }

  get size(): number {
    return this.#read().size;
  }

  get(year: number): CalendarYear | undefined {
    return this.#read().get(year);
  }

  has(year: number): boolean {
    return this.#read().has(year);
  }

  forEach(
    callback: (value: CalendarYear, key: number, map: ReadonlyMap<number, CalendarYear>) => void,
    thisArg?: unknown,
  ): void {
    this.#read().forEach(callback, thisArg);
  }

  entries(): MapIterator<[number, CalendarYear]> {
    return this.#read().entries();
  }

  keys(): MapIterator<number> {
    return this.#read().keys();
  }

  values(): MapIterator<CalendarYear> {
    return this.#read().values();
  }

  [Symbol.iterator](): MapIterator<[number, CalendarYear]> {
    return this.#read()[Symbol.iterator]();
  }

  #read(): ReadonlyMap<number, CalendarYear> {
    this.#years ??= this.#build();
    return this.#years;
  }
}
