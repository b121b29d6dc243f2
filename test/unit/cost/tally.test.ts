import { describe, expect, it } from 'vitest';
import { difference, linearFit, scaled, sum, Tally } from '../../../bench/cost/tally.js';

describe('the tally of counted quantities', () => {
  it("gives a phase's quantities as the difference of two snapshots", () => {
    // Prepare
    const tally = new Tally();
    tally.add('lambda.requests|ActivityConsumer', 2);
    const before = tally.snapshot();

    // Act
    tally.add('lambda.requests|ActivityConsumer', 3);
    tally.add('kms.requests|keys', 1);
    tally.set('stepfunctions.stateTransitions|ComplaintHandling', 4);

    // Assess
    expect(difference(tally.snapshot(), before)).toEqual({
      'lambda.requests|ActivityConsumer': 3,
      'kms.requests|keys': 1,
      'stepfunctions.stateTransitions|ComplaintHandling': 4,
    });
  });

  it('adds and scales quantities key by key', () => {
    expect(sum({ 'kms.requests|a': 1 }, { 'kms.requests|a': 2, 'kms.requests|b': 5 })).toEqual({
      'kms.requests|a': 3,
      'kms.requests|b': 5,
    });
    expect(scaled({ 'kms.requests|a': 4 }, 0.25)).toEqual({ 'kms.requests|a': 1 });
  });

  it("splits a periodic job's quantities into what each customer adds and what a run costs anyway", () => {
    // Prepare: one invocation whatever the book; 2 write units per customer plus 3 per run.
    const small = {
      customers: 5,
      quantities: { 'lambda.requests|Job': 1, 'dynamodb.writeRequestUnits|T': 13 },
    };
    const large = {
      customers: 15,
      quantities: { 'lambda.requests|Job': 1, 'dynamodb.writeRequestUnits|T': 33 },
    };

    // Act
    const fit = linearFit(small, large);

    // Assess
    expect(fit.perCustomer).toEqual({ 'dynamodb.writeRequestUnits|T': 2 });
    expect(fit.fixed).toEqual({ 'lambda.requests|Job': 1, 'dynamodb.writeRequestUnits|T': 3 });
  });

  it('never makes a negative slope or a negative fixed part of noise', () => {
    // Act
    const fit = linearFit(
      { customers: 2, quantities: { 'lambda.armGbSeconds|Job': 0.9 } },
      { customers: 4, quantities: { 'lambda.armGbSeconds|Job': 0.5 } },
    );

    // Assess
    expect(fit.perCustomer).toEqual({});
    expect(fit.fixed).toEqual({ 'lambda.armGbSeconds|Job': 0.5 });
    expect(() => linearFit({ customers: 4, quantities: {} }, { customers: 4, quantities: {} })).toThrow(
      RangeError,
    );
  });
});
