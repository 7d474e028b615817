import { describe, expect, it } from 'vitest';
import { extractFacts, yearsIn } from '../../src/corpus/facts.js';
import { articleNamesWhatIsAsked, describeCandidate } from '../../src/rank/features.js';
import { questionTerms } from '../../src/rank/terms.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';
import type { IndexedChunk } from '../../src/store/corpus-index.js';
import { indexTokens } from '../../src/text/tokenize.js';

// idf: every token known, weight 1, except the ones listed as unknown to the corpus.
const idf = (unknown: string[] = []) => (token: string) => (unknown.includes(token) ? 0 : 1);

function features(question: string, text: string, options: { date?: string; unknown?: string[]; title?: string; heading?: string; history?: { question: string }[] } = {}) {
  const date = options.date ?? '2023-05-01';
  const tokens = new Set(indexTokens(text));
  const chunk = { id: 'a.md#0', file: 'a.md', paragraph: 1, text, date, title: '标题', heading: options.heading ?? null, tokens: [...tokens] } as unknown as IndexedChunk;
  const analyzed = analyzeQuestion(question, options.history);
  const lookup = idf(options.unknown);
  return describeCandidate(analyzed, questionTerms(analyzed, lookup), lookup, {
    text,
    tokens,
    facts: extractFacts(text, date),
    passage: { chunk, position: 0, score: 1, rank: 0, alsoIn: [] },
    passageTokens: tokens,
    fusion: 1,
    document: { file: 'a.md', titleYears: yearsIn(options.title ?? '标题', null), tokens, titleTokens: new Set(), text },
  });
}

describe('describeCandidate', () => {
  it('marks a sentence that names another year or another batch than the one asked', () => {
    expect(features('2023年追回了多少医保资金？', '2024年全国追回医保资金275亿元。').yearConflict).toBe(1);
    expect(features('2024年追回了多少医保资金？', '2024年全国追回医保资金275亿元。').yearConflict).toBe(0);
    expect(features('第九批集采平均降价多少？', '第八批集采平均降价56%。').ordinalConflict).toBe(1);
    expect(features('第八批集采平均降价多少？', '第八批集采平均降价56%。').ordinalConflict).toBe(0);
  });

  it('reads the year a sentence speaks of from 今年/去年 and, when it names none, from the date of its article', () => {
    const asked = '2021年新增了多少家养老机构？';
    expect(features(asked, '今年新增养老机构300家。', { date: '2021-06-01' }).yearMissing).toBe(0);
    expect(features(asked, '去年新增养老机构300家。', { date: '2022-03-01' }).yearMissing).toBe(0);
    expect(features(asked, '今年新增养老机构300家。', { date: '2019-06-01' }).yearConflict).toBe(1);
    expect(features(asked, '截至目前已新增养老机构300家。', { date: '2021-06-01' }).yearMissing).toBe(0);
    const older = features(asked, '截至目前已新增养老机构300家。', { date: '2019-06-01' });
    expect([older.yearMissing, older.yearConflict]).toEqual([1, 0]);
  });

  it('reads a year asked as of its end from a sentence naming none only in an article of its December or the year after', () => {
    const yearMissing = (date: string, sentence = '另有22.62万家定点零售药店接入跨省联网。', asked = '截至2023年底，全国有多少家定点零售药店接入跨省联网？') =>
      features(asked, sentence, { date }).yearMissing;
    expect(['2023-07-11', '2023-12-20', '2024-03-01'].map((date) => yearMissing(date))).toEqual([1, 0, 0]);
    expect(yearMissing('2023-07-11', '截至2023年底，22.62万家定点零售药店接入跨省联网。')).toBe(0);
    // Asked of the year itself, a sentence naming no year speaks of its article's.
    expect(yearMissing('2023-07-11', undefined, '2023年有多少家定点零售药店接入跨省联网？')).toBe(0);
  });

  it('reads the year, place or batch a sentence names none of from the sub-heading it stands under', () => {
    const asked = '河南第二批试点在2021年新增了多少张床位？';
    const under = (heading: string, text = '医院新增床位300张。') => features(asked, text, { heading, date: '2023-05-01' });
    expect(under('■ 河南：2021年第二批试点')).toMatchObject({ yearMissing: 0, placeMissing: 0, ordinalMissing: 0 });
    expect(under('■ 湖北：2022年第一批试点')).toMatchObject({ yearMissing: 1, yearConflict: 1, placeMissing: 1, ordinalConflict: 1 });
    // What the sentence names itself stands: its own year, place and batch, not the heading's.
    expect(under('■ 河南：2021年第二批试点', '2022年湖北第一批试点新增床位300张。')).toMatchObject({ yearConflict: 1, placeMissing: 1, ordinalConflict: 1 });
    // A batch of another kind (一期) leaves the heading's 第二批 in force.
    expect(under('■ 第二批试点', '一期工程新增床位300张。')).toMatchObject({ ordinalMissing: 0 });
  });

  it('marks an article titled for another year than the one asked', () => {
    const asked = '截至2023年底，跨省联网的定点零售药店有多少家？';
    const sentence = '另有22.62万家定点零售药店接入跨省联网。';
    expect(features(asked, sentence, { title: '2022年全国医疗保障事业发展统计公报' }).titleYearConflict).toBe(1);
    expect(features(asked, sentence, { title: '2023年全国医疗保障事业发展统计公报' }).titleYearConflict).toBe(0);
    expect(features(asked, sentence, { title: '跨省异地就医直接结算持续扩面' }).titleYearConflict).toBe(0);
  });

  it('reads an ordinal in any of its spellings: 首批 is 第一批', () => {
    expect(features('第一批试点城市有多少个？', '首批试点城市共30个。')).toMatchObject({ ordinalMissing: 0, ordinalConflict: 0 });
    expect(features('第一批试点城市有多少个？', '第二批试点城市共40个。')).toMatchObject({ ordinalMissing: 1, ordinalConflict: 1 });
  });

  it('holds a county the question names against the sentence', () => {
    expect(features('德清县的医共体有几家分院？', '安吉县医共体下设12家分院。').placeMissing).toBe(1);
    expect(features('德清县的医共体有几家分院？', '德清医共体下设12家分院。').placeMissing).toBe(0);
  });

  it('tells a sentence naming another place from one naming none', () => {
    const asked = '河北在建几个国家区域医疗中心？';
    expect(features(asked, '山西太原也在共建国家区域医疗中心。')).toMatchObject({ placeMissing: 1, placeMissingWherePlacesNamed: 1 });
    expect(features(asked, '共建的国家区域医疗中心已有3个。')).toMatchObject({ placeMissing: 1, placeMissingWherePlacesNamed: 0 });
    expect(features(asked, '河北石家庄在建2个国家区域医疗中心。')).toMatchObject({ placeMissing: 0, placeMissingWherePlacesNamed: 0 });
  });

  it('speaks against a sentence with no figure in the unit the question names, and only when it names one', () => {
    const beds = '医院有多少张床位？';
    expect(features(beds, '医院有3个院区。')).toMatchObject({ numberAskedUnitMatch: 0, numberAskedUnitAbsent: 1 });
    expect(features(beds, '医院床位650张。')).toMatchObject({ numberAskedUnitMatch: 1, numberAskedUnitAbsent: 0 });
    // 「床位有多少」 names no unit: no sentence is held to one.
    expect(features('医院的床位有多少？', '医院有3个院区。')).toMatchObject({ numberAskedUnitMatch: 0, numberAskedUnitAbsent: 0 });
  });

  it('holds the figures a question states to the sentence, in any unit of the unit lists (5个月, not 5个)', () => {
    expect(features('前5个月远程会诊一共多少例？', '前5个月远程会诊共1.2万例。').questionNumberMissing).toBe(0);
    expect(features('前5个月远程会诊一共多少例？', '5个县开展远程会诊共1.2万例。').questionNumberMissing).toBe(1);
    expect(features('83岁的老人在哪家卫生院会诊？', '一位83岁的老人在镇卫生院接受会诊。').questionNumberMissing).toBe(0);
    expect(features('83岁的老人在哪家卫生院会诊？', '一位老人在镇卫生院接受会诊。').questionNumberMissing).toBe(1);
    // A figure is stated whole: 5个月 is not the end of 15个月.
    expect(features('前5个月远程会诊一共多少例？', '前15个月远程会诊共3.1万例。').questionNumberMissing).toBe(1);
  });

  it('speaks against a sentence holding none of the aspect asked, and only when the question has one', () => {
    const budget = '阿拉尔医院新建项目的预算是多少？';
    expect(features(budget, '阿拉尔医院于2021年动工。')).toMatchObject({ askedWordCoverage: 0, askedWordAbsent: 1 });
    expect(features(budget, '项目预算4亿元。')).toMatchObject({ askedWordAbsent: 0 });
    // An English question has no aspect words: nothing speaks against its sentences on that count.
    expect(features('What is the budget of the new hospital?', '项目于2021年动工。').askedWordAbsent).toBe(0);
  });
});

describe('describeCandidate: what is asked', () => {
  it('counts the counties and districts a sentence names as places for a question asking where', () => {
    const asked = '新院区的选址是哪里？';
    expect(features(asked, '新院区选在湖州市德清县。').placesAskedPlaceCount).toBeGreaterThan(features(asked, '新院区规划床位800张。').placesAskedPlaceCount);
  });

  it('sees the asked unit in a figure (多少钱 → 亿元) and a figure next to the asked noun', () => {
    const f = features('项目总投资多少钱？', '项目总投资7.5亿元。');
    expect(f.numberAskedUnitMatch).toBe(1);
    expect(f.numberAskedNearQuestionWord).toBe(1);
    expect(features('项目总投资多少钱？', '项目在阿拉尔。').numberAskedHasNumber).toBe(0);
  });

  it('leaves words the corpus never uses out of coverage, but counts them in the plain share', () => {
    const f = features('阿拉尔医院掏了多少？', '阿拉尔医院获得中央资金3亿元。', { unknown: ['掏'] });
    expect(f.wordCoverage).toBe(1);
    expect(f.allWordCoverage).toBeLessThan(1);
    expect(f.questionWordsUnknown).toBeGreaterThan(0);
  });

  it('tells a question with some nouns no article uses from one with none it uses', () => {
    const text = '个人所得税的起征点是每月5000元。';
    const some = features('个人所得税起征点是多少？', text, { unknown: ['起征点'] });
    expect(some.questionNounsUnknown).toBeGreaterThan(0);
    expect(some.questionNounsAllUnknown).toBe(0);
    const none = features('个人所得税起征点是多少？', text, { unknown: ['起征点', '起征'] });
    expect(none.questionNounsUnknown).toBe(1);
    expect(none.questionNounsAllUnknown).toBe(1);
  });

  it('does not take a follow-up carrying on the previous question for one about something else', () => {
    const history = [{ question: '个人所得税的起征点是多少？' }];
    const f = features('这个数字是哪个部门公布的？', '国家税务总局公布了起征点。', { unknown: ['数字', '部门'], history });
    expect(f.questionNounsUnknown).toBe(1);
    expect(f.questionNounsAllUnknown).toBe(0);
    expect(features('这个数字是哪个部门公布的？', '国家税务总局公布了起征点。', { unknown: ['数字', '部门'] }).questionNounsAllUnknown).toBe(1);
  });

  it('sees the asked fact next to the asked word: a figure by 投资, a date by 开工', () => {
    const answer = features('阿拉尔医院新建项目的总投资是多少？', '项目总投资7.5亿元，用地13万平方米。');
    expect(answer.askedWordCoverage).toBe(1);
    expect(answer.askedFactNearAskedWord).toBe(1);
    const lead = features('阿拉尔医院新建项目的总投资是多少？', '阿拉尔医院新建项目于2021年动工，建设用地13万平方米。');
    expect(lead.askedWordCoverage).toBeLessThan(answer.askedWordCoverage);
    expect(lead.askedFactNearAskedWord).toBe(0);
    expect(features('医院几月开工？', '今年5月开工，明年底投入运行。').askedFactNearAskedWord).toBe(1);
  });

  it('finds a one-character aspect inside the word a sentence uses for it (降 in 降幅)', () => {
    const answer = features('药品价格平均降了多少？', '降幅最大的达到73%。');
    expect(answer.askedWordCoverage).toBeGreaterThan(0);
    expect(answer.askedFactNearAskedWord).toBe(1);
    expect(features('药品价格平均降了多少？', '中选药品覆盖31个省份。').askedFactNearAskedWord).toBe(0);
  });

  it('finds a question character inside a longer word of the sentence (床 in 床位)', () => {
    expect(features('医院有多少张床？', '规划床位2000张。').characterCoverage).toBeGreaterThan(0);
  });
});

describe('articleNamesWhatIsAsked', () => {
  // Whether an article of this text and date (by default one of 2023) names what the question names.
  const names = (question: string, text: string, date = '2023-05-01') => articleNamesWhatIsAsked(analyzeQuestion(question), text, date);
  it('requires every place, batch and year the question names, by its words, its date or 今年/去年', () => {
    expect(names('德清县的医共体有几家分院？', '安吉县医共体下设12家分院。')).toBe(false);
    expect(names('德清县的医共体有几家分院？', '德清医共体下设12家分院。')).toBe(true);
    expect(names('第九批集采平均降价多少？', '第八批集采平均降价56%。')).toBe(false);
    expect(names('第一批试点有哪些医院？', '首批试点包括两家医院。')).toBe(true);
    expect(names('第二期有多少张床位？', '项目二期床位900张。')).toBe(true);
    expect(names('2021年新增了多少家养老机构？', '截至目前新增养老机构300家。', '2021-06-01')).toBe(true);
    expect(names('2021年新增了多少家养老机构？', '去年新增养老机构300家。', '2022-03-01')).toBe(true);
    expect(names('2021年新增了多少家养老机构？', '截至目前新增养老机构300家。', '2019-06-01')).toBe(false);
    // A province is named by one of its cities; the cities searched for a 「哪些城市」 question are not required.
    expect(names('河北有哪些城市开展了试点？', '石家庄开展了试点。')).toBe(true);
    expect(names('河北有哪些城市开展了试点？', '太原开展了试点。')).toBe(false);
    // An ordinary word that is also a city's name (白银, silver) names no province.
    expect(names('甘肃开展了哪些试点？', '白银价格上涨，试点开展。')).toBe(false);
    expect(names('甘肃开展了哪些试点？', '白银市开展了试点。')).toBe(true);
  });
});
