import { looksLikePersonalName } from '../text/person-names.js';
import { tagWords } from '../text/tokenize.js';

// Titles that stand right before a name (司长欧晓理, 副主任李斌).
const TITLES = '司长|局长|部长|院长|主任|书记|负责人|处长|委员|主席|董事长|专家|教授|发言人|省长|市长|县长|区长|巡视员|院士';
// Verbs of saying: what a person the text quotes does (李斌表示, 黄华波坦言).
const SAYING = '表示|说|介绍|透露|指出|强调|宣布|称|坦言|谈到|提到|回应|解释';
// What may stand between a speaker and the verb of saying: the day, 此前, 也, or where (在会上, 在接受采访时).
const BEFORE_SAYING = '(?:\\d{1,2}日|近日|日前|此前|当时|专门|也|还|则|又|在[^，。；：“”]{1,30}?(?:上|时|中))*';

// A named official or expert: a title right before a two- or three-character name, then what they did (表示, 在…),
// perhaps after the day (李斌24日在合肥…). The name is no verb of saying: 「专家表示，」 names no one.
const TITLED_PERSON = new RegExp(`(?:${TITLES})(?!${SAYING})([\\p{sc=Han}]{2,3})(?=(?:\\d{1,2}日|近日|日前)?(?:${SAYING}|在|[，,、：:]))`, 'gu');

/** The titled people a text names (国家卫健委副主任李斌表示): each title-and-name phrase as written, in order. */
export function titledPeopleIn(text: string): string[] {
  return [...text.matchAll(TITLED_PERSON)].map((m) => m[0]);
}

// Someone shown speaking: a title and a name (司长黄华波坦言), a name alone where a clause starts (「毛群安说，」), or an
// unnamed official after an organisation (国家医保局有关负责人此前表示) — each before a verb of saying.
const SPEAKER = new RegExp(
  `(?<titled>(?:${TITLES})(?<titledName>\\p{sc=Han}{2,3}?))(?=${BEFORE_SAYING}(?:${SAYING}))` +
    `|(?<=^|[^\\p{sc=Han}]|据|对此)(?<name>\\p{sc=Han}{2,3}?)(?=${BEFORE_SAYING}(?:${SAYING}))` +
    `|(?<unnamed>(?:有关|相关)?负责人)(?=${BEFORE_SAYING}(?:${SAYING}))`,
  'gu',
);

/** A person a text shows speaking, as written (司长欧晓理, 毛群安, 有关负责人), and the offset it starts at. */
export interface Speaker {
  person: string;
  at: number;
}

/** Whether jieba's words of a text end one at `length`: 「项目名称」 reads 项目/名称, so 项目名 is no word before 称. */
function endsAWord(text: string, length: number): boolean {
  let end = 0;
  for (const { word } of tagWords(text)) {
    end += word.length;
    if (end >= length) return end === length;
  }
  return false;
}

/**
 * The people a text shows speaking, in order: a name must read as a personal name (a surname first, not a place),
 * so 「文件指出」 and 「此前表示」 name no one.
 */
export function speakersIn(text: string): Speaker[] {
  const speakers: Speaker[] = [];
  const pattern = new RegExp(SPEAKER);
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const { titled, titledName, name, unnamed } = m.groups!;
    if (titled !== undefined && looksLikePersonalName(titledName!)) speakers.push({ person: titled, at: m.index });
    else if (name !== undefined && looksLikePersonalName(name) && endsAWord(text.slice(m.index, m.index + name.length + 2), name.length)) {
      speakers.push({ person: name, at: m.index });
    } else if (unnamed !== undefined || titled?.startsWith('负责人')) speakers.push({ person: unnamed ?? '负责人', at: m.index });
    // A reading rejected (据李斌 as a name) gives way to one starting a character later (李斌).
    else pattern.lastIndex = m.index + 1;
  }
  return speakers;
}
