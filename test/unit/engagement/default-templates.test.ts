import { describe, expect, it } from 'vitest';
import { builtInTemplate, builtInTemplates } from '../../../functions/engagement/domain/default-templates.js';
import { templateBodySchema } from '../../../functions/engagement/domain/template-schemas.js';
import { parameterProblems, renderTemplate } from '../../../functions/engagement/domain/templates.js';
import { DELIVERY_CHANNELS } from '../../../functions/engagement/events.js';
import * as z from '../../../shared/zod.js';

describe('the built-in templates', () => {
  it.each(builtInTemplates().map((template) => [template.templateId, template] as const))(
    '%s passes the rules an admin save is held to, on every channel',
    (_id, template) => {
      const body = { purpose: template.purpose, locale: template.locale, variants: template.variants };
      expect(z.safeParse(templateBodySchema, body).success).toBe(true);
      expect(Object.keys(template.variants).sort()).toEqual([...DELIVERY_CHANNELS].sort());
    },
  );

  it('give the parameters their callers send: reference for complaint updates and notices, link for surveys, productName for a recommendation, none for a retention contact', () => {
    const parameters = Object.fromEntries(
      builtInTemplates().map((template) => [template.templateId, template.parameters]),
    );
    expect(parameters).toEqual({
      'complaint-acknowledged': ['reference'],
      'complaint-decided': ['reference'],
      'survey-complaint': ['link'],
      'survey-relationship': ['link'],
      'care-holiday': [],
      'service-notice': ['reference'],
      'product-recommendation': ['productName'],
      'retention-care': [],
      'retention-offer': [],
    });
  });

  it('give a retention case a care contact and an offer under their purposes, naming no product', () => {
    const care = builtInTemplate('retention-care');
    const offer = builtInTemplate('retention-offer');
    expect([care?.purpose, offer?.purpose]).toEqual(['care', 'marketing']);
    // The offer's product is the RM's to present: neither text names one, nor a rate or figure.
    const texts = [care, offer].flatMap((template) =>
      Object.values(template?.variants ?? {}).map(
        (variant) => `${variant?.subject ?? ''}${variant?.text ?? ''}`,
      ),
    );
    expect(texts).toHaveLength(6);
    for (const text of texts) expect(text).not.toMatch(/[0-9%“”]|理财|基金|存款|利率|收益/);
  });

  it('render a survey invitation with its link, the name left for delivery', () => {
    const template = builtInTemplate('survey-complaint');
    if (template === undefined) throw new Error('survey-complaint is built in');
    const link = 'http://localhost:3000/v1/public/surveys/c3Vy.MTc3.bWFj';
    expect(parameterProblems(template, { link })).toEqual([]);
    const rendered = renderTemplate(template.variants.sms ?? { text: '' }, { link });
    expect(rendered.text).toContain(link);
    expect(rendered.text.startsWith('{name}')).toBe(true);
  });
});
