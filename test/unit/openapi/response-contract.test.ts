import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { capabilities } from '../../../functions/capabilities.js';
import { problemDocumentExample, validationProblemExample } from '../../../shared/http/problem-schema.js';
import { ContractViolation, responseContractCheck } from '../../support/api/response-contract.js';
import type { paths } from '../../support/api/schema.js';

const routes = capabilities.flatMap((capability) => capability.api?.routes ?? []);
const customerId = 'cus_01KJP4C580F6T0QN8DTSSA53J3';

interface Answer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A typed client with the contract check whose API always gives `answer`. */
function clientAnswering(answer: Answer) {
  const client = createClient<paths>({
    baseUrl: 'http://api.test',
    fetch: async () =>
      new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: {
          'content-type': answer.status < 300 ? 'application/json' : 'application/problem+json',
          ...answer.headers,
        },
      }),
  });
  client.use(responseContractCheck(routes));
  return client;
}

const health = (answer: Answer) => clientAnswering(answer).GET('/v1/health');
const readCustomer = (answer: Answer) =>
  clientAnswering(answer).GET('/v1/customers/{customerId}', { params: { path: { customerId } } });

describe('the e2e client’s check of answers against their route contracts', () => {
  it('lets through what the contract describes', async () => {
    const healthy = await health({ status: 200, body: { status: 'ok' } });
    const missing = await readCustomer({ status: 404, body: problemDocumentExample });
    const byTheGateway = await readCustomer({
      status: 401,
      body: { message: 'Unauthorized' },
      headers: { 'content-type': 'application/json' },
    });

    expect(healthy.data).toEqual({ status: 'ok' });
    expect(missing.error).toEqual(problemDocumentExample);
    expect(byTheGateway.error).toEqual({ message: 'Unauthorized' });
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'a field the schema does not declare',
      () => health({ status: 200, body: { status: 'ok', up: 1 } }),
      'up',
    ],
    ['a success status it does not declare', () => health({ status: 201, body: { status: 'ok' } }), '201'],
    [
      'a documented header it does not declare for the status',
      () => health({ status: 200, body: { status: 'ok' }, headers: { etag: '"1"' } }),
      'etag',
    ],
    [
      'a problem status the operation does not document',
      () => health({ status: 404, body: problemDocumentExample }),
      '404',
    ],
    [
      'a problem that is not application/problem+json',
      () =>
        readCustomer({
          status: 404,
          body: problemDocumentExample,
          headers: { 'content-type': 'application/json' },
        }),
      'application/problem+json',
    ],
    [
      'a problem body that is not a problem document',
      () => readCustomer({ status: 404, body: { ...problemDocumentExample, stack: 'at …' } }),
      'stack',
    ],
    [
      'a 422 without errors',
      () => readCustomer({ status: 422, body: { ...validationProblemExample, errors: undefined } }),
      'errors',
    ],
    [
      'a problem whose status is not the response’s',
      () => readCustomer({ status: 409, body: { ...problemDocumentExample, code: 'conflict' } }),
      'status is 404',
    ],
  ])('refuses %s', async (_what, call, mentioned) => {
    const refusal = call();

    await expect(refusal).rejects.toBeInstanceOf(ContractViolation);
    await expect(refusal).rejects.toThrow(mentioned);
  });
});
