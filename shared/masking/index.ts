export {
  maskAddress,
  maskBirthDate,
  maskCard,
  maskEmail,
  maskField,
  maskIdNumber,
  maskKeepEnds,
  maskMobile,
  maskName,
  remaskStored,
} from './masking.js';
export {
  COMPOUND_SURNAMES,
  DEFAULT_MASKING_RULES,
  type KeepEndsRule,
  MASKABLE_FIELDS,
  type MaskableField,
  type MaskingRules,
  type MaskingRulesOverrides,
  withMaskingRules,
} from './rules.js';
export {
  ID_NUMBER_MIN_HIDDEN_FLOOR,
  MOBILE_MIN_HIDDEN_FLOOR,
  maskingRulesFromEnv,
} from './settings.js';
