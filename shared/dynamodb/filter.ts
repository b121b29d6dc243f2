/**
 * A Query's FilterExpression built condition by condition, each attribute and value under a
 * placeholder of its own (`#status = :status`), so a reserved word or a value never reaches the
 * expression text. A condition whose value is undefined (a filter the client did not set) adds
 * nothing.
 * @example
 *   const filter = new FilterBuilder().equals('status', query.status).compare('nextDueAt', '<', query.dueBefore);
 *   const { expression, names, values } = filter.build(); // expression undefined when nothing was added
 */
export class FilterBuilder {
  readonly #names: Record<string, string> = {};
  readonly #values: Record<string, unknown> = {};
  readonly #parts: string[] = [];

  /** `attribute = value`, when `value` is given. */
  equals(attribute: string, value: string | undefined): this {
    return this.compare(attribute, '=', value);
  }

  /** `attribute <op> value`, when `value` is given; `placeholder` names the value (default: the attribute). */
  compare(
    attribute: string,
    operator: '=' | '<>' | '<' | '<=' | '>' | '>=',
    value: string | undefined,
    placeholder = attribute,
  ): this {
    if (value === undefined) return this;
    this.#names[`#${attribute}`] = attribute;
    this.#values[`:${placeholder}`] = value;
    this.#parts.push(`#${attribute} ${operator} :${placeholder}`);
    return this;
  }

  /** The conditions joined with AND (`expression` undefined when there is none). */
  build(): {
    expression: string | undefined;
    names: Record<string, string>;
    values: Record<string, unknown>;
  } {
    return {
      expression: this.#parts.length === 0 ? undefined : this.#parts.join(' AND '),
      names: { ...this.#names },
      values: { ...this.#values },
    };
  }
}
