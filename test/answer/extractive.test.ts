import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/corpus/facts.js';
import { composeExtractive } from '../../src/answer/extractive.js';
import { FEATURE_NAMES, type FeatureVector } from '../../src/rank/features.js';
import type { ScoredCandidate } from '../../src/rank/rank.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';
import type { IndexedChunk } from '../../src/store/corpus-index.js';
import { indexTokens } from '../../src/text/tokenize.js';

const zero = Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as FeatureVector;

/** A scored candidate quoting `text`, or the part of it at `span` (a sentence of a longer passage). */
function candidate(file: string, ordinal: number, text: string, probability: number, span: { start: number; end: number } = { start: 0, end: text.length }): ScoredCandidate {
  const chunk = { id: `${file}#${ordinal}`, file, ordinal, paragraph: ordinal, text, date: '2022-05-11', publisher: '某报', title: 't', twins: [] } as unknown as IndexedChunk;
  const quote = text.slice(span.start, span.end);
  const facts = extractFacts(quote, '2022-05-11');
  return { passage: { chunk, position: ordinal, score: 1, rank: ordinal, alsoIn: [] }, ...span, text: quote, tokens: new Set(indexTokens(quote)), facts, features: zero, probability };
}

/** The candidate with fields of its passage's chunk changed (its paragraph, its date). */
function withChunk(c: ScoredCandidate, patch: Partial<IndexedChunk>): ScoredCandidate {
  return { ...c, passage: { ...c.passage, chunk: { ...c.passage.chunk, ...patch } } };
}

describe('composeExtractive (the offline composer over scored candidates)', () => {
  const decisions = { threshold: 0.3, secondQuoteRatio: 0.5, followingQuoteRatio: 1 };

  it('refuses when even the best candidate is below the threshold', () => {
    const answer = composeExtractive(analyzeQuestion('国家区域医疗中心有多少个？'), [candidate('a.md', 0, '全国建设26个国家区域医疗中心。', 0.29)], decisions);
    expect(answer).toEqual({ answered: false, lead: '', text: '', used: [] });
  });

  it('quotes the best sentence with its source and [1], and a second only when it scores at least the ratio of the best', () => {
    const question = analyzeQuestion('国家区域医疗中心有多少个？');
    const best = candidate('a.md', 0, '全国建设26个国家区域医疗中心。', 0.6);
    const close = candidate('b.md', 0, '另有16个项目在推进。', 0.31);
    const far = candidate('c.md', 0, '医院在建设。', 0.29);
    const one = composeExtractive(question, [best, far], decisions);
    expect(one.lead).toBe('截至2022年5月，全国建设26个国家区域医疗中心[1]。');
    expect(one.text).toBe(`${one.lead}\n据某报（2022-05-11）：全国建设26个国家区域医疗中心。[1]`);
    expect(one.used.map((p) => p.chunk.file)).toEqual(['a.md']);
    expect(composeExtractive(question, [far, best, close], decisions).used.map((p) => p.chunk.file).sort()).toEqual(['a.md', 'b.md']);
  });

  it('answers a follow-up that swaps in another place only with a sentence naming that place', () => {
    const history = [{ question: '哪些省份新纳入国家区域医疗中心建设？', searchedAs: '哪些省份新纳入国家区域医疗中心建设' }];
    const question = analyzeQuestion('那江苏呢？', history);
    expect(question.swappedPlaces).toEqual(['江苏']);
    const listing = candidate('a.md', 0, '新增地区包括吉林、湖南、湖北等省份。', 0.6);
    const jiangsu = candidate('b.md', 0, '江苏也有项目首次入选国家区域医疗中心。', 0.4);
    const answer = composeExtractive(question, [listing, jiangsu], decisions);
    expect(answer.used.map((p) => p.chunk.file)).toEqual(['b.md']);
    // Without the swap, the same candidates give the best-scored sentence.
    expect(composeExtractive(analyzeQuestion('哪些省份新纳入？'), [listing, jiangsu], decisions).used[0]!.chunk.file).toBe('a.md');
  });

  it('for a list of places, adds the passages that name places the quotes so far lack, within the province asked', () => {
    const question = analyzeQuestion('河北有哪些城市在建国家区域医疗中心？');
    const answer = composeExtractive(
      question,
      [
        candidate('a.md', 0, '石家庄正在建设区域医疗中心。', 0.5),
        candidate('a.md', 1, '保定也在建设。', 0.45),
        candidate('a.md', 2, '张家口的崇礼院区已投用。', 0.4),
        candidate('a.md', 3, '太原也有项目。', 0.44),
      ],
      decisions,
    );
    for (const city of ['石家庄', '保定', '张家口']) expect(answer.text).toContain(city);
    expect(answer.text).not.toContain('太原');
  });

  it('runs the quote on into the next sentence of its passage when that one scores at least the following ratio of the best', () => {
    const question = analyzeQuestion('飞检定了哪两方面目标？');
    const passage = '方案为今年的飞检定下了两方面目标。一是保持高压态势。二是推进信息业务编码。';
    const sentences = ['方案为今年的飞检定下了两方面目标。', '一是保持高压态势。', '二是推进信息业务编码。'].map((sentence, i) => {
      const start = passage.indexOf(sentence);
      return candidate('a.md', 0, passage, [0.6, 0.05, 0.01][i]!, { start, end: start + sentence.length });
    });
    expect(sentences.map((s) => s.text)).toEqual(['方案为今年的飞检定下了两方面目标。', '一是保持高压态势。', '二是推进信息业务编码。']);
    const runOn = composeExtractive(question, sentences, { ...decisions, followingQuoteRatio: 0.05 });
    expect(runOn.text).toContain('方案为今年的飞检定下了两方面目标。一是保持高压态势。（文中“今年”指2022年）[1]');
    expect(runOn.text).not.toContain('二是');
    expect(composeExtractive(question, sentences, decisions).text).not.toContain('一是');
  });
  it('takes along the list a quote ending its paragraph with a colon opens, one paragraph an item, citing what it quotes', () => {
    const question = analyzeQuestion('医保电子凭证有哪些优点？');
    const intro = candidate('a.md', 0, '据介绍，和传统方式相比，医保电子凭证有三个突出优点：', 0.6);
    const items = ['一是方便快捷。不需要实体卡。', '二是全国通用。', '三是安全可靠。采用国产加密算法。'].map((text, i) => candidate('a.md', i + 1, text, 0.3 - i * 0.1, { start: 0, end: text.indexOf('。') + 1 }));
    const after = candidate('a.md', 4, '目前已有50多个渠道可激活。', 0.15);
    const answer = composeExtractive(question, [intro, ...items, after], { ...decisions, secondQuoteRatio: 0.1 });
    // Each item's first sentence, 「……」 where its paragraph goes on, cited as quoted; an item is not quoted again
    // (the first scores above the other sentence), and the lead drops an item's ordinal word.
    expect(answer.text).toContain('医保电子凭证有三个突出优点：一是方便快捷。……二是全国通用。三是安全可靠。……[1]');
    expect(answer.used.map((p) => p.position)).toEqual([0, 4]);
    expect(answer.used[0]!.chunk.text).toBe('据介绍，和传统方式相比，医保电子凭证有三个突出优点：\n一是方便快捷。……\n二是全国通用。\n三是安全可靠。……');
    // No more items than the citation can show.
    const long = candidate('a.md', 3, `三是${'安全'.repeat(200)}。`, 0.1);
    expect(composeExtractive(question, [intro, items[0]!, items[1]!, long, after], decisions).text).toContain('二是全国通用。[1]');
    // Without the next paragraph among the candidates, the quote alone.
    expect(composeExtractive(question, [intro, after], decisions).text).toContain('医保电子凭证有三个突出优点：[1]');
    // A paragraph after the colon that is no item: that one paragraph.
    const plain = candidate('a.md', 1, '方便、通用、安全。', 0.1);
    expect(composeExtractive(question, [intro, plain, after], decisions).text).toContain('医保电子凭证有三个突出优点：方便、通用、安全。[1]');
  });

  it('walks a list by paragraphs, a long one cut into passages, and not from a colon its paragraph goes on after', () => {
    const question = analyzeQuestion('医保电子凭证有哪些优点？');
    const inParagraph = (c: ScoredCandidate, paragraph: number) => withChunk(c, { paragraph });
    const intro = candidate('a.md', 0, '据介绍，和传统方式相比，医保电子凭证有两个突出优点：', 0.6);
    const first = inParagraph(candidate('a.md', 1, '一是方便快捷。', 0.1), 1);
    const firstGoesOn = inParagraph(candidate('a.md', 2, '参保人通过国家医保服务平台就能激活使用。', 0.1), 1);
    const second = inParagraph(candidate('a.md', 3, '二是全国通用。', 0.1), 2);
    expect(composeExtractive(question, [intro, first, firstGoesOn, second], decisions).text).toContain('两个突出优点：一是方便快捷。……二是全国通用。[1]');
    // The colon's own paragraph goes on in the next passage: what follows it there is the list, not the next paragraph.
    const cut = inParagraph(candidate('a.md', 1, '方便快捷、全国通用。', 0.1), 0);
    expect(composeExtractive(question, [intro, cut, inParagraph(second, 1)], decisions).text).toContain('两个突出优点：[1]');
  });

  it('does not give a list item taken into the quote again as a figure over time', () => {
    const question = analyzeQuestion('国家区域医疗中心建设项目有多少个？');
    const intro = candidate('a.md', 0, '国家卫生健康委介绍了国家区域医疗中心建设的进展，主要有以下几点：', 0.6);
    const item = withChunk(candidate('a.md', 1, '一是国家区域医疗中心建设项目已达50个。', 0.4), { date: '2023-05-11' });
    const earlier = candidate('b.md', 0, '国家区域医疗中心建设项目已有26个。', 0.3);
    const answer = composeExtractive(question, [intro, item, earlier], decisions);
    expect(answer.text.match(/已达50个/g)).toHaveLength(2); // the quote, and the lead
    expect(answer.lead).toBe('截至2022年5月，国家区域医疗中心建设项目已达50个[1]。');
    expect(answer.used.map((p) => p.chunk.file)).toEqual(['a.md', 'b.md']);
  });
});
