export { ID_TYPES, type IdType, isIdType, isValidIdNumber, normaliseIdNumber } from './id-document.js';
export { looksLikePersonalIdentifier } from './identifier-like.js';
export { isValidMobile, normaliseMobile } from './mobile.js';
export { birthDateFromPrcId, isValidPrcId, normalisePrcId, prcIdCheckChar } from './prc-id.js';
export { isValidUscc, normaliseUscc, usccCheckChar } from './uscc.js';
