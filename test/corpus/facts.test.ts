import { beforeAll, describe, expect, it } from 'vitest';
import { datesIn, extractDeadlines, extractFacts, extractNumbers, latestOnOrBefore, numbersIn, relativeYearsIn } from '../../src/corpus/facts.js';
import type { CorpusDocument } from '../../src/corpus/load.js';
import { loadSeeds } from '../helpers/corpus.js';

let seeds: Map<string, CorpusDocument>;
beforeAll(async () => {
  seeds = await loadSeeds();
});

/** The paragraph of seed `prefix` that contains `needle`: facts are tested on the real article text. */
function paragraphWith(prefix: string, needle: string): string {
  const paragraph = seeds.get(prefix)!.paragraphs.find((p) => p.includes(needle));
  if (!paragraph) throw new Error(`seed ${prefix} has no paragraph with ${needle}`);
  return paragraph;
}

describe('extractNumbers', () => {
  it('reads a figure grouped by thousands as one number, quoted as written', () => {
    expect(extractNumbers('累计结算1,200,000人次。').map(({ text, value }) => ({ text, value }))).toEqual([{ text: '1,200,000人次', value: '1200000' }]);
  });

  it('finds a count with what it counts (26个国家区域医疗中心)', () => {
    expect(extractNumbers(paragraphWith('000', '26个国家区域医疗中心'))).toContainEqual({
      text: '26个国家区域医疗中心',
      value: '26',
      unit: '个',
      subject: '国家区域医疗中心',
    });
  });

  it('finds money (5亿元)', () => {
    expect(extractNumbers(paragraphWith('003', '累计不超过5亿元'))).toContainEqual({ text: '5亿元', value: '5', unit: '亿元', subject: '' });
  });

  it('finds decimal percentages (63.1%, 51.3%)', () => {
    const numbers = extractNumbers(paragraphWith('003', '下降63.1%'));
    expect(numbers).toContainEqual({ text: '63.1%', value: '63.1', unit: '%', subject: '' });
    expect(numbers).toContainEqual({ text: '51.3%', value: '51.3', unit: '%', subject: '' });
  });

  it('keeps an approximation with its unit (120个左右省级区域医疗中心)', () => {
    expect(extractNumbers(paragraphWith('004', '120个左右'))).toContainEqual({
      text: '120个左右省级区域医疗中心',
      value: '120',
      unit: '个左右',
      subject: '省级区域医疗中心',
    });
  });

  it('counts in any measure word CC-CEDICT knows and in units that are not classifiers, a magnitude before them or alone', () => {
    const values = (text: string) => extractNumbers(text).map((n) => `${n.value}${n.unit}`);
    expect(values('当年招聘的乡村医生超过5000人，总量达58.16万套，收录121种罕见病，估算总投资331亿。')).toEqual(['5000人', '58.16万套', '121种', '331亿']);
    // 一所学校, 一些, 一样: a lone 一 before a classifier, and words CC-CEDICT calls classifiers that are not counts here.
    expect(values('一所学校和一些诊所一样，2020和2021年都在7月1号开诊。')).toEqual([]);
  });

  it('does not report years as quantities', () => {
    expect(extractNumbers('到2022年底，基本完成规划布局。').map((n) => n.value)).not.toContain('2022');
  });
});

describe('extractDeadlines', () => {
  it('reads an explicit year-end deadline (到2022年底)', () => {
    expect(extractDeadlines(paragraphWith('003', '《方案》表示，到2022年底'), '2022-05-11')).toContainEqual({ text: '到2022年底', year: 2022 });
  });

  it('resolves the end of the 14th five-year plan to 2025 (“十四五”末)', () => {
    expect(extractDeadlines(paragraphWith('003', '到“十四五”末，国家区域医疗中心建设任务基本完成，优质'), '2022-05-11')).toEqual([
      { text: '到“十四五”末', year: 2025 },
    ]);
  });

  it('reads 年内 after a count of years (5至10年内, 三年内) as a span, not as this year', () => {
    expect(relativeYearsIn('力争5至10年内发展为国家区域儿童医疗中心。', '2021-05-02')).toEqual([]);
    expect(extractDeadlines('力争三年内建成。', '2021-05-02')).toEqual([]);
    for (const span of ['若干年内', '５年内']) expect(relativeYearsIn(`力争${span}建成。`, '2021-05-02')).toEqual([]);
    // A word ending in a count character before 年内 is no count: 人数, 骨干.
    expect(relativeYearsIn('参保人数年内达到13亿。', '2021-05-02')).toEqual([{ word: '年内', year: 2021 }]);
    expect(relativeYearsIn('骨干年内完成培训。', '2021-05-02')).toEqual([{ word: '年内', year: 2021 }]);
    expect(relativeYearsIn('项目年内开工。', '2021-05-02')).toEqual([{ word: '年内', year: 2021 }]);
    expect(extractDeadlines('项目年内开工。', '2021-05-02')).toEqual([{ text: '年内', year: 2021 }]);
    expect(datesIn('力争5至10年内发展为国家区域儿童医疗中心。')).toEqual([]);
    expect(datesIn('项目年内开工。')).toEqual(['年内']);
    // Only 年内 depends on what stands before it: 「这个去年刚建成的中心」 is last year's.
    expect(relativeYearsIn('这个去年刚建成的中心。', '2021-05-02')).toEqual([{ word: '去年', year: 2020 }]);
  });

  it('resolves 今年 and 明年 against the article date', () => {
    const deadlines = extractDeadlines(paragraphWith('002', '到明年'), '2021-07-24');
    expect(deadlines).toContainEqual({ text: '今年', year: 2021 });
    expect(deadlines).toContainEqual(expect.objectContaining({ text: expect.stringContaining('明年'), year: 2022 }));
  });

  it('leaves a relative year unresolved when the article has no date', () => {
    expect(extractDeadlines('今年国家将启动第二批试点。', null)).toEqual([{ text: '今年', year: null }]);
  });

  it('does not take a year in a document title for a deadline', () => {
    expect(extractDeadlines('印发《深化医药卫生体制改革2022年重点工作任务》。', '2022-05-26')).toEqual([]);
  });
});

describe('extractFacts', () => {
  it('lists the 13 newly covered places, 新疆生产建设兵团 as itself', () => {
    const sentence = paragraphWith('003', '包括内蒙古');
    const { places } = extractFacts(sentence, '2022-05-11');
    expect(places).toEqual(['内蒙古', '吉林', '黑龙江', '江西', '广西', '海南', '重庆', '贵州', '西藏', '甘肃', '青海', '宁夏', '新疆生产建设兵团']);
    expect(places).not.toContain('新疆');
  });

  it('combines numbers, deadlines and places of one passage', () => {
    const facts = extractFacts('到2022年底，在8个省份试点建设26个国家区域医疗中心，北京、上海先行。', '2022-05-26');
    expect(facts.numbers.map((n) => n.text)).toContain('26个国家区域医疗中心');
    expect(facts.deadlines).toEqual([{ text: '到2022年底', year: 2022 }]);
    expect(facts.places).toEqual(['北京', '上海']);
  });
});

describe('latestOnOrBefore', () => {
  it('reads a month or a day of the month as the latest one on or before the article', () => {
    expect(latestOnOrBefore('2023-01-05', { month: 12 })).toEqual({ year: 2022, month: 12 });
    expect(latestOnOrBefore('2023-05-05', { month: 3 })).toEqual({ year: 2023, month: 3 });
    expect(latestOnOrBefore('2021-07-26', { day: 24 })).toEqual({ year: 2021, month: 7 });
    expect(latestOnOrBefore('2021-07-20', { day: 24 })).toEqual({ year: 2021, month: 6 });
    expect(latestOnOrBefore('2021-01-20', { day: 24 })).toEqual({ year: 2020, month: 12 });
  });
});

describe('numbersIn', () => {
  it('normalises full-width digits and drops thousands separators', () => {
    expect(numbersIn('增长６３.１%，共1,200家，5亿元')).toEqual(['63.1', '1200', '5']);
    expect(numbersIn('累计1,200,000人次，2021,2022年')).toEqual(['1200000', '2021', '2022']);
    expect(numbersIn('分别为120，150，180张；1,234.5万元；2021,202家')).toEqual(['120', '150', '180', '1234.5', '2021', '202']);
    expect(numbersIn('共１,２００家')).toEqual(['1200']);
  });
});

describe('cities and hospitals', () => {
  const text =
    '4月13日，北京大学人民医院与石家庄市人民政府共建“国家区域医疗中心”正式签约。此外，保定市儿童医院已由北京儿童医院正式托管，' +
    '增挂北京儿童医院保定医院院牌。华科大同济医院山西医院投入运营后，患者外转率同比下降了79.3%。支持公立医院和社区医院发展。';

  it('names the cities, without 市, and no false city inside a hospital name (华科大同济 is not 大同)', () => {
    expect(extractFacts(text, '2022-05-11').cities).toEqual(['石家庄', '保定']);
  });

  it('names the hospitals, trimmed of the verbs before them, and not the kinds of hospital', () => {
    expect(extractFacts(text, '2022-05-11').hospitals).toEqual([
      '北京大学人民医院',
      '保定市儿童医院',
      '北京儿童医院',
      '北京儿童医院保定医院',
      '华科大同济医院山西医院',
    ]);
  });
});
