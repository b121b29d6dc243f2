/**
 * Removes personal information from anything about to be logged.
 *
 * Two nets, because either alone leaks: keys that name personal data are redacted whole
 * (whatever their value looks like), and any string anywhere has the substrings that look
 * like a PRC ID number, a mainland mobile, an e-mail address or Han text replaced (an ID
 * number quoted inside an error message has no telling key).
 */

/** What replaces a redacted value or substring. */
export const REDACTED = '[REDACTED]';

/**
 * Keys whose values are personal information or secrets (C2, C3; docs/domain-rules.md §16),
 * compared after lower-casing and removing `_`/`-`, so `id_number`, `ID-Number` and `idNumber`
 * all match. `body` is here because request and response bodies carry customer data wholesale.
 */
const DENIED_KEYS: ReadonlySet<string> = new Set(
  [
    'name',
    'fullName',
    'firstName',
    'lastName',
    'givenName',
    'familyName',
    'surname',
    'maskedName',
    'companyName',
    'idNumber',
    'idCardNumber',
    'documentNumber',
    'passportNumber',
    'mobile',
    'mobileNumber',
    'phone',
    'phoneNumber',
    'telephone',
    'contactMobile',
    'contactName',
    'contactPhone',
    'email',
    'emailAddress',
    'address',
    'homeAddress',
    'birthDate',
    'dateOfBirth',
    'dob',
    'legalRepresentative',
    'contacts',
    'accountNumber',
    'cardNumber',
    'bankCard',
    'cvv',
    'password',
    'pin',
    'otp',
    'smsCode',
    'secret',
    'token',
    'accessToken',
    'refreshToken',
    'idToken',
    'authorization',
    'cookie',
    'setCookie',
    'apiKey',
    'body',
    'rawBody',
  ].map(normaliseKey),
);

/**
 * Patterns replaced inside any string. Digit runs are bounded by non-digits so longer numbers
 * (account ids, timestamps) are not half-redacted into something misleading. Han text is
 * redacted because log messages in this code base are English: Han characters in a log line
 * are customer data (names, addresses), which no pattern could otherwise recognise.
 */
const SENSITIVE_PATTERNS: readonly RegExp[] = [
  /(?<!\d)\d{17}[\dXx](?![\dA-Za-z])/g,
  /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d{9}(?!\d)/g,
  /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu,
  /\p{Script=Han}+/gu,
];

/** Beyond this depth values are cut off rather than walked (and stack overflows are avoided). */
const MAX_DEPTH = 24;

/** How an Error becomes a plain object before it is redacted (Powertools' formatError). */
export type ErrorFormatter = (error: Error) => Record<string, unknown>;

const defaultErrorFormatter: ErrorFormatter = (error) => ({
  name: error.name,
  message: error.message,
  stack: error.stack,
  cause: error.cause,
});

function normaliseKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/** True when the key names personal information or a secret. */
export function isDeniedKey(key: string): boolean {
  return DENIED_KEYS.has(normaliseKey(key));
}

/**
 * Replaces ID numbers, mobiles, e-mail addresses and Han text inside a string.
 * @example redactString('no customer 13812345678') // 'no customer [REDACTED]'
 */
export function redactString(value: string): string {
  let result = value;
  for (const pattern of SENSITIVE_PATTERNS) {
    result = result.replace(pattern, REDACTED);
  }
  return result;
}

/**
 * Returns a copy of `value` safe to log: denied keys at any depth become '[REDACTED]', strings
 * are scrubbed with {@link redactString}, Errors are turned into plain objects first (their
 * `name` kept, message and stack scrubbed). Cycles and excessive depth are cut off.
 * @example redact({ customer: { email: 'a@b.cn', tier: 'high' } }) // { customer: { email: '[REDACTED]', tier: 'high' } }
 */
export function redact(value: unknown, formatError: ErrorFormatter = defaultErrorFormatter): unknown {
  return walk(value, 0, new WeakSet<object>(), formatError);
}

function walk(value: unknown, depth: number, seen: WeakSet<object>, formatError: ErrorFormatter): unknown {
  if (typeof value === 'string') return redactString(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[TRUNCATED]';
  if (seen.has(value)) return '[CIRCULAR]';
  seen.add(value);
  try {
    if (value instanceof Error) return walkError(value, depth, seen, formatError);
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, seen, formatError));
    const toJson: unknown = Reflect.get(value, 'toJSON');
    if (typeof toJson === 'function') {
      // Dates, Buffers and the like: log what JSON.stringify would have written, scrubbed.
      return walk(Reflect.apply(toJson, value, []), depth + 1, seen, formatError);
    }
    return walkEntries(Object.entries(value), depth, seen, formatError);
  } finally {
    seen.delete(value);
  }
}

function walkError(error: Error, depth: number, seen: WeakSet<object>, formatError: ErrorFormatter): unknown {
  const formatted: Record<string, unknown> = { ...formatError(error) };
  const { name } = formatted;
  // The cause is walked from the original so a nested Error is again treated as an Error.
  formatted.cause = error.cause;
  delete formatted.name;
  const redacted = walkEntries(Object.entries(formatted), depth, seen, formatError);
  // An error's `name` is its class ('ValidationError'), not a person's: keep it, scrubbed.
  return { name: typeof name === 'string' ? redactString(name) : name, ...redacted };
}

function walkEntries(
  entries: readonly [string, unknown][],
  depth: number,
  seen: WeakSet<object>,
  formatError: ErrorFormatter,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, entry] of entries) {
    // defineProperty, not assignment: a logged `__proto__` key must stay data, not a prototype.
    Object.defineProperty(result, redactString(key), {
      value: isDeniedKey(key) ? REDACTED : walk(entry, depth + 1, seen, formatError),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
