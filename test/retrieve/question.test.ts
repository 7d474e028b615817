import { describe, expect, it } from 'vitest';
import { analyzeQuestion } from '../../src/retrieve/question.js';
import type { Turn } from '../../src/answer/types.js';

describe('analyzeQuestion', () => {
  it.each([
    ['国家要建多少个省级区域医疗中心？', 'number'],
    ['国家区域医疗中心建设任务什么时候基本完成？', 'deadline'],
    ['哪些省份新纳入国家区域医疗中心建设？', 'places'],
    ['这是谁宣布的？', 'person'],
    ['国家区域医疗中心建设讲的“三不”是什么？', 'other'],
    ['How many provincial regional medical centers will be built?', 'number'],
    ['国家区域医疗中心具体是怎么建起来的？', 'method'],
    ['医联体如何推进？', 'method'],
    ['How are national regional medical centres built?', 'method'],
    ['社区医院是在哪一年开始建设的？', 'deadline'],
    ['有哪几个地方上线了惠民保？', 'places'],
    // 哪几个 asks which ones, 几个 how many.
    ['这次入选的课题有哪几个？', 'other'],
    ['这次入选了几个课题？', 'number'],
    // 什么时间 and 在哪个时间 ask a time, 在哪个区 a place.
    ['新院什么时间开工？', 'deadline'],
    ['新院在哪个时间点投用？', 'deadline'],
    ['新院在哪个时期建成？', 'deadline'],
    ['新院哪个月投用？', 'deadline'],
    ['新院几时开诊？', 'deadline'],
    ['What time does the new clinic open?', 'deadline'],
    ['新院在哪个区？', 'places'],
    // 到期 and 截止 state a time; they do not ask one.
    ['采购合同到期后，续约的价格是多少？', 'number'],
    ['报名截止以后还能补交材料吗？', 'other'],
    ['How many members did the alliance have when it was founded in 2020?', 'number'],
    ['When did the alliance, which has how many members, get founded?', 'deadline'],
    // how + an adjective of measure asks a figure (an age, a size), how + a verb asks a way.
    ['How old are the nurses of the new clinic on average?', 'number'],
    ['How large is the new hospital campus?', 'number'],
  ])('reads %s as a %s question', (question, kind) => {
    expect(analyzeQuestion(question).kind).toBe(kind);
  });

  it('takes the places of an English question from the provinces it names in English, not from its glosses', () => {
    expect(analyzeQuestion('How many people in China had insurance?').places).toEqual([]);
    expect(analyzeQuestion("What share of Guizhou's clinics went online?").places).toEqual(['贵州']);
  });

  it('searches a standard abbreviation beside its full form (lexicon/synonyms.tsv), both ways', () => {
    expect(analyzeQuestion('卫健委今年要做什么？').searchText).toContain('卫生健康委');
    expect(analyzeQuestion('国家卫生健康委今年要做什么？').searchText).toContain('卫健委');
    expect(analyzeQuestion('国家卫健委今年要做什么？').searchText).toContain('卫生健康委');
  });

  it('never reads an abbreviation across two words: 家医 is not in 这家医院 nor in 国家医学中心', () => {
    for (const question of ['这家医院在哪个区？', '国家医学中心有多少个？']) expect(analyzeQuestion(question).searchText).not.toContain('家庭医生');
    expect(analyzeQuestion('家医签约覆盖了多少人？').searchText).toContain('家庭医生');
  });

  it('gives a follow-up that asks nothing of its own the kind and unit of the question before', () => {
    const history = [{ question: '第七批集采有多少家企业中选？', searchedAs: '第七批集采有多少家企业中选' }];
    const followUp = analyzeQuestion('那第九批呢？', history);
    expect([followUp.kind, followUp.unit]).toEqual(['number', '家']);
    expect(analyzeQuestion('那第八批有多少个品种中选？', history).unit).toBe('个');
  });

  it('reads 次年 and 上一年 in a follow-up against the year of the question before', () => {
    const history = [{ question: '2023年批准上市的1类创新药有多少个？', searchedAs: '2023年批准上市的1类创新药有多少个' }];
    expect(analyzeQuestion('次年呢？', history).years).toEqual(['2024']);
    expect(analyzeQuestion('上一年呢？', history).years).toEqual(['2022']);
    expect(analyzeQuestion('次年呢？', history).searchText).toContain('2024');
    expect(analyzeQuestion('次年呢？').years).toEqual([]);
  });

  it('lists the names the question goes by, for the evidence to hold', () => {
    expect(analyzeQuestion('湘雅医院江西医院规划了多少张床位？').names).toEqual(expect.arrayContaining(['湘雅医院', '江西']));
    expect(analyzeQuestion('规划了多少张床位？').names).toEqual([]);
    // An English word's glosses are no names (「procured」 glosses as 拉皮条, which jieba tags as one), in an English
    // question or a Chinese one mixing English in.
    expect(analyzeQuestion('Which agency procured the new equipment for the county hospital?').names).toEqual([]);
    expect(analyzeQuestion('湘雅医院 procured 多少张床位？').names).toEqual(['湘雅医院']);
  });

  it('strips question words from the words it searches, never the words of the subject', () => {
    const question = analyzeQuestion('请问国家区域医疗中心一共有多少个？');
    expect(question.focusWords).toContain('国家区域医疗中心');
    for (const word of ['请问', '多少', '几个']) expect(question.focusWords).not.toContain(word);
  });

  it('strips the compounds jieba makes of an interrogative and what it asks with (多少钱, 几家), not words that only start alike', () => {
    const cost = analyzeQuestion('新医院要花多少钱？');
    expect(cost.focusWords).not.toContain('多少钱');
    expect(cost.headNoun).not.toBe('多少钱');
    expect(cost.unit).toBe('元');
    expect(analyzeQuestion('全省有几家三甲医院？').focusWords).not.toContain('几家');
    expect(analyzeQuestion('项目啥时候开工？').focusWords).not.toContain('啥时候');
    // 几乎 (an adverb) and 哪怕 (a conjunction) are no question words.
    expect(analyzeQuestion('几乎所有县都建了医共体吗？').focusWords).toContain('几乎');
    expect(analyzeQuestion('哪怕在农村也能报销吗？').focusWords).toContain('哪怕');
  });

  it('a follow-up naming another year, batch or place asks about it instead of the previous one', () => {
    const followUp = analyzeQuestion('那第八批呢？', [{ question: '第七批国家组织药品集采平均降价多少？' }]);
    expect(followUp.ordinals).toEqual(['第八批']);
    expect(followUp.searchText).not.toContain('第七批');
    expect(followUp.searchText).toContain('集采');
    const inherited = analyzeQuestion('那它是哪天开诊的？', [{ question: '第五批国家区域医疗中心有多少家？' }]);
    expect(inherited.ordinals).toEqual(['第五批']);
  });

  it('searches for the cities of a province when asked which of its cities (articles name 石家庄, not 河北)', () => {
    const question = analyzeQuestion('河北有哪些城市在建国家区域医疗中心？');
    expect(question.kind).toBe('places');
    expect(question.places).toEqual(expect.arrayContaining(['河北', '石家庄', '保定', '张家口']));
    expect(question.searchText).toContain('保定');
    expect(analyzeQuestion('河北有多少个国家区域医疗中心？').searchText).not.toContain('保定');
  });

  it('asks about the noun before the question word (院长 in 「…的院长是谁」)', () => {
    expect(analyzeQuestion('北京儿童医院郑州医院的院长是谁？').headNoun).toBe('院长');
  });

  it('takes the words next to the question word as the aspect asked about, not the names of the subject', () => {
    expect(analyzeQuestion('浙大邵逸夫阿拉尔医院新建项目的总投资是多少？').askedWords).toContain('投资');
    expect(analyzeQuestion('医保目录新增了几种药品').askedWords).toEqual(expect.arrayContaining(['新增', '药品']));
    expect(analyzeQuestion('新院选址在眉山哪个区？').askedWords).toEqual(expect.arrayContaining(['选址', '区']));
    expect(analyzeQuestion('几乎所有医院都参加了').askedWords).toEqual([]);
    // A one-character verb or noun is the aspect too (a sentence holding 降幅 or 涨幅 answers these).
    expect(analyzeQuestion('药品价格平均降了多少？').askedWords).toContain('降');
    expect(analyzeQuestion('这家医院的门诊量去年涨了多少？').askedWords).toContain('涨');
    expect(analyzeQuestion('这家医院的门诊量去年涨了多少？').askedWords).not.toContain('了');
    // Markup stripped from a question leaves spaces, which do not end its clause.
    expect(analyzeQuestion('<b>社区医院</b>有多少家？').askedWords).toEqual(analyzeQuestion('社区医院有多少家？').askedWords);
  });

  it('reads a question with zero-width characters and bidi marks inside its words as the same question', () => {
    const clean = analyzeQuestion('哪些省份新纳入国家区域医疗中心建设？');
    const dirty = analyzeQuestion('哪些\u200b省份新\u200d纳入国家\u2060区域医疗\u200e中心建设？\ufeff');
    expect(dirty.focusWords).toEqual(clean.focusWords);
    expect(dirty.kind).toBe(clean.kind);
  });

  it('bounds what a chain of long follow-ups carries', () => {
    const turns: Turn[] = [];
    let longest = 0;
    for (let i = 0; i < 60; i++) {
      const question = `那${'国家区域医疗中心建设进展'.repeat(40)}第${i}项呢？`.slice(0, 499);
      const analyzed = analyzeQuestion(question, turns);
      longest = Math.max(longest, analyzed.carriedText.length);
      turns.push({ question, searchedAs: analyzed.carriedText });
    }
    expect(longest).toBeLessThanOrEqual(300 + 1 + 499);
  });

  it('notes the unit and the years a question names', () => {
    const question = analyzeQuestion('2024年要新建多少家社区医院？');
    expect(question.unit).toBe('家');
    expect(question.years).toEqual(['2024']);
    // Any measure word CC-CEDICT knows, and the units that are not classifiers (lexicon/units.txt).
    expect(analyzeQuestion('目录收录了多少种罕见病？').unit).toBe('种');
    expect(analyzeQuestion('一共报了多少万套？').unit).toBe('万套');
    expect(analyzeQuestion('招了多少人？').unit).toBe('人');
    // A share or a rate is asked in per cent, whatever follows 多少.
    for (const share of ['门诊量占比是多少？', '签约覆盖率达到多少？', '平均降幅有多大？', '在县里看病的占了多少？', 'What percentage of clinics went online?']) {
      expect(analyzeQuestion(share).unit).toBe('%');
    }
    expect(analyzeQuestion('签约了多少家机构？').unit).toBe('家');
  });

  it('notes the years a question asks about as of their end or over their whole', () => {
    expect(analyzeQuestion('截至2023年底，全国有多少家药店接入？').yearsToTheirEnd).toEqual(['2023']);
    expect(analyzeQuestion('2024年全年追回了多少医保基金？').yearsToTheirEnd).toEqual(['2024']);
    expect(analyzeQuestion('到2023年末还剩多少名乡村医生？').yearsToTheirEnd).toEqual(['2023']);
    expect(analyzeQuestion('How many pharmacies were connected by the end of 2023?').yearsToTheirEnd).toEqual(['2023']);
    expect(analyzeQuestion('2023年有多少家药店接入？').yearsToTheirEnd).toEqual([]);
    expect(analyzeQuestion('2023年年末全国还剩多少名乡村医生？').yearsToTheirEnd).toEqual(['2023']);
    expect(analyzeQuestion('截至2023年12月底接入了多少家药店？').yearsToTheirEnd).toEqual(['2023']);
    expect(analyzeQuestion('What were the full-year 2024 recoveries?').yearsToTheirEnd).toEqual(['2024']);
    // By a year's end is a deadline, which a plan made before it states.
    expect(analyzeQuestion('2023年底前要完成哪些任务？').yearsToTheirEnd).toEqual([]);
    expect(analyzeQuestion('医共体要在2025年底什么时候全覆盖？').yearsToTheirEnd).toEqual([]);
  });

  it('reads a follow-up as asking of its years as of their end when the turn before did', () => {
    const asked = '截至2023年底，住院定点医疗机构有多少家？';
    expect(analyzeQuestion('那门诊呢？', [{ question: asked }]).yearsToTheirEnd).toEqual(['2023']);
    expect(analyzeQuestion('那2024年呢？', [{ question: asked }]).yearsToTheirEnd).toEqual(['2024']);
    expect(analyzeQuestion('那2024年呢？', [{ question: '2023年住院定点医疗机构有多少家？' }]).yearsToTheirEnd).toEqual([]);
    // An English turn is carried forward as its Chinese glosses: the year's end is read from what the user wrote.
    const english = 'How many pharmacies were connected by the end of 2023?';
    const searchedAs = analyzeQuestion(english).carriedText;
    expect(analyzeQuestion('What about hospitals?', [{ question: english, searchedAs }]).yearsToTheirEnd).toEqual(['2023']);
  });

  it('tells a question for a span of time from one for a date', () => {
    expect(analyzeQuestion('医院要用多长时间建成？')).toMatchObject({ kind: 'deadline', asksSpan: true });
    expect(analyzeQuestion('医院什么时候建成？')).toMatchObject({ kind: 'deadline', asksSpan: false });
    expect(analyzeQuestion('医院要用几年建成？').asksSpan).toBe(true);
    // 这几年, 过去几年, 好几年, 十几年, 近几个月 name a span; they do not ask for one.
    for (const question of ['这几年新建了多少家医院？', '过去几年新建了多少家医院？', '等了好几年，医院建成了吗？', '十几年来门诊量是多少？', '近几个月的门诊量是多少？']) {
      expect(analyzeQuestion(question).asksSpan).toBe(false);
    }
  });

  it('reads a short follow-up with the previous question, weighting its words less', () => {
    const history = [{ question: '哪些省份新纳入了国家区域医疗中心建设？' }];
    const question = analyzeQuestion('一共几个省份？', history);
    expect(question.isFollowUp).toBe(true);
    expect(question.searchText).toContain('国家区域医疗中心');
    expect(question.contextWords).toContain('国家区域医疗中心');
    expect(question.focusWords).toContain('省份');
  });

  it('does not treat a self-contained question as a follow-up', () => {
    const history = [{ question: '国家要建多少个省级区域医疗中心？' }];
    expect(analyzeQuestion('2022年医改一共安排了多少项具体任务？', history).isFollowUp).toBe(false);
  });

  it('searches traditional and English questions in simplified Chinese', () => {
    const traditional = analyzeQuestion('哪些省份新納入國家區域醫療中心建設？');
    expect(traditional.script).toBe('traditional');
    expect(traditional.searchText).toContain('国家区域医疗中心');
    const english = analyzeQuestion('How many beds does the hospital of Zhejiang University have in the fifth batch?');
    expect(english.script).toBe('english');
    for (const word of ['床', '医院', '浙江大学', '第五批']) expect(english.searchText).toContain(word);
    expect(english.ordinals).toEqual(['第五批']);
  });

  it('does not search the markup pasted with a question', () => {
    expect(analyzeQuestion('<b>国家区域医疗中心</b>&</a>有多少个？').focusWords).toEqual(analyzeQuestion('国家区域医疗中心有多少个？').focusWords);
  });
});
