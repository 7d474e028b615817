import { longestFirstAlternation } from './alternation.js';
import { readTable } from './lexicon.js';
import { PROVINCES } from './provinces.js';
import { normalizeForMatch } from './script.js';
import { tagWords } from './tokenize.js';

// Abbreviations that name several places at once: 「北上广」 is how articles say Beijing, Shanghai, Guangzhou.
const PLACE_GROUPS = new Map<string, readonly string[]>([['北上广', ['北京', '上海', '广东']]]);

// Longest first, so 新疆生产建设兵团 wins over 新疆 and 内蒙古自治区 over 内蒙古.
const PLACE_PATTERN = new RegExp(
  longestFirstAlternation([...PLACE_GROUPS.keys(), ...PROVINCES.flatMap((p) => [p.name, ...p.aliases.filter((a) => a.length > 1)])]),
  'g',
);

const CANONICAL = new Map<string, string>(
  PROVINCES.flatMap((p) => [[p.name, p.name] as const, ...p.aliases.map((a) => [a, p.name] as const)]),
);

/** The provincial-level places a text names, canonical names, in order of first mention, each once. */
export function findProvinces(text: string): string[] {
  const seen = new Set<string>();
  for (const match of text.matchAll(PLACE_PATTERN)) {
    for (const name of PLACE_GROUPS.get(match[0]) ?? [CANONICAL.get(match[0])]) if (name) seen.add(name);
  }
  return [...seen];
}

// English names, longest first (Xinjiang Production and Construction Corps before Xinjiang), as whole words.
const ENGLISH_PLACE_PATTERN = new RegExp(`\\b(?:${longestFirstAlternation(PROVINCES.map((p) => p.english))})\\b`, 'g');
const BY_ENGLISH = new Map(PROVINCES.map((p) => [p.english, p.name] as const));

/** The provincial-level places an English text names by their English names (Guizhou, Inner Mongolia), each once. */
export function findProvincesInEnglish(text: string): string[] {
  return [...new Set([...text.matchAll(ENGLISH_PLACE_PATTERN)].map((m) => BY_ENGLISH.get(m[0])!))];
}

interface CityTable {
  provinceOf: ReadonlyMap<string, string>;
  byProvince: ReadonlyMap<string, readonly string[]>;
  /** Spelling in text → short name: the full name and the short name with 市, and the short name alone where it is no ordinary word. */
  bySpelling: ReadonlyMap<string, string>;
  pattern: RegExp;
}
let cityTable: CityTable | undefined;
let divisionRows: readonly string[][] | undefined;

/** The rows of lexicon/divisions.tsv (name, short name, level, province, stands alone), read once for both indexes. */
function divisions(): readonly string[][] {
  return (divisionRows ??= readTable('divisions.tsv'));
}

/**
 * The prefecture-level cities of lexicon/divisions.tsv (the statistics bureau's division codes), by the short
 * name articles use, with their province: so a question about the cities of 河北 is answered from passages that
 * name 石家庄 and 保定 without saying 河北. Read on first use.
 */
function cities(): CityTable {
  if (!cityTable) {
    const provinceOf = new Map<string, string>();
    const byProvince = new Map<string, string[]>();
    const bySpelling = new Map<string, string>();
    for (const [name, short, level, province, standsAlone] of divisions()) {
      if (level !== 'city' || findProvinces(short!).length > 0) continue;
      provinceOf.set(short!, province!);
      byProvince.set(province!, [...(byProvince.get(province!) ?? []), short!]);
      for (const spelling of [name!, `${short}市`, ...(standsAlone === 'yes' ? [short!] : [])]) bySpelling.set(spelling, short!);
    }
    // Longest first: 伊犁哈萨克自治州 before 伊犁.
    const pattern = new RegExp(longestFirstAlternation(bySpelling.keys()), 'g');
    cityTable = { provinceOf, byProvince, bySpelling, pattern };
  }
  return cityTable;
}

/** The province a city belongs to (canonical name), or undefined for a name that is no prefecture-level city. */
export function provinceOfCity(city: string): string | undefined {
  return cities().provinceOf.get(city);
}

/** The prefecture-level cities of a province (canonical name), by short name, or none. */
export function citiesOf(province: string): readonly string[] {
  return cities().byProvince.get(province) ?? [];
}

/**
 * The prefecture-level cities a text names (short names), in order of first mention, each once. A short name counts
 * where jieba reads it as a word of its own or inside a place name (山西大同), not inside an ordinary word (三明治,
 * 大同小异) nor across two words (湖南/京港澳 has no 南京).
 */
export function findCities(text: string): string[] {
  const { pattern, bySpelling } = cities();
  // Matched and segmented in one form, so offsets agree (traditional script and full-width forms included).
  const normalized = normalizeForMatch(text);
  const found = [...normalized.matchAll(pattern)].filter(
    (match) => bySpelling.get(match[0]) !== match[0] || readAsPlace(normalized, match.index, match.index + match[0].length),
  );
  return [...new Set(found.map((match) => bySpelling.get(match[0])!))];
}

// Characters of context segmented on each side of a short name, to see which word it falls in.
const WORD_CONTEXT = 6;
// jieba's tag for a place name (山西大同).
const PLACE_TAG = 'ns';

/** Whether text[start, end) is one jieba word of its surroundings, or lies inside one tagged as a place. */
function readAsPlace(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - WORD_CONTEXT);
  const window = text.slice(from, Math.min(text.length, end + WORD_CONTEXT));
  let at = 0;
  for (const { word, tag } of tagWords(window)) {
    const offset = window.indexOf(word, at);
    if (offset === -1) continue;
    at = offset + word.length;
    const wordStart = from + offset;
    const wordEnd = wordStart + word.length;
    if (wordEnd <= start) continue;
    // The first word reaching into the name decides: it must hold the whole name.
    return wordStart <= start && wordEnd >= end && (wordEnd - wordStart === end - start || tag === PLACE_TAG);
  }
  return false;
}

// The suffixes a short name may carry in running text (长兴县, 海南州 for 海南藏族自治州, 锡林郭勒盟).
const DIVISION_SUFFIXES = ['市', '县', '区', '州', '旗', '盟'];
let localityByWord: ReadonlyMap<string, string> | undefined;

/**
 * Word → short name of the prefecture- or county-level division it names, from lexicon/divisions.tsv (the
 * statistics bureau's division codes): the full name, the short name with a suffix, and the short name alone
 * where it is no ordinary word (长兴, but not 东方). Read on first use.
 */
function localityIndex(): ReadonlyMap<string, string> {
  if (!localityByWord) {
    const index = new Map<string, string>();
    for (const [name, short, , , standsAlone] of divisions()) {
      // A two-character name (成县, 和县) is as often two words run together (「形成县乡」, 「和县里」).
      if (name!.length > 2) index.set(name!, short!);
      for (const suffix of DIVISION_SUFFIXES) index.set(`${short}${suffix}`, short!);
      if (standsAlone === 'yes') index.set(short!, short!);
    }
    localityByWord = index;
  }
  return localityByWord;
}

/**
 * The cities and counties (prefecture- and county-level divisions, by short name) that a text's words name, in
 * order, each once. Words, not characters: 「河西区域医疗中心」 names no 河西区, 「形成县乡一体」 no 成县.
 */
export function findLocalities(words: readonly string[]): string[] {
  const index = localityIndex();
  return [...new Set(words.flatMap((word) => index.get(word) ?? []))].filter((short) => findProvinces(short).length === 0);
}
