import { describe, expect, it } from 'vitest';
import { composeLead, withCalendarYears, type LeadQuote } from '../../src/answer/lead.js';
import { numbersIn } from '../../src/corpus/facts.js';
import { analyzeQuestion } from '../../src/retrieve/question.js';

const quote = (text: string, n = 1, date: string | null = '2022-05-26'): LeadQuote => ({ text, n, date });

describe('composeLead (the one-sentence direct answer an answer opens with)', () => {
  it('takes the clause with the figure in the unit asked, says as of when, and keeps every figure verbatim', () => {
    const sentence = '目前，全国已布局十大类17个国家医学中心、在8个省份试点建设26个国家区域医疗中心，特别是儿童专科已实现全覆盖。';
    const lead = composeLead(analyzeQuestion('国家区域医疗中心试点建设了多少个？'), [quote(sentence)]);
    expect(lead).toBe('截至2022年5月，全国已布局十大类17个国家医学中心、在8个省份试点建设26个国家区域医疗中心[1]。');
    for (const figure of numbersIn(lead.replace(/^截至\d+年\d+月，/, '').replace(/\[\d\]/g, ''))) expect(numbersIn(sentence)).toContain(figure);
  });

  it('prefers the clause counting in the unit asked (张) when the question\'s words do not tell the clauses apart', () => {
    const sentence = '一期工程投资30亿元，一期工程开放床位共计600张。';
    expect(composeLead(analyzeQuestion('一期工程有多少张？'), [quote(sentence)])).toBe('截至2022年5月，一期工程开放床位共计600张[1]。');
  });

  it('takes as many figures as the question asks for, and the level a figure came to', () => {
    const counts = '据统计，2020年基层医疗卫生机构为97万个，到2025年，基层医疗卫生机构增至104万个，床位也有增加。';
    const both = composeLead(analyzeQuestion('2020年基层医疗卫生机构有多少个，2025年又有多少个？'), [quote(counts)]);
    expect(both).toContain('97万个');
    expect(both).toContain('104万个');
    const level = composeLead(analyzeQuestion('居民医保人均财政补助标准是多少？'), [quote('根据通知，居民医保人均财政补助标准新增30元，达到每人每年不低于580元。')]);
    expect(level).toContain('580元');
  });

  it('keeps the date a figure is given for, and then says no other "as of"', () => {
    const lead = composeLead(analyzeQuestion('跨省就医直接结算有多少人次？'), [quote('截至今年6月底，全国医保跨省就医直接结算已达669万人次。', 1, '2020-10-09')]);
    expect(lead).toBe('截至今年6月底（即2020年6月底），全国医保跨省就医直接结算已达669万人次[1]。');
  });

  it('says no "as of" for a planned figure: a target is not a count on the article date', () => {
    const lead = composeLead(analyzeQuestion('全国每年要新增多少个社区医院？'), [quote('按照安排，全国每年将新增社区医院500个以上。', 1, '2024-01-30')]);
    expect(lead).toBe('全国每年将新增社区医院500个以上[1]。');
  });

  it('answers "how long" with a span of time, not with the date the question\'s words point to', () => {
    const sentence = '医院建成投用于2023年，此后5年内将成为区域中心。';
    expect(composeLead(analyzeQuestion('医院建成投用要多久？'), [quote(sentence)])).toContain('5年内');
    expect(composeLead(analyzeQuestion('医院是哪一年建成投用的？'), [quote(sentence)])).toBe('医院建成投用于2023年[1]。');
  });

  it('gives 今年 its calendar year from the article date, keeping the phrase as written', () => {
    const lead = composeLead(analyzeQuestion('规划布局要在什么时候基本完成？'), [quote('按照时间表，今年年底前省级区域医疗中心的规划布局要基本完成，相关项目也要开工启动。', 1, '2022-09-15')]);
    expect(lead).toContain('今年年底前（即2022年底前）');
  });

  it('takes the whole list of places, across clauses, and a list answered by several quotes, each with its marker', () => {
    const one = composeLead(analyzeQuestion('2019年有哪几个地方上线了惠民保？'), [quote('2019年，江苏南京，广东珠海、广州，以及海南四地相继上线惠民保产品，多家保险公司参与其中。')]);
    for (const place of ['南京', '珠海', '广州', '海南']) expect(one).toContain(place);
    const several = composeLead(analyzeQuestion('河北哪些城市在建区域医疗中心？'), [quote('石家庄正在建设区域医疗中心。', 1), quote('保定也在建设。', 2), quote('张家口的崇礼院区已投用。', 3)]);
    expect(several).toBe('石家庄正在建设区域医疗中心[1]；保定也在建设[2]；张家口的崇礼院区已投用[3]。');
  });

  it('between quotes that each state a figure, leads with the one naming what is asked (建好, not 新建)', () => {
    const question = analyzeQuestion('全国一共建好了多少所社区医院？');
    const lead = composeLead(question, [quote('今年要新建社区医院500所。', 1), quote('全国共建好社区医院3000所。', 2)]);
    expect(lead).toContain('3000所');
  });

  it('leads with the best-scored quote that states a figure when the best one states none', () => {
    const lead = composeLead(analyzeQuestion('新院有多少张床位？'), [quote('新院正式挂牌并开始接诊。', 1), quote('新院规划床位2000张。', 2)]);
    expect(lead).toBe('截至2022年5月，新院规划床位2000张[2]。');
  });

  it('leaves out a quotation mark whose partner is outside the clauses taken', () => {
    const lead = composeLead(analyzeQuestion('第二批要启动多少个区域医疗中心试点？'), [quote('“今年国家将启动第二批16个区域医疗中心试点建设，还将继续规划设置国家医学中心。”李斌在会上说。')]);
    expect(lead).not.toMatch(/[“”]/);
    expect(lead).toContain('第二批16个区域医疗中心试点建设');
  });

  it('never cuts a clause inside brackets: the bracket stays closed and what it holds stays in', () => {
    const sentence = '神经疾病方向：首都医科大学附属北京天坛医院河南医院（依托医院：郑州大学第一附属医院）';
    const lead = composeLead(analyzeQuestion('天坛医院河南医院的依托医院是哪家？'), [quote(sentence)]);
    expect(lead).toContain('（依托医院：郑州大学第一附属医院）[1]');
    // A bracket left open, or holding a long aside, does not swallow the sentence: the lead stops before it.
    const question = analyzeQuestion('河南有多少个国家区域医疗中心？');
    const aside = '截至目前，河南已有4个国家区域医疗中心项目落地（分别是神经疾病、呼吸、儿科和心血管方向，另有2个项目正在申报，预计明年获批，届时将达到6个），位居全国前列。';
    expect(composeLead(question, [quote(aside)])).toBe('河南已有4个国家区域医疗中心项目落地[1]。');
    // The answer inside a bracket left open stays, the bracket becoming a comma; a book title may run as long as a lead.
    expect(composeLead(analyzeQuestion('河南另有几个项目正在申报？'), [quote(aside)])).toBe(
      '河南已有4个国家区域医疗中心项目落地，分别是神经疾病、呼吸、儿科和心血管方向，另有2个项目正在申报[1]。',
    );
    const title = '国务院办公厅印发了《关于进一步深化改革促进乡村医疗卫生体系健康发展，全面提升基层服务能力的意见》，对今后一个时期作出部署。';
    expect(composeLead(analyzeQuestion('国务院办公厅印发了什么文件？'), [quote(title)])).toContain('全面提升基层服务能力的意见》[1]');
    expect(composeLead(question, [quote('据介绍（记者获悉，截至目前，河南已有4个国家区域医疗中心项目落地，覆盖全省主要病种。')])).toBe('截至2022年5月，河南已有4个国家区域医疗中心项目落地[1]。');
  });

  it('does not end on a label that only introduces the next item (第二步：)', () => {
    const sentence = '分三步走：第一步：由妇幼保健院划转而来，床位600张；第二步：二期与三期共用地127亩。';
    const lead = composeLead(analyzeQuestion('华西第二医院天府医院有多少张床位？'), [quote(sentence)]);
    expect(lead).toBe('截至2022年5月，床位600张[1]。');
  });

  it('answers who with the clause naming the titled person', () => {
    const sentence = '今年将启动第二批试点，国家卫健委副主任李斌在合肥说。';
    expect(composeLead(analyzeQuestion('是谁说今年将启动第二批试点？'), [quote(sentence)])).toContain('副主任李斌');
  });

  it('writes an English lead around the Chinese clause for an English question', () => {
    const lead = composeLead(analyzeQuestion('How many national regional medical centres were built in pilots?'), [quote('在8个省份试点建设26个国家区域医疗中心。')]);
    expect(lead).toBe('The figure: 在8个省份试点建设26个国家区域医疗中心 (as of 2022-05) [1].');
  });

  it('gives 今年 its calendar year but leaves a span of years (5至10年内) alone', () => {
    expect(withCalendarYears('力争5至10年内建成，今年年底前开工', '2021-05-02', false)).toBe('力争5至10年内建成，今年年底前（即2021年底前）开工');
  });
});
