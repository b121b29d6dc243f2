import * as z from '../../../shared/zod.js';
import { CONTACT_PURPOSES } from '../events.js';

/**
 * Response schemas of the template admin API: each route's success body exactly as the
 * handlers serialise it (strict objects: a field the code starts returning fails the contract
 * tests until it is declared here). The examples are the built-in texts and an illustrative
 * saved version.
 */

const variant = () => z.strictObject({ subject: z.optional(z.string()), text: z.string() });

function templateFields() {
  return {
    templateId: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,63}$/)),
    version: z.number().check(z.int(), z.positive()),
    purpose: z.enum(CONTACT_PURPOSES),
    locale: z.string(),
    /** One form per channel the template can go on; `{name}` is filled in at delivery. */
    variants: z.strictObject({
      sms: z.optional(variant()),
      email: z.optional(variant()),
      'app-push': z.optional(variant()),
    }),
    /** The parameters every request for the template must give (besides `name`). */
    parameters: z.array(z.string()),
  };
}

/**
 * `GET` and `PUT /v1/engagement/templates/{templateId}` (200, the version as ETag): the current
 * version. `source: "built-in"`: shipped with the product (version 1); `source: "saved"`: the
 * version an admin saved, with when and by whom (their `sub`).
 */
export const templateViewSchema = z.lazy(() =>
  z
    .discriminatedUnion('source', [
      z.strictObject({ ...templateFields(), source: z.literal('built-in') }),
      z.strictObject({
        ...templateFields(),
        source: z.literal('saved'),
        savedAt: z.iso.datetime(),
        savedBy: z.string().check(z.minLength(1)),
      }),
    ])
    .check(z.describe('A contact template at its current version, saved by an admin or built in')),
);

/** `GET /v1/engagement/templates`: every template, saved or built in, by id. */
export const templateListSchema = z.lazy(() => z.strictObject({ items: z.array(templateViewSchema) }));

/** Example: the built-in acknowledgement of a complaint. */
export const builtInTemplateExample = {
  templateId: 'complaint-acknowledged',
  version: 1,
  purpose: 'complaint-update',
  locale: 'zh-CN',
  variants: {
    sms: { text: '{name}，您好：您的投诉（编号 {reference}）我行已受理，将在规定时限内处理并告知您结果。' },
    email: {
      subject: '您的投诉已受理（编号 {reference}）',
      text: '{name}，您好：\n我行已收到并受理您的投诉（编号 {reference}），将在规定时限内处理，并及时告知您处理结果。\n感谢您的耐心与监督。',
    },
    'app-push': { text: '您的投诉（编号 {reference}）已受理，我们将尽快处理。' },
  },
  parameters: ['reference'],
  source: 'built-in',
} satisfies z.input<typeof templateViewSchema>;

/** Example: a marketing template an admin saved (illustrative text). */
export const savedTemplateExample = {
  templateId: 'offer-deposit-spring',
  version: 1,
  purpose: 'marketing',
  locale: 'zh-CN',
  variants: {
    sms: { text: '{name}，您好：春季定期存款产品 {product} 现已发售，详情请咨询您的客户经理。回复TD退订' },
    'app-push': { text: '春季定期存款产品 {product} 现已发售，点击了解。' },
  },
  parameters: ['product'],
  source: 'saved',
  savedAt: '2026-03-02T02:00:00.000Z',
  savedBy: 'user-admin-1',
} satisfies z.input<typeof templateViewSchema>;

export const templateListExample = {
  items: [builtInTemplateExample, savedTemplateExample],
} satisfies z.input<typeof templateListSchema>;

/** The body of a PUT, as an admin sends it (the example saved version above). */
export const templateBodyExample = {
  purpose: savedTemplateExample.purpose,
  locale: savedTemplateExample.locale,
  variants: savedTemplateExample.variants,
};
