import { describe, expect, it } from 'vitest';
import { extractFacts } from '../../src/corpus/facts.js';
import { FEATURE_NAMES, type FeatureVector } from '../../src/rank/features.js';
import { questionTerms } from '../../src/rank/terms.js';
import { compareWithinQuestion } from '../../src/rank/within-question.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';
import { indexTokens } from '../../src/text/tokenize.js';

const idf = () => 1;

/** One article's sentences as compared candidates, with their own features zero. */
function article(file: string, sentences: string[]) {
  return sentences.map((text, i) => ({
    features: Object.fromEntries(FEATURE_NAMES.map((name) => [name, 0])) as FeatureVector,
    file,
    place: [0, i * 100] as const,
    tokens: new Set(indexTokens(text)),
    text,
    numbers: extractFacts(text, '2023-01-01').numbers,
  }));
}

describe('compareWithinQuestion', () => {
  const question = analyzeQuestion('儿童医院规划了多少张床位？');
  const terms = questionTerms(question, idf);

  it('weighs the words that single out a sentence of its article over the ones every sentence repeats', () => {
    const sentences = article('a.md', ['儿童医院正式挂牌。', '儿童医院属于第四批项目。', '儿童医院规划床位2000张。', '儿童医院位于东坡区。']);
    compareWithinQuestion(terms, sentences);
    const [lead, , beds] = sentences;
    expect(beds!.features.articleLocalCoverage).toBeGreaterThan(lead!.features.articleLocalCoverage);
    expect(beds!.features.figureNearArticleLocalWord).toBe(1);
    expect(lead!.features.figureNearArticleLocalWord).toBe(0);
  });

  it('compares coverage with the best candidate of the question and marks the best of each article', () => {
    const candidates = [...article('a.md', ['儿童医院规划床位2000张。', '医院挂牌。']), ...article('b.md', ['床位紧张。'])];
    candidates.forEach((c, i) => (c.features.wordCoverage = [0.8, 0.2, 0.4][i]!));
    compareWithinQuestion(terms, candidates);
    expect(candidates.map((c) => c.features.relativeCoverage)).toEqual([1, 0.25, 0.5]);
    expect(candidates.map((c) => c.features.bestInDocument)).toEqual([1, 0, 1]);
  });

  it('compares a candidate holding the kind of fact asked with the best such candidate, not with one that lacks it', () => {
    const candidates = article('a.md', ['儿童医院规划床位2000张。', '儿童医院的床位规划备受关注。']);
    candidates[0]!.features.wordCoverage = 0.5;
    candidates[0]!.features.numberAskedUnitMatch = 1;
    candidates[1]!.features.wordCoverage = 1;
    compareWithinQuestion(terms, candidates);
    expect(candidates.map((c) => c.features.relativeCoverage)).toEqual([0.5, 1]);
    expect(candidates.map((c) => c.features.relativeFittingCoverage)).toEqual([1, 0]);
  });

  it('scores a candidate holding the asked kind of fact by the best coverage among the sentences around it', () => {
    // The sentence naming the hospital, then five more: the figure four sentences on is near it, the one six on is not.
    const sentences = article('a.md', ['儿童医院项目获得通过。', '项目分两期。', '一期已开工。', '二期在设计。', '规划床位2000张。', '配套完善。', '另有车位300个。']);
    sentences.forEach((c, i) => (c.features.wordCoverage = [0.8, 0.1, 0.1, 0.1, 0.2, 0.1, 0][i]!));
    for (const i of [4, 6]) sentences[i]!.features.numberAskedUnitMatch = 1;
    compareWithinQuestion(terms, sentences);
    expect(sentences.map((c) => c.features.fittingNearBest)).toEqual([0, 0, 0, 0, 1, 0, 0.25]);
  });

  it('marks a sentence when neither it nor the six before it name what the question is about', () => {
    const named = questionTerms(analyzeQuestion('湘雅医院江西医院规划了多少张床位？'), idf);
    const between = ['省直医院也在扩容。', '红谷滩院区已开业。', '全省新增床位。', '建筑面积增加。', '多个院区在建。', '进度总体顺利。'];
    const sentences = article('a.md', ['湘雅医院江西医院去年挂牌。', '规划床位1500张。', ...between, '新院区多出9600张床位。']);
    compareWithinQuestion(named, sentences);
    const missing = sentences.map((c) => c.features.nameMissingNearby);
    expect(missing.slice(0, 7)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(missing[8]).toBe(1);
  });
});
