import { describe, expect, it } from 'vitest';
import { answerAboutPrevious } from '../../src/answer/about-answer.js';
import type { Citation, Turn } from '../../src/answer/types.js';

const citation = (quote: string, over: Partial<Citation> = {}): Citation => ({
  n: 1,
  file: 'a.md',
  title: '第二批区域医疗中心试点启动',
  publisher: '新浪财经',
  date: '2021-07-24',
  url: 'https://example.org/a',
  quote,
  chunkId: 'a.md#0',
  alsoIn: [],
  ...over,
});

const SPOKEN = '在合肥举办的会议上，医改经验得到推广。“今年国家将启动第二批16个区域医疗中心试点建设。”国家卫健委副主任李斌24日在会上透露了新的规划。';
const turnAbout = (quote: string, lead: string, over: Partial<Citation> = {}): Turn => ({
  question: '第二批试点有多少个？',
  searchedAs: '第二批 试点 多少',
  lead,
  cited: [citation(quote, over)],
});

describe('answerAboutPrevious (follow-ups about the last answer, from its own sources)', () => {
  it('who said it: the titled speaker named with the quoted sentence, with the organisation before the title', () => {
    const about = answerAboutPrevious('这话是谁说的？', turnAbout(SPOKEN, '今年（即2021年）国家将启动第二批16个区域医疗中心试点建设[1]。'), false)!;
    expect(about.lead).toBe('说这话的是国家卫健委副主任李斌[1]。');
    expect(about.text).toContain('据新浪财经（2021-07-24）：“今年国家将启动');
    expect(about.citations).toHaveLength(1);
  });

  it('when: the dates in the sentence the answer led with, 今年 given its year, and the report date', () => {
    const about = answerAboutPrevious('哪年的事？', turnAbout(SPOKEN, '今年（即2021年）国家将启动第二批16个区域医疗中心试点建设[1]。'), false)!;
    expect(about.lead).toBe('原文给出的时间：今年（即2021年）、24日（报道日期 2021-07-24）[1]。');
  });

  it('when: 截止日期 and 到期时间 ask the date, as 哪年 does', () => {
    const turn = turnAbout(SPOKEN, '今年（即2021年）国家将启动第二批16个区域医疗中心试点建设[1]。');
    for (const question of ['截止日期呢？', '到期时间是？']) expect(answerAboutPrevious(question, turn, false)?.lead).toContain('原文给出的时间');
  });

  it('which department issued it: the issuer before 印发, with the document it issued', () => {
    const quote = '国家医保局、财政部、国家税务总局近日联合印发《关于做好2021年城乡居民基本医疗保障工作的通知》，居民医保人均财政补助标准新增30元。';
    const about = answerAboutPrevious('这个通知是哪个部门发的？', turnAbout(quote, '居民医保人均财政补助标准新增30元[1]。'), false)!;
    expect(about.lead).toBe('据原文，出自国家医保局、财政部、国家税务总局印发《关于做好2021年城乡居民基本医疗保障工作的通知》[1]。');
  });

  it('says plainly when the passage does not name what is asked, and where it is from', () => {
    const about = answerAboutPrevious('谁说的？', turnAbout('全国每年将新增社区医院500个以上。', '全国每年将新增社区医院500个以上[1]。'), false)!;
    expect(about.lead).toBe('原文没有写明是谁说的；它出自新浪财经（2021-07-24）[1]。');
  });

  it('where it is from: every cited article with outlet, date, title, file and link', () => {
    const previous: Turn = { ...turnAbout(SPOKEN, '第二批16个[1]。'), cited: [citation(SPOKEN), citation('另一段。', { n: 2, file: 'b.md', publisher: null, url: null, title: '另一篇' })] };
    const about = answerAboutPrevious('出处是哪篇？', previous, false)!;
    expect(about.lead).toBe('出自新浪财经（2021-07-24）的《第二批区域医疗中心试点启动》[1]。');
    expect(about.text).toContain('[2] 报道（2021-07-24）《另一篇》，文件 b.md');
    expect(about.text).toContain('原文：https://example.org/a');
    expect(about.citations.map((c) => c.n)).toEqual([1, 2]);
  });

  it('answers in English for an English question', () => {
    const about = answerAboutPrevious('Who said that?', turnAbout(SPOKEN, '今年（即2021年）国家将启动第二批16个区域医疗中心试点建设[1]。'), true)!;
    expect(about.lead).toBe('Said by: 国家卫健委副主任李斌 [1].');
  });

  it('leaves to a fresh search a follow-up naming a subject of its own, and has nothing to tell after a refusal', () => {
    const previous = turnAbout(SPOKEN, '第二批16个[1]。');
    expect(answerAboutPrevious('那江苏是什么时候启动的？', previous, false)).toBeNull();
    expect(answerAboutPrevious('医保目录是哪个部门发的？', previous, false)).toBeNull();
    expect(answerAboutPrevious('哪年的事？', undefined, false)).toBeNull();
    const refused = answerAboutPrevious('Where is this from?', { question: '？', searchedAs: '' }, true)!;
    expect(refused).toMatchObject({ answered: false, citations: [] });
    expect(refused.text).toContain('found no answer');
  });

  it('reads an issuer or a speaker without the date or 据 around it, and gives a bare day its year', () => {
    const announced = '国家医保局1月2日发布消息，全国已有282个统筹地区实现实际付费。';
    expect(answerAboutPrevious('哪个部门发的？', turnAbout(announced, '全国已有282个统筹地区实现实际付费[1]。', { date: '2024-01-03' }), false)!.lead).toBe(
      '据原文，出自国家医保局发布[1]。',
    );
    expect(answerAboutPrevious('哪年的事？', turnAbout(announced, '全国已有282个统筹地区实现实际付费[1]。', { date: '2024-01-03' }), false)!.lead).toBe(
      '原文给出的时间：2024年1月2日（报道日期 2024-01-03）[1]。',
    );
    const briefing = '据国家卫生健康委医政司副司长李大川介绍，已经设置了13个专业类别的国家医学中心。';
    expect(answerAboutPrevious('谁说的？', turnAbout(briefing, '已经设置了13个专业类别的国家医学中心[1]。'), false)!.lead).toBe('说这话的是国家卫生健康委医政司副司长李大川[1]。');
  });

  it('who said it: a speaker named without a title, and the organisation before a title read from after the venue', () => {
    const untitled = turnAbout('黄心宇说，今年目录调整主要面向新药。', '今年目录调整主要面向新药[1]。');
    expect(answerAboutPrevious('谁说的？', untitled, false)!.lead).toBe('说这话的是黄心宇[1]。');
    const venue = turnAbout('在近日召开的全省卫生健康工作会议上河南省卫生健康委员会规划发展处处长王强表示，要扩容。', '要扩容[1]。');
    expect(answerAboutPrevious('谁说的？', venue, false)!.lead).toBe('说这话的是河南省卫生健康委员会规划发展处处长王强[1]。');
  });

  it('who said it: a passage naming no speaker is followed back to the speaker its article quoted before it, said as such', () => {
    const turn = turnAbout('三是支持建设120个左右省级区域医疗中心。', '建设120个左右省级区域医疗中心[1]。');
    const earlier = [
      citation('一是支持建设国家医学中心。', { chunkId: 'a.md#2' }),
      citation('会上，国家发展改革委社会司司长欧晓理表示，要推动优质医疗资源扩容。主持人随后介绍了议程。', { chunkId: 'a.md#1' }),
    ];
    const about = answerAboutPrevious('这是哪位官员说的？', turn, false, () => earlier)!;
    expect(about.lead).toBe('原文这段[1]没有写明是谁说的；文中在它之前引述的是国家发展改革委社会司司长欧晓理[2]。');
    expect(about.citations.map((c) => [c.n, c.quote])).toEqual([
      [1, '三是支持建设120个左右省级区域医疗中心。'],
      [2, '会上，国家发展改革委社会司司长欧晓理表示，要推动优质医疗资源扩容。'],
    ]);
    // A person only named, never quoted speaking, is no speaker.
    const named = [citation('副主任李斌在合肥调研。', { chunkId: 'a.md#1' })];
    expect(answerAboutPrevious('谁说的？', turn, false, () => named)!.lead).toBe('原文没有写明是谁说的；它出自新浪财经（2021-07-24）[1]。');
    // The noun after 哪位 is the kind of person asked; a noun of its own elsewhere is a new question.
    expect(answerAboutPrevious('哪位医生负责三明医改？', turn, false, () => earlier)).toBeNull();
  });

  it('names as the source the article the answer led with, keeping its marker', () => {
    const previous: Turn = { ...turnAbout(SPOKEN, '第二批16个[2]。'), cited: [citation('另一段。', { n: 1, file: 'b.md', title: '另一篇' }), citation(SPOKEN, { n: 2 })] };
    expect(answerAboutPrevious('出处是哪篇？', previous, false)!.lead).toBe('出自新浪财经（2021-07-24）的《第二批区域医疗中心试点启动》[2]。');
  });
});
