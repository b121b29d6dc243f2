import type { Statement } from './support.js';

/**
 * A request as IAM sees it, with ARNs and context values written as the template writes them
 * (`{ 'Fn::GetAtt': [...] }`, `{ Ref: ... }`), so a request names exactly what a policy names.
 */
export interface SimulatedRequest {
  readonly action: string;
  readonly resource: unknown;
  /** Condition keys present in the request (absent keys are simply not listed). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** For key policies: the calling principal as the template writes it (an account principal). */
  readonly principal?: unknown;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

function glob(pattern: string, value: string): boolean {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`).test(value);
}

function like(pattern: unknown, value: unknown): boolean {
  return typeof pattern === 'string' && typeof value === 'string'
    ? glob(pattern, value)
    : same(pattern, value);
}

/**
 * Evaluates one condition operator the way IAM does for the operators the stack uses. An
 * operator it does not know fails the test rather than being skipped.
 */
function holds(
  operator: string,
  key: string,
  expected: unknown,
  context: Readonly<Record<string, unknown>>,
): boolean {
  const present = Object.hasOwn(context, key);
  const actual = context[key];
  const values = list(expected);
  switch (operator) {
    case 'StringEquals':
    case 'ArnEquals':
      return present && values.some((value) => same(value, actual));
    case 'StringLike':
    case 'ArnLike':
      return present && values.some((value) => like(value, actual));
    case 'Bool':
      return present && values.some((value) => String(value) === String(actual));
    case 'Null':
      return values.some((value) => (String(value) === 'true' ? !present : present));
    case 'ForAllValues:StringEquals':
      // IAM: true when the key is absent, and when every value given is one of the allowed.
      return !present || list(actual).every((item) => values.some((value) => same(value, item)));
    case 'ForAllValues:StringNotEquals':
      // IAM: true when the key is absent, and when no value given is one of those listed.
      return !present || list(actual).every((item) => !values.some((value) => same(value, item)));
    default:
      throw new Error(`The simulator does not know the condition operator ${operator}`);
  }
}

function matches(statement: Statement, request: SimulatedRequest): boolean {
  const actionMatches = list(statement.Action).some(
    (action) => typeof action === 'string' && glob(action, request.action),
  );
  if (!actionMatches) return false;
  const resourceMatches = list(statement.Resource ?? '*').some(
    (resource) => resource === '*' || like(resource, request.resource),
  );
  if (!resourceMatches) return false;
  if (statement.Principal !== undefined && request.principal !== undefined) {
    // A statement naming the account root applies to every principal of the account whose IAM
    // policy allows the request: assumed here, the worst case (a role with `kms:*` in IAM).
    const principals = list((statement.Principal as { AWS?: unknown }).AWS);
    const named = principals.some(
      (principal) => same(principal, request.principal) || same(principal, ACCOUNT_ROOT),
    );
    if (!named) return false;
  }
  const context = request.context ?? {};
  return Object.entries(statement.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, expected]) => holds(operator, key, expected, context)),
  );
}

/** IAM's verdict: some Allow statement matches and no Deny statement does. */
export function allows(statements: readonly Statement[], request: SimulatedRequest): boolean {
  const matching = statements.filter((statement) => matches(statement, request));
  return (
    matching.some((statement) => statement.Effect === 'Allow') && !matching.some((s) => s.Effect === 'Deny')
  );
}

/** `kms:ViaService` as the stack writes it: `<service>.<region>.amazonaws.com`. */
export function viaService(service: string): unknown {
  return { 'Fn::Join': ['', [`${service}.`, { Ref: 'AWS::Region' }, '.amazonaws.com']] };
}

/** The account root principal as the template writes it. */
export const ACCOUNT_ROOT = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']],
};
