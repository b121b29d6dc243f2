import type { TemplateVariant, TemplateVersion } from '../service/ports.js';
import type { ContactPurpose, DeliveryChannel } from './model.js';
import { templateParameters } from './templates.js';

/**
 * The templates the product ships with (docs/domain-rules.md §18.4), used while an admin has
 * saved no version of them: the complaint updates the complaints capability asks for, the survey
 * invitations, a holiday greeting, a service notice, the product recommendation an RM sends
 * (docs/domain-rules.md §19.5) and a retention case's care contact and offer (§20.5), each on
 * SMS, e-mail and app push, in zh-CN. They are version 1; an admin's first save of one is version 2. `{name}` is filled by the
 * customers capability at delivery (the name, or a neutral greeting).
 */

/** The built-in templates' version: a saved version of one of them starts at 2. */
export const BUILT_IN_VERSION = 1;

/** The locale of the built-in texts. */
export const BUILT_IN_LOCALE = 'zh-CN';

type Variants = Readonly<Record<DeliveryChannel, TemplateVariant>>;

function builtIn(templateId: string, purpose: ContactPurpose, variants: Variants): TemplateVersion {
  return {
    templateId,
    version: BUILT_IN_VERSION,
    purpose,
    locale: BUILT_IN_LOCALE,
    variants,
    parameters: templateParameters(variants),
  };
}

const BUILT_IN_TEMPLATES: readonly TemplateVersion[] = [
  builtIn('complaint-acknowledged', 'complaint-update', {
    sms: { text: '{name}，您好：您的投诉（编号 {reference}）我行已受理，将在规定时限内处理并告知您结果。' },
    email: {
      subject: '您的投诉已受理（编号 {reference}）',
      text: '{name}，您好：\n我行已收到并受理您的投诉（编号 {reference}），将在规定时限内处理，并及时告知您处理结果。\n感谢您的耐心与监督。',
    },
    'app-push': { text: '您的投诉（编号 {reference}）已受理，我们将尽快处理。' },
  }),
  builtIn('complaint-decided', 'complaint-update', {
    sms: {
      text: '{name}，您好：您的投诉（编号 {reference}）已有处理结果，请登录手机银行查看，如有疑问请致电客服热线。',
    },
    email: {
      subject: '您的投诉处理结果（编号 {reference}）',
      text: '{name}，您好：\n您的投诉（编号 {reference}）已有处理结果，请登录手机银行查看详情。如对结果有异议，可在收到本通知后按流程申请复核。\n感谢您的理解与支持。',
    },
    'app-push': { text: '您的投诉（编号 {reference}）已有处理结果，点击查看。' },
  }),
  builtIn('survey-complaint', 'survey', {
    sms: { text: '{name}，您好：您的投诉已处理完毕，诚邀您对本次服务进行评价：{link}' },
    email: {
      subject: '邀请您评价本次投诉处理服务',
      text: '{name}，您好：\n您的投诉已处理完毕。为持续改进服务，诚邀您花一分钟完成评价：\n{link}\n该链接仅限本人使用一次，过期失效。',
    },
    'app-push': { text: '您的投诉已处理完毕，诚邀您评价本次服务：{link}' },
  }),
  builtIn('survey-relationship', 'survey', {
    sms: { text: '{name}，您好：诚邀您参与客户满意度调查，您的意见对我们很重要：{link}' },
    email: {
      subject: '客户满意度调查邀请',
      text: '{name}，您好：\n感谢您一直以来的信任。诚邀您参与客户满意度调查，帮助我们改进服务：\n{link}\n该链接仅限本人使用一次，过期失效。',
    },
    'app-push': { text: '诚邀您参与客户满意度调查：{link}' },
  }),
  builtIn('care-holiday', 'care', {
    sms: { text: '{name}，您好：值此佳节，感谢您一直以来的信任与支持，祝您节日快乐、阖家安康！' },
    email: {
      subject: '节日问候',
      text: '{name}，您好：\n值此佳节，感谢您一直以来的信任与支持，祝您节日快乐、阖家安康！',
    },
    'app-push': { text: '节日快乐！感谢您一直以来的信任与支持。' },
  }),
  builtIn('service-notice', 'service', {
    sms: { text: '{name}，您好：您在我行办理的业务（编号 {reference}）有新的进展，请登录手机银行查看。' },
    email: {
      subject: '业务进展通知（编号 {reference}）',
      text: '{name}，您好：\n您在我行办理的业务（编号 {reference}）有新的进展，请登录手机银行查看详情。',
    },
    'app-push': { text: '您办理的业务（编号 {reference}）有新的进展，点击查看。' },
  }),
  // The product's public name only: the recommendations capability never sends a figure of the
  // customer's (amount, risk tolerance), and the RM's reasons stay in the CRM.
  builtIn('product-recommendation', 'marketing', {
    sms: {
      text: '{name}，您好：根据您的情况，我行为您推荐“{productName}”，详情请咨询您的客户经理。拒收请回复TD',
    },
    email: {
      subject: '为您推荐：{productName}',
      text: '{name}，您好：\n根据您的风险承受能力与投资需求，您的客户经理为您推荐“{productName}”。产品详情、风险揭示与购买渠道请咨询您的客户经理或登录手机银行查看。\n理财非存款，产品有风险，投资须谨慎。',
    },
    'app-push': { text: '您的客户经理为您推荐“{productName}”，点击了解详情。' },
  }),
  // A retention case's care contact (purpose care, §20.5): thanks and an open door, with no
  // product, offer or figure in it, and never a word that the bank thinks the customer may leave.
  builtIn('retention-care', 'care', {
    sms: {
      text: '{name}，您好：感谢您一直以来对我行的信任与支持。如您在业务办理中有任何需要或建议，欢迎随时联系您的客户经理。',
    },
    email: {
      subject: '感谢您一直以来的信任与支持',
      text: '{name}，您好：\n感谢您一直以来对我行的信任与支持。我们重视您的每一次体验，如您在业务办理中遇到任何问题或有任何建议，欢迎随时联系您的客户经理，我们将竭诚为您服务。',
    },
    'app-push': { text: '感谢您一直以来的信任与支持，如有任何需要，欢迎随时联系您的客户经理。' },
  }),
  // A retention case's offer (purpose marketing, §20.5): no product name, rate or figure; the RM
  // presents the offer the recommendations capability judged suitable.
  builtIn('retention-offer', 'marketing', {
    sms: {
      text: '{name}，您好：您的客户经理为您准备了一份专属方案，欢迎近期联系客户经理了解详情。拒收请回复TD',
    },
    email: {
      subject: '您的客户经理为您准备了专属方案',
      text: '{name}，您好：\n感谢您一直以来的信任。您的客户经理根据您的情况为您准备了一份专属方案，欢迎近期联系客户经理或到网点了解详情。\n如不希望再收到此类信息，可在手机银行中关闭营销信息推送。',
    },
    'app-push': { text: '您的客户经理为您准备了一份专属方案，欢迎联系客户经理了解详情。' },
  }),
];

const BY_ID: ReadonlyMap<string, TemplateVersion> = new Map(
  BUILT_IN_TEMPLATES.map((template) => [template.templateId, template]),
);

/** Every built-in template, by id. */
export function builtInTemplates(): readonly TemplateVersion[] {
  return BUILT_IN_TEMPLATES;
}

/** The built-in template `templateId`, if the product ships one. */
export function builtInTemplate(templateId: string): TemplateVersion | undefined {
  return BY_ID.get(templateId);
}
