import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiResponse,
  type CustomersHarness,
  callers,
  customersHarness,
  individual,
  prcId,
} from '../../support/customers-harness.js';

/**
 * Bad input, generated: every request below is wrong in one way (a wrong type, an unknown or
 * C3 field, `__proto__`, an oversized string, a wrong check character, an invalid mobile,
 * malformed JSON, a wrong content type, a bad header or path). Each must be answered with an
 * RFC 9457 4xx, never a 5xx, and must write nothing.
 */

const NUM_RUNS = 150;
const C3_FIELDS = ['password', 'pin', 'cvv', 'smsCode'] as const;
const PRC_CHECK_CHARS = [...'0123456789X'];
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** One bad request: a JSON body, or raw text, with optional headers and path segment. */
interface BadRequest {
  readonly body?: unknown;
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly pathSegment?: string;
}

type JsonKind = 'string' | 'number' | 'boolean' | 'array' | 'object';
interface FieldSpec {
  readonly kind: JsonKind;
  /** Longest accepted string. */
  readonly max?: number;
  /** null is a valid value (PATCH removes the field), so it is not a wrong type here. */
  readonly nullable?: boolean;
}

// ---- valid bases, each made wrong in exactly one way by the generators ----

/** The USCC check character (GB 32100-2015), computed here independently of the product. */
function usccCheck(first17: string): string {
  const sum = [...first17].reduce(
    (acc, char, i) => acc + USCC_ALPHABET.indexOf(char) * (USCC_WEIGHTS[i] ?? 0),
    0,
  );
  return USCC_ALPHABET.charAt((31 - (sum % 31)) % 31);
}

const BASE_INDIVIDUAL = individual();
const BASE_CORPORATE = {
  type: 'corporate',
  name: '北京示例科技有限公司',
  uscc: `91350100M000100Y4${usccCheck('91350100M000100Y4')}`,
  legalRepresentative: { name: '欧阳娜娜', idType: 'prc-id', idNumber: prcId('1990-01-01', 123) },
  contactMobile: '13900139000',
  branch: 'BJ01',
  rmId: 'rm-1',
};
const BASE_PATCH = { occupation: 'teacher' };
const BASE_SEARCH = { mobile: '13800135678' };
const BASE_CONSENT = { granted: true, channels: ['sms'] };
const BASE_ERASURE = { basis: 'customer-request' };

const INDIVIDUAL_FIELDS: Record<string, FieldSpec> = {
  type: { kind: 'string' },
  name: { kind: 'string', max: 100 },
  idType: { kind: 'string' },
  idNumber: { kind: 'string', max: 40 },
  mobile: { kind: 'string', max: 20 },
  email: { kind: 'string', max: 254 },
  address: { kind: 'string', max: 200 },
  birthDate: { kind: 'string' },
  occupation: { kind: 'string', max: 100 },
  riskTolerance: { kind: 'string' },
  riskAssessedAt: { kind: 'string' },
  investmentObjective: { kind: 'string' },
  horizonDays: { kind: 'number' },
  intendedAmount: { kind: 'object' },
  branch: { kind: 'string', max: 32 },
  rmId: { kind: 'string', max: 32 },
};
const CORPORATE_FIELDS: Record<string, FieldSpec> = {
  name: { kind: 'string', max: 200 },
  uscc: { kind: 'string', max: 18 },
  legalRepresentative: { kind: 'object' },
  contactMobile: { kind: 'string', max: 20 },
};
const PATCH_FIELDS: Record<string, FieldSpec> = {
  name: { kind: 'string', max: 200 },
  idType: { kind: 'string' },
  idNumber: { kind: 'string', max: 40 },
  mobile: { kind: 'string', max: 20 },
  email: { kind: 'string', max: 254, nullable: true },
  address: { kind: 'string', max: 200, nullable: true },
  birthDate: { kind: 'string', nullable: true },
  occupation: { kind: 'string', max: 100, nullable: true },
  riskTolerance: { kind: 'string' },
  riskAssessedAt: { kind: 'string' },
  investmentObjective: { kind: 'string' },
  horizonDays: { kind: 'number' },
  intendedAmount: { kind: 'object' },
  legalRepresentative: { kind: 'object' },
  contactMobile: { kind: 'string', max: 20 },
  rmId: { kind: 'string', max: 32 },
  relationship: { kind: 'string' },
  evidenceRef: { kind: 'string', max: 128 },
};
const SEARCH_FIELDS: Record<string, FieldSpec> = { mobile: { kind: 'string', max: 20 } };
const CONSENT_FIELDS: Record<string, FieldSpec> = {
  granted: { kind: 'boolean' },
  channels: { kind: 'array' },
  evidenceRef: { kind: 'string', max: 128 },
};
const ERASURE_FIELDS: Record<string, FieldSpec> = {
  basis: { kind: 'string' },
  evidenceRef: { kind: 'string', max: 128 },
};

// ---- generators ----

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

const jsonValue = fc.jsonValue({ maxDepth: 2 });

/** A value of any JSON type but the field's (and not null where null is meaningful). */
function wrongType(spec: FieldSpec): fc.Arbitrary<unknown> {
  return jsonValue.filter(
    (value) => kindOf(value) !== spec.kind && !(spec.nullable === true && value === null),
  );
}

/** The base body with one field replaced by a value of the wrong type. */
function wrongTypes(base: object, fields: Record<string, FieldSpec>): fc.Arbitrary<BadRequest> {
  return fc
    .constantFrom(...Object.entries(fields))
    .chain(([field, spec]) => wrongType(spec).map((value) => ({ body: { ...base, [field]: value } })));
}

/** The base body plus one field the schema does not know: C3 secrets, prototype keys, anything else. */
function unknownFields(base: object, known: readonly string[]): fc.Arbitrary<BadRequest> {
  const key = fc.oneof(
    fc.constantFrom(
      ...C3_FIELDS,
      'constructor',
      'prototype',
      'isAdmin',
      'customerId',
      'version',
      'createdAt',
    ),
    fc.string({ minLength: 1, maxLength: 16 }).filter((name) => !known.includes(name)),
  );
  return fc.tuple(key, jsonValue).map(([name, value]) => ({ body: { ...base, [name]: value } }));
}

/** `__proto__` as JSON.parse sees it (an own key), at the top or one level down. */
function protoKey(base: object): fc.Arbitrary<BadRequest> {
  return fc.tuple(jsonValue, fc.boolean()).map(([value, nested]) => {
    const rest = JSON.stringify(base).slice(1);
    const proto = `{"__proto__":${JSON.stringify(value)}}`;
    return {
      rawBody: nested ? `{"extra":${proto},${rest}` : `{"__proto__":${JSON.stringify(value)},${rest}`,
    };
  });
}

/** The base body plus a deeply nested unknown value (a parser's recursion is not the server's problem). */
function deepNesting(base: object): fc.Arbitrary<BadRequest> {
  return fc.tuple(fc.integer({ min: 1_000, max: 20_000 }), fc.boolean()).map(([depth, arrays]) => {
    const [open, close] = arrays ? ['[', ']'] : ['{"a":', '}'];
    const deep = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return { rawBody: `{"nested":${deep},${JSON.stringify(base).slice(1)}` };
  });
}

/** One string field longer than its limit, or a whole body over the 64 KiB limit. */
function oversized(base: object, fields: Record<string, FieldSpec>): fc.Arbitrary<BadRequest> {
  const bounded = Object.entries(fields).filter(([, spec]) => spec.max !== undefined);
  const field = fc
    .tuple(fc.constantFrom(...bounded), fc.nat({ max: 64 }), fc.constantFrom('a', '张', '1', ' '))
    .map(([[name, spec], extra, char]) => {
      const length = (spec.max ?? 0) + 1 + extra;
      const value = name === 'email' ? `${'a'.repeat(length)}@example.com` : char.repeat(length);
      return { body: { ...base, [name]: value } };
    });
  const huge = fc
    .nat({ max: 8_000 })
    .map((extra) => ({ body: { ...base, note: 'x'.repeat(65 * 1024 + extra) } }));
  return fc.oneof({ arbitrary: field, weight: 5 }, { arbitrary: huge, weight: 1 });
}

/** A JSON body that is not an object at all. */
const notAnObject: fc.Arbitrary<BadRequest> = jsonValue
  .filter((value) => kindOf(value) !== 'object')
  .map((body) => ({ rawBody: JSON.stringify(body) }));

function parsesToObject(text: string): boolean {
  try {
    return kindOf(JSON.parse(text)) === 'object';
  } catch {
    return false;
  }
}

/** Text that is not JSON (or is JSON but no object): truncations, JavaScript-isms, noise. */
function malformedJson(base: object): fc.Arbitrary<BadRequest> {
  const text = JSON.stringify(base);
  return fc
    .oneof(
      fc.integer({ min: 1, max: text.length - 1 }).map((end) => text.slice(0, end)),
      fc.constantFrom(
        "{'type':'individual'}",
        '{"a":1,}',
        '{"a":01}',
        '{a:1}',
        'NaN',
        'undefined',
        `${text}}`,
        `${text}${text}`,
        ' ',
        '[',
      ),
      fc.string({ minLength: 1, maxLength: 40 }),
    )
    .filter((raw) => !parsesToObject(raw))
    .map((rawBody) => ({ rawBody }));
}

/** The valid base body under a media type other than JSON (or JSON in another charset). */
function wrongContentType(base: object): fc.Arbitrary<BadRequest> {
  return fc
    .constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/xml',
      'text/json',
      'application/jsonx',
      'application/json; charset=iso-8859-1',
      'application/json; charset=utf-16',
      '',
    )
    .map((type) => ({ body: base, headers: { 'content-type': type } }));
}

/** A valid PRC ID with its check character replaced by a wrong one (`x` included). */
const wrongPrcId: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({
      min: new Date('1930-01-01T00:00:00Z'),
      max: new Date('2005-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    fc.nat({ max: 999 }),
    fc.constantFrom(...PRC_CHECK_CHARS, 'x'),
  )
  .map(([birth, sequence, char]) => ({ valid: prcId(birth.toISOString().slice(0, 10), sequence), char }))
  .filter(({ valid, char }) => valid.slice(-1) !== char.toUpperCase())
  .map(({ valid, char }) => valid.slice(0, -1) + char);

/** A USCC over random code characters with a wrong check character. */
const wrongUscc: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom(...USCC_ALPHABET), { minLength: 17, maxLength: 17 }),
    fc.constantFrom(...USCC_ALPHABET),
  )
  .map(([chars, char]) => ({ first17: chars.join(''), char }))
  .filter(({ first17, char }) => usccCheck(first17) !== char)
  .map(({ first17, char }) => first17 + char);

/** Not a mainland mobile, even after stripping +86 and separators. */
const invalidMobile: fc.Arbitrary<string> = fc.oneof(
  fc.stringMatching(/^1[0-2]\d{9}$/),
  fc.stringMatching(/^1[3-9]\d{8}$/),
  fc.stringMatching(/^1[3-9]\d{10}$/),
  fc.stringMatching(/^[02-9]\d{10}$/),
  fc.stringMatching(/^\+86\d{10}$/),
  fc.stringMatching(/^\+85[2-3]\d{8}$/),
  fc.stringMatching(/^1[3-9]\d{3}[a-zA-Z]\d{5}$/),
);

// ---- the harness ----

let harness: CustomersHarness;
let target: { customerId: string; version: number };
/** The registration of `target`, to try registering its identity document twice. */
let targetBody: Record<string, unknown>;

async function send(method: string, pathFor: (segment?: string) => string, request: BadRequest) {
  return harness.call(callers.rm, method, pathFor(request.pathSegment), {
    ...(request.rawBody === undefined ? { body: request.body } : { rawBody: request.rawBody }),
    ...(request.headers === undefined ? {} : { headers: request.headers }),
  });
}

function expectProblem(response: ApiResponse): void {
  const { status } = response;
  expect(status, JSON.stringify(response.json)).toBeGreaterThanOrEqual(400);
  expect(status, JSON.stringify(response.json)).toBeLessThan(500);
  expect(response.headers['content-type']).toBe('application/problem+json');
  expect(typeof response.json.type).toBe('string');
  expect(response.json.status).toBe(status);
  expect(typeof response.json.detail).toBe('string');
  expect(String(response.json.detail).length).toBeGreaterThan(0);
}

/** Every stored item, in a stable order, to prove that nothing was written. */
async function snapshot(): Promise<string[]> {
  return (await harness.rawItems()).map((item) => JSON.stringify(item)).sort();
}

/** Runs the property, then checks that both tables and the target customer are untouched. */
async function expectRefusedAndNothingWritten(
  method: string,
  pathFor: (segment?: string) => string,
  requests: fc.Arbitrary<BadRequest>,
): Promise<void> {
  const before = await snapshot();
  await fc.assert(
    fc.asyncProperty(requests, async (request) => {
      expectProblem(await send(method, pathFor, request));
    }),
    { numRuns: NUM_RUNS },
  );
  const after = await snapshot();
  expect(after.length).toBe(before.length);
  expect(after).toEqual(before);
  const current = await harness.call(callers.rm, 'GET', `/v1/customers/${target.customerId}`);
  expect(current.json.version).toBe(target.version);
}

const customersPath = () => '/v1/customers';
const searchPath = () => '/v1/customers/search';
const recordPath = (segment?: string) => `/v1/customers/${segment ?? target.customerId}`;
const consentPath = (segment?: string) =>
  `/v1/customers/${target.customerId}/consents/${encodeURIComponent(segment ?? 'marketing')}`;
const erasurePath = () => `/v1/customers/${target.customerId}/erasure-requests`;

const ifMatch = (headers: Record<string, string> = {}) => ({ 'if-match': `"${target.version}"`, ...headers });
/** PATCH and consent requests carry the right If-Match unless the case is about If-Match itself. */
const patching = (requests: fc.Arbitrary<BadRequest>) =>
  requests.map((request) => ({ ...request, headers: ifMatch(request.headers) }));

beforeAll(async () => {
  harness = await customersHarness();
  targetBody = individual();
  const created = await harness.call(callers.rm, 'POST', '/v1/customers', { body: targetBody });
  expect(created.status).toBe(201);
  target = { customerId: String(created.json.customerId), version: Number(created.json.version) };
});

afterAll(() => harness?.close());

describe('POST /v1/customers', () => {
  it('refuses wrong types, unknown and C3 fields, oversized strings and non-objects', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      customersPath,
      fc.oneof(
        wrongTypes(BASE_INDIVIDUAL, INDIVIDUAL_FIELDS),
        wrongTypes(BASE_CORPORATE, CORPORATE_FIELDS),
        unknownFields(BASE_INDIVIDUAL, Object.keys(INDIVIDUAL_FIELDS)),
        unknownFields(BASE_CORPORATE, Object.keys(BASE_CORPORATE)),
        oversized(BASE_INDIVIDUAL, INDIVIDUAL_FIELDS),
        oversized(BASE_CORPORATE, CORPORATE_FIELDS),
        notAnObject,
      ),
    );
  });

  it('refuses __proto__, deep nesting, malformed JSON, non-JSON types, bad Idempotency-Keys, a duplicate', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      customersPath,
      fc.oneof(
        protoKey(BASE_INDIVIDUAL),
        deepNesting(BASE_INDIVIDUAL),
        malformedJson(BASE_INDIVIDUAL),
        wrongContentType(BASE_INDIVIDUAL),
        // A valid body with a malformed Idempotency-Key.
        fc
          .string({ maxLength: 80 })
          .filter((key) => !/^[A-Za-z0-9_-]{8,64}$/.test(key))
          .map((key) => ({ body: BASE_INDIVIDUAL, headers: { 'idempotency-key': key } })),
        // The target's identity document again: a conflict, and the transaction writes nothing.
        fc.constant(null).map(() => ({ body: { ...targetBody, mobile: '13700001111' } })),
      ),
    );
  });

  it('refuses wrong PRC ID and USCC check characters and invalid mobiles', async () => {
    const { birthDate: _birthDate, ...withoutBirthDate } = BASE_INDIVIDUAL;
    await expectRefusedAndNothingWritten(
      'POST',
      customersPath,
      fc.oneof(
        wrongPrcId.map((idNumber) => ({ body: { ...withoutBirthDate, idNumber } })),
        wrongPrcId.map((idNumber) => ({
          body: {
            ...BASE_CORPORATE,
            legalRepresentative: { ...BASE_CORPORATE.legalRepresentative, idNumber },
          },
        })),
        wrongUscc.map((uscc) => ({ body: { ...BASE_CORPORATE, uscc } })),
        invalidMobile.map((mobile) => ({ body: { ...BASE_INDIVIDUAL, mobile } })),
        invalidMobile.map((contactMobile) => ({ body: { ...BASE_CORPORATE, contactMobile } })),
      ),
    );
  });
});

describe('PATCH /v1/customers/{customerId}', () => {
  it('refuses wrong types, unknown and C3 fields, oversized strings and non-objects', async () => {
    await expectRefusedAndNothingWritten(
      'PATCH',
      recordPath,
      patching(
        fc.oneof(
          wrongTypes(BASE_PATCH, PATCH_FIELDS),
          unknownFields(BASE_PATCH, Object.keys(PATCH_FIELDS)),
          oversized(BASE_PATCH, PATCH_FIELDS),
          notAnObject,
          fc.constant({ body: {} }),
          fc.constant({ body: { evidenceRef: 'doc:1' } }),
        ),
      ),
    );
  });

  it('refuses __proto__, deep nesting, malformed JSON and non-JSON content types', async () => {
    await expectRefusedAndNothingWritten(
      'PATCH',
      recordPath,
      patching(
        fc.oneof(
          protoKey(BASE_PATCH),
          deepNesting(BASE_PATCH),
          malformedJson(BASE_PATCH),
          wrongContentType(BASE_PATCH),
        ),
      ),
    );
  });

  it('refuses wrong check characters, invalid mobiles and changes the rules forbid', async () => {
    await expectRefusedAndNothingWritten(
      'PATCH',
      recordPath,
      patching(
        fc.oneof(
          wrongPrcId.map((idNumber) => ({ body: { idType: 'prc-id', idNumber, evidenceRef: 'doc:1' } })),
          invalidMobile.map((mobile) => ({ body: { mobile } })),
          // Rules checked by the domain on the stored customer (an individual).
          fc.constant({ body: { name: '张三' } }),
          fc.constant({ body: { contactMobile: '13900139000' } }),
          fc.constant({ body: { idType: 'prc-id', idNumber: prcId('1990-01-01', 7) } }),
          fc.constant({
            body: {
              idType: 'prc-id',
              idNumber: prcId('1990-01-01', 7),
              birthDate: '1991-01-01',
              evidenceRef: 'd:1',
            },
          }),
          fc.constant({ body: { rmId: 'rm-2' } }),
        ),
      ),
    );
  });

  it('refuses a missing, malformed or stale If-Match and an invalid or unknown id', async () => {
    const etagLike = /^(?:W\/)?"\d{1,15}"$/;
    await expectRefusedAndNothingWritten(
      'PATCH',
      recordPath,
      fc.oneof(
        fc.constant({ body: BASE_PATCH }),
        fc
          .string({ maxLength: 20 })
          .filter((value) => !etagLike.test(value.trim()))
          .map((value) => ({ body: BASE_PATCH, headers: { 'if-match': value } })),
        fc
          .integer({ min: 0, max: 10 ** 12 })
          .filter((version) => version !== target.version)
          .map((version) => ({ body: BASE_PATCH, headers: { 'if-match': `"${version}"` } })),
        fc
          .string({ minLength: 1, maxLength: 80 })
          .filter((id) => id !== target.customerId && id !== '.' && id !== '..')
          .map((id) => ({ body: BASE_PATCH, headers: ifMatch(), pathSegment: encodeURIComponent(id) })),
      ),
    );
  });
});

describe('POST /v1/customers/search', () => {
  it('refuses wrong types, unknown fields, both or neither key, oversized values and bad mobiles', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      searchPath,
      fc.oneof(
        wrongTypes(BASE_SEARCH, SEARCH_FIELDS),
        wrongTypes(
          { idNumber: prcId('1985-03-12', 1) },
          { idNumber: { kind: 'string' }, idType: { kind: 'string' } },
        ),
        unknownFields(BASE_SEARCH, ['mobile', 'idNumber', 'idType']),
        oversized(BASE_SEARCH, SEARCH_FIELDS),
        oversized({ idNumber: '1' }, { idNumber: { kind: 'string', max: 40 } }),
        invalidMobile.map((mobile) => ({ body: { mobile } })),
        fc.constant({ body: {} }),
        fc.constant({ body: { mobile: '13800135678', idNumber: prcId('1985-03-12', 1) } }),
        fc.constant({ body: { idNumber: prcId('1985-03-12', 1), idType: 'driving-licence' } }),
        notAnObject,
      ),
    );
  });

  it('refuses __proto__, deep nesting, malformed JSON and non-JSON content types', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      searchPath,
      fc.oneof(
        protoKey(BASE_SEARCH),
        deepNesting(BASE_SEARCH),
        malformedJson(BASE_SEARCH),
        wrongContentType(BASE_SEARCH),
      ),
    );
  });

  // A number that cannot exist is bad input (422), not a search that finds nobody (200).
  it('refuses PRC ID numbers with a wrong check character', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      searchPath,
      wrongPrcId.map((idNumber) => ({ body: { idNumber, idType: 'prc-id' } })),
    );
  });

  it('refuses unified social credit codes with a wrong check character', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      searchPath,
      wrongUscc.map((idNumber) => ({ body: { idNumber, idType: 'uscc' } })),
    );
  });
});

describe('PUT /v1/customers/{customerId}/consents/{purpose}', () => {
  it('refuses wrong types, unknown channels and fields, oversized references and bad purposes', async () => {
    const purposes = ['marketing', 'product-recommendation', 'third-party-sharing', 'analytics'];
    await expectRefusedAndNothingWritten(
      'PUT',
      consentPath,
      patching(
        fc.oneof(
          wrongTypes(BASE_CONSENT, CONSENT_FIELDS),
          unknownFields(BASE_CONSENT, Object.keys(CONSENT_FIELDS)),
          oversized(BASE_CONSENT, CONSENT_FIELDS),
          notAnObject,
          fc.constant({ body: { channels: ['sms'] } }),
          fc
            .array(fc.string({ maxLength: 10 }), { minLength: 1, maxLength: 3 })
            .filter((channels) => channels.some((c) => !['sms', 'email', 'app-push', 'phone'].includes(c)))
            .map((channels) => ({ body: { granted: true, channels } })),
          fc.constant({ body: { granted: true, channels: ['sms', 'email', 'app-push', 'phone', 'sms'] } }),
          // A channel named twice (within the four allowed) is refused, not collapsed.
          fc
            .subarray(['sms', 'email', 'app-push', 'phone'], { minLength: 1, maxLength: 3 })
            .chain((channels) =>
              fc
                .constantFrom(...channels)
                .map((again) => ({ body: { granted: true, channels: [...channels, again] } })),
            ),
          fc
            .string({ minLength: 1, maxLength: 30 })
            .filter((purpose) => !purposes.includes(purpose) && purpose !== '.' && purpose !== '..')
            .map((purpose) => ({ body: BASE_CONSENT, pathSegment: purpose })),
        ),
      ),
    );
  });

  it('refuses __proto__, deep nesting, malformed JSON and non-JSON content types', async () => {
    await expectRefusedAndNothingWritten(
      'PUT',
      consentPath,
      patching(
        fc.oneof(
          protoKey(BASE_CONSENT),
          deepNesting(BASE_CONSENT),
          malformedJson(BASE_CONSENT),
          wrongContentType(BASE_CONSENT),
        ),
      ),
    );
  });

  it('refuses a missing, malformed, stale or weak If-Match, as PATCH does', async () => {
    const etagLike = /^(?:W\/)?"\d{1,15}"$/;
    await expectRefusedAndNothingWritten(
      'PUT',
      consentPath,
      fc.oneof(
        fc.constant({ body: BASE_CONSENT }),
        fc
          .string({ maxLength: 20 })
          .filter((value) => !etagLike.test(value.trim()))
          .map((value) => ({ body: BASE_CONSENT, headers: { 'if-match': value } })),
        fc
          .integer({ min: 0, max: 10 ** 12 })
          .filter((version) => version !== target.version)
          .map((version) => ({ body: BASE_CONSENT, headers: { 'if-match': `"${version}"` } })),
        fc
          .integer({ min: 0, max: 10 ** 12 })
          .map((version) => ({ body: BASE_CONSENT, headers: { 'if-match': `W/"${version}"` } })),
      ),
    );
  });
});

describe('POST /v1/customers/{customerId}/erasure-requests', () => {
  it('refuses wrong types, unknown bases and fields, oversized references and non-objects', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      erasurePath,
      fc.oneof(
        wrongTypes(BASE_ERASURE, ERASURE_FIELDS),
        unknownFields(BASE_ERASURE, Object.keys(ERASURE_FIELDS)),
        oversized(BASE_ERASURE, ERASURE_FIELDS),
        notAnObject,
        fc
          .string({ maxLength: 30 })
          .filter(
            (basis) =>
              !['customer-request', 'consent-withdrawn', 'purpose-fulfilled', 'other'].includes(basis),
          )
          .map((basis) => ({ body: { basis } })),
      ),
    );
  });

  it('refuses __proto__, deep nesting, malformed JSON and non-JSON content types', async () => {
    await expectRefusedAndNothingWritten(
      'POST',
      erasurePath,
      fc.oneof(
        protoKey(BASE_ERASURE),
        deepNesting(BASE_ERASURE),
        malformedJson(BASE_ERASURE),
        wrongContentType(BASE_ERASURE),
      ),
    );
  });
});

/**
 * Controls, run last on the same target: each valid base is accepted through the same paths and
 * headers, so every refusal above came from the one thing the generator broke.
 */
describe('the valid bases (control)', () => {
  it('are accepted', async () => {
    const statuses = {
      individual: (await send('POST', customersPath, { body: individual() })).status,
      corporate: (await send('POST', customersPath, { body: BASE_CORPORATE })).status,
      search: (await send('POST', searchPath, { body: BASE_SEARCH })).status,
      patch: (await send('PATCH', recordPath, { body: BASE_PATCH, headers: ifMatch() })).status,
      // Based on the version the PATCH just made.
      consent: (
        await send('PUT', consentPath, {
          body: BASE_CONSENT,
          headers: { 'if-match': `"${target.version + 1}"` },
        })
      ).status,
      erasure: (await send('POST', erasurePath, { body: BASE_ERASURE })).status,
    };

    expect(statuses).toEqual({
      individual: 201,
      corporate: 201,
      search: 200,
      patch: 200,
      consent: 200,
      erasure: 202,
    });
  });
});
