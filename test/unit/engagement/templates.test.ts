import { describe, expect, it } from 'vitest';
import {
  parameterProblems,
  placeholdersOf,
  renderTemplate,
  templateParameters,
} from '../../../functions/engagement/domain/templates.js';
import { templateWith } from './policy-fixtures.js';

const template = templateWith({
  templateId: 'complaint-decided',
  purpose: 'complaint-update',
  variants: {
    sms: { text: '{name}，您好：您的投诉 {reference} 已于 {decidedOn} 作出处理决定。' },
    email: { subject: '投诉 {reference} 处理结果', text: '{name}，您好：投诉 {reference} 已处理。' },
  },
  parameters: ['decidedOn', 'reference'],
});

describe('renderTemplate', () => {
  it('fills every named parameter and leaves {name} for delivery', () => {
    const rendered = renderTemplate(template.variants.sms ?? { text: '' }, {
      reference: 'cmp-01J0',
      decidedOn: '2026-03-02',
    });
    expect(rendered).toEqual({ text: '{name}，您好：您的投诉 cmp-01J0 已于 2026-03-02 作出处理决定。' });
  });

  it('fills the subject of an e-mail too, every occurrence', () => {
    const rendered = renderTemplate(template.variants.email ?? { text: '' }, { reference: 'cmp-9' });
    expect(rendered).toEqual({ subject: '投诉 cmp-9 处理结果', text: '{name}，您好：投诉 cmp-9 已处理。' });
  });

  it('never fills {name}, even when given, and leaves a missing parameter as it is', () => {
    expect(renderTemplate({ text: '{name} {reference} {link}' }, { name: 'Zhang', reference: 'r' })).toEqual({
      text: '{name} r {link}',
    });
  });

  it('does not treat a value as a template (no second pass)', () => {
    expect(renderTemplate({ text: '{a} {b}' }, { a: '{b}', b: 'x' }).text).toBe('{b} x');
  });

  it('does not take inherited object keys for parameters', () => {
    expect(renderTemplate({ text: '{constructor}' }, {}).text).toBe('{constructor}');
  });
});

describe('placeholdersOf and templateParameters', () => {
  it('lists the placeholders in order of first use', () => {
    expect(placeholdersOf('{b} {a} {b} {name} {Bad} {x-y}')).toEqual(['b', 'a', 'name']);
  });

  it("derives a template's parameters from every variant, without {name}", () => {
    expect(templateParameters(template.variants)).toEqual(['decidedOn', 'reference']);
  });
});

describe('parameterProblems', () => {
  it('refuses parameters that make a variant longer than a dispatched contact may be', () => {
    const long = templateWith({
      templateId: 'offer',
      purpose: 'marketing',
      variants: { sms: { text: '{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}' } },
      parameters: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'],
    });
    const values = (length: number) =>
      Object.fromEntries(
        ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((name) => [name, 'x'.repeat(length)]),
      );

    expect(parameterProblems(long, values(200))).toEqual([]);
    expect(parameterProblems(long, { ...values(200), a: 'x'.repeat(201) })).toEqual([
      {
        path: 'parameters',
        message:
          'make the sms text of template offer longer than a contact may be (2000 characters, subject 200)',
      },
    ]);
  });

  it('accepts exactly the parameters the template uses', () => {
    expect(parameterProblems(template, { reference: 'cmp-1', decidedOn: '2026-03-02' })).toEqual([]);
  });

  it('names a missing parameter', () => {
    expect(parameterProblems(template, { reference: 'cmp-1' })).toEqual([
      { path: 'parameters.decidedOn', message: 'is required by template complaint-decided' },
    ]);
    expect(parameterProblems(template, undefined).map((problem) => problem.path)).toEqual([
      'parameters.decidedOn',
      'parameters.reference',
    ]);
  });

  it('names an unknown parameter', () => {
    const problems = parameterProblems(template, { reference: 'cmp-1', decidedOn: 'x', branch: 'BJ001' });
    expect(problems).toEqual([
      { path: 'parameters.branch', message: 'is not a parameter of template complaint-decided' },
    ]);
  });

  it('refuses the reserved name', () => {
    const problems = parameterProblems(template, { reference: 'cmp-1', decidedOn: 'x', name: 'Zhang San' });
    expect(problems).toEqual([
      { path: 'parameters.name', message: 'is reserved: the name is filled in at delivery' },
    ]);
  });

  it.each([
    ['a PRC ID number', '110101199003071234'],
    ['a mobile', '138 0013 8000'],
    ['a card number', '6222 0212 3456 7890'],
    ['a passport number', 'E12345678'],
  ])('refuses a value that looks like %s, without echoing it', (_kind, value) => {
    const problems = parameterProblems(template, { reference: value, decidedOn: '2026-03-02' });
    expect(problems).toEqual([
      {
        path: 'parameters.reference',
        message: 'must not look like a personal identifier (ID, mobile or card number)',
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain(value);
  });
});
