import { readTable, readWordList } from './lexicon.js';

let glosses: ReadonlyMap<string, readonly string[]> | undefined;
let byLastWord: ReadonlyMap<string, readonly string[]> | undefined;

/** English gloss → Chinese words, from CC-CEDICT (lexicon/cedict-en.tsv), read on the first English question. */
function glossTable(): ReadonlyMap<string, readonly string[]> {
  if (!glosses) {
    const table = new Map<string, string[]>();
    const last = new Map<string, string[]>();
    for (const [gloss, words] of readTable('cedict-en.tsv')) {
      const chinese = words!.split(' ');
      table.set(gloss!, chinese);
      // 「medical treatment」 also stands for 「treatment」 when no entry glosses the word alone.
      const parts = gloss!.split(' ');
      if (parts.length === 2) last.set(parts[1]!, [...(last.get(parts[1]!) ?? []), ...chinese]);
    }
    glosses = table;
    byLastWord = last;
  }
  return glosses;
}

let englishFunctionWords: ReadonlySet<string> | undefined;

function isFunctionWord(word: string): boolean {
  englishFunctionWords ??= new Set([...readWordList('function-words.txt'), ...readWordList('question-words.txt')].filter((w) => /^[a-z]+$/.test(w)));
  return englishFunctionWords.has(word);
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];
const CHINESE_DIGITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
// The measure words an ordinal counts in Chinese (第五批, 第八轮), by the English noun that follows it.
const ORDINAL_MEASURES: Readonly<Record<string, string>> = { batch: '批', round: '轮', session: '届', phase: '期', group: '批', time: '次' };
// Longest phrase looked up as one gloss (「basic medical insurance」).
const MAX_PHRASE_WORDS = 4;
// A word CEDICT glosses with many entries is ambiguous: its first few are kept, the corpus's idf weighs the rest.
const MAX_WORDS_PER_GLOSS = 8;

/**
 * Forms of an English word to look up: as written, without a plural or past ending; a British -tre in American
 * spelling first, since CEDICT glosses in American: its one entry for 「centre」 is 基点, 「center」 gives 中心.
 */
function lookupForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  return forms.flatMap((f) => (f.endsWith('tre') ? [`${f.slice(0, -3)}ter`, f] : f.endsWith('tres') ? [`${f.slice(0, -4)}ters`, f] : [f]));
}

function lookup(phrase: readonly string[]): readonly string[] | undefined {
  const table = glossTable();
  const head = phrase.slice(0, -1).join(' ');
  for (const form of lookupForms(phrase.at(-1)!)) {
    const found = table.get(head ? `${head} ${form}` : form);
    if (found) return found;
  }
  return undefined;
}

/**
 * The Chinese words an English question names, for searching a Chinese corpus, one list per English word or
 * phrase: the alternatives a Chinese text would use for it (「medicine」 → 药, 药品, 药物…), so evidence counts one of
 * them, not all. Phrases of up to four words are looked up in CC-CEDICT (longest first), ordinals become 第N批,
 * years and figures are kept. Words CEDICT lacks are dropped; of the words it gives, those the corpus never uses
 * weigh nothing when searching. Pure apart from reading the table once.
 */
export function englishGlosses(question: string): string[][] {
  const words = question.toLowerCase().match(/\d+(?:st|nd|rd|th)\b|[a-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?/g) ?? [];
  const out: string[][] = [];
  for (let i = 0; i < words.length; ) {
    const word = words[i]!;
    const ordinal = ORDINALS.indexOf(word);
    const numbered = /^(\d+)(?:st|nd|rd|th)$/.exec(word);
    if (ordinal !== -1 || numbered) {
      const n = ordinal !== -1 ? ordinal : Number(numbered![1]) - 1;
      const measure = ORDINAL_MEASURES[(words[i + 1] ?? '').replace(/e?s$/, '')];
      out.push([`第${CHINESE_DIGITS[n] ?? n + 1}${measure ?? ''}`]);
      i += measure ? 2 : 1;
      continue;
    }
    if (/^\d/.test(word)) {
      out.push([/^(19|20)\d{2}$/.test(word) ? `${word}年` : word]);
      i++;
      continue;
    }
    let matched = 0;
    for (let n = Math.min(MAX_PHRASE_WORDS, words.length - i); n >= 1 && matched === 0; n--) {
      const phrase = words.slice(i, i + n);
      if (isFunctionWord(phrase[0]!) || isFunctionWord(phrase.at(-1)!)) continue;
      const found = lookup(phrase) ?? (n === 1 ? lookupForms(word).map((f) => byLastWord!.get(f)).find(Boolean) : undefined);
      if (found) {
        out.push(found.slice(0, MAX_WORDS_PER_GLOSS));
        matched = n;
      }
    }
    i += Math.max(matched, 1);
  }
  return out;
}

/** True when a question is written in Latin letters with no Chinese characters. */
export function isEnglish(text: string): boolean {
  return /[a-z]/i.test(text) && !/\p{sc=Han}/u.test(text);
}
