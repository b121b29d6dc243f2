import { DEFAULT_MASKING_RULES, type MaskingRules } from './rules.js';

/** Characters that end an administrative division name (自治区, 特别行政区 and 自治州 end in 区 / 州). */
const SUFFIXES = new Set(['省', '市', '区', '县', '州', '盟']);
/** Longest division name we accept (克孜勒苏柯尔克孜自治州 has 11 characters). */
const MAX_PART = 12;
/** A recognised part must be Han only and must not look like a street, building or estate. */
const HAN_ONLY = /^[\p{Script=Han}]+$/u;
const NOT_A_DIVISION = /[路街巷弄号栋幢楼室村组]|(小区|社区|园区|校区|景区)$/u;

/**
 * Masks an address down to its leading administrative parts (default two: province and city,
 * or city and district for municipalities): `北京市朝阳区建国路88号` → `北京市朝阳区***`,
 * `北京市 朝阳区 建国路88号` → `北京市 朝阳区 ***` (the separator after the kept part is kept).
 * When no part can be recognised the whole address is masked (`***`): its first characters
 * could be a house or flat number (`Flat 3, 12 Queen St`). Errs towards masking: an
 * unrecognised second part is dropped.
 */
export function maskAddress(value: string, rules: MaskingRules = DEFAULT_MASKING_RULES): string {
  const address = value.trim();
  const { keepParts, maskLength } = rules.address;
  const tail = rules.maskChar.repeat(maskLength);
  const end = adminPrefixEnd(address, keepParts);
  if (end === 0) return tail;
  const separator = /^\s+/.exec(address.slice(end))?.[0] ? ' ' : '';
  return `${address.slice(0, end)}${separator}${tail}`;
}

/** Index just after the last of up to `parts` recognised divisions at the start, 0 if none. */
function adminPrefixEnd(address: string, parts: number): number {
  let position = 0;
  let end = 0;
  for (let part = 0; part < parts; part += 1) {
    const start = position + (/^\s*/.exec(address.slice(position))?.[0].length ?? 0);
    const partEnd = divisionEnd(address, start);
    if (partEnd === undefined) break;
    end = partEnd;
    position = partEnd;
  }
  return end;
}

/**
 * End of the division starting at `start`: the first suffix character after at least one other
 * character, extended by one when the next character is a suffix too (广州市, 贵州省, 通州区).
 */
function divisionEnd(address: string, start: number): number | undefined {
  const chars = Array.from(address.slice(start, start + MAX_PART + 1));
  for (let i = 1; i < chars.length && i < MAX_PART; i += 1) {
    if (!SUFFIXES.has(chars[i] ?? '')) continue;
    const length = SUFFIXES.has(chars[i + 1] ?? '') && i + 1 < MAX_PART ? i + 2 : i + 1;
    const name = chars.slice(0, length).join('');
    if (!HAN_ONLY.test(name) || NOT_A_DIVISION.test(name)) return undefined;
    return start + name.length;
  }
  return undefined;
}
