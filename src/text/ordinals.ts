/**
 * Ordinals (第五批, 第八轮, 首批): which batch, round or phase something belongs to. One thing is written several
 * ways — 首批, 头一批 and 第一批, 第1批 and 第一批, a construction phase 二期 and 第二期 — so ordinals are compared in
 * one canonical form: 第, the numeral in Chinese, the measure word.
 */

const NUMERALS = '一二三四五六七八九十';
// 第 + numeral + measure; 首 or 头一 + measure (first); a bare numeral + 期 (一期工程: a phase of a building
// project). Also what removes every ordinal from a text (a follow-up naming its own ordinal replaces the old one's).
export const ORDINAL_SPELLINGS = new RegExp(
  `第([${NUMERALS}\\d]+)(批|轮|次|届|期|个|家|项|级)|(?:首|头一)(批|轮|次|届|期|个|家|项)|(?<![第${NUMERALS}\\d])([${NUMERALS}])期`,
  'g',
);

// Measure words that count the same thing: the rounds of a recurring selection are written 第八批 and 第八轮 alike
// (集采, 名单), so a question's 第八轮 is the article's 第八批. Each maps to the one its ordinals are compared in.
const SAME_COUNT: Readonly<Record<string, string>> = { 轮: '批' };

/** The measure word an ordinal is compared in. */
function canonicalMeasure(measure: string): string {
  return SAME_COUNT[measure] ?? measure;
}

/** The numeral in Chinese: 1–10 as 一–十; other numerals as written. */
function chineseNumeral(numeral: string): string {
  const value = Number(numeral);
  return /^\d+$/.test(numeral) && value >= 1 && value <= 10 ? NUMERALS[value - 1]! : numeral;
}

/**
 * The ordinals a text names, canonical (首批 → 第一批, 第3轮 → 第三批, 二期 → 第二期), each once, in order. Pure.
 * @param phases also the bare phases (一期): right for the text an ordinal is looked for in, not for a question,
 *   where 「一期工程」 names the project rather than asks for one phase of it.
 */
export function ordinalsIn(text: string, { phases = true }: { phases?: boolean } = {}): string[] {
  const found = [...text.matchAll(ORDINAL_SPELLINGS)].flatMap((m) => {
    if (m[3] !== undefined) return [`第一${canonicalMeasure(m[3])}`];
    if (m[4] !== undefined) return phases ? [`第${m[4]}期`] : [];
    return [`第${chineseNumeral(m[1]!)}${canonicalMeasure(m[2]!)}`];
  });
  return [...new Set(found)];
}

/** The measure word of a canonical ordinal: 批 of 第五批. */
export function measureOf(ordinal: string): string {
  return ordinal.at(-1)!;
}
