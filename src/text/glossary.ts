/**
 * English → Chinese terms of this corpus, so an English question finds the Chinese passages offline.
 * Longer phrases first: the first match wins for overlapping text.
 */
// 'word' entries are generic (verbs, question words): they help match once a topic term is present but alone
// they would turn any English text ("drop table") into a corpus query.
const GLOSSARY: ReadonlyArray<readonly [RegExp, string, 'word'?]> = [
  [/provincial[- ]level regional medical cent(?:er|re)s?|provincial regional medical cent(?:er|re)s?/g, '省级区域医疗中心'],
  [/national regional medical cent(?:er|re)s?/g, '国家区域医疗中心'],
  [/regional medical cent(?:er|re)s?/g, '区域医疗中心'],
  [/national medical cent(?:er|re)s?/g, '国家医学中心'],
  [/clinical (?:medical )?research cent(?:er|re)s?/g, '临床医学研究中心'],
  [/medical (?:consortium|consortia|alliances?)/g, '医联体'],
  [/county medical (?:community|communities)/g, '医共体'],
  [/tiered (?:diagnosis and treatment|healthcare|medical care)|hierarchical (?:diagnosis|medical care)/g, '分级诊疗'],
  [/community hospitals?/g, '社区医院'],
  [/public hospitals?/g, '公立医院'],
  [/high[- ]quality development/g, '高质量发展'],
  [/central[- ]budget(?: investment| funding)?|central government (?:budget|funding)/g, '中央预算内投资'],
  [/beijing children'?s hospital/g, '北京儿童医院'],
  [/sanming/g, '三明'],
  [/14th five[- ]year plan|fourteenth five[- ]year plan/g, '十四五'],
  [/output hospitals?|exporting hospitals?/g, '输出医院'],
  [/healthcare reform|medical reform|health reform/g, '医改'],
  [/high-quality medical resources|quality medical resources/g, '优质医疗资源'],
  [/pilot(?:ed|s|ing)?/g, '试点', 'word'],
  [/newly added|new(?:ly)? included|added/g, '新增', 'word'],
  [/provinces?|regions?/g, '省份', 'word'],
  [/construction|built|build(?:ing)?/g, '建设', 'word'],
  [/complet(?:ed|e|ion)/g, '完成', 'word'],
  [/task/g, '任务', 'word'],
  [/basically/g, '基本', 'word'],
  [/funding|funds?|money|investment/g, '资金 投资', 'word'],
  [/maximum|at most|up to/g, '不超过 累计', 'word'],
  [/visits?/g, '就诊量', 'word'],
  [/hospitali[sz]ations?|inpatients?/g, '住院量', 'word'],
  [/(?:fell|fall|drop(?:ped)?|decreas(?:ed|e)|declin(?:ed|e))/g, '下降', 'word'],
  [/branch/g, '分院 医院', 'word'],
  [/patients?/g, '患者', 'word'],
  [/set up|established/g, '布局', 'word'],
  [/how many|how much|what number/g, '多少', 'word'],
  [/when|what year|which year|by what time/g, '什么时候', 'word'],
  [/zhengzhou/g, '郑州'],
  [/henan/g, '河南'],
  [/shanxi/g, '山西'],
  [/hebei/g, '河北'],
  [/yunnan/g, '云南'],
  [/hainan/g, '海南'],
  [/chongqing/g, '重庆'],
  [/xinjiang production and construction corps/g, '新疆生产建设兵团'],
];

/**
 * Rewrites the corpus terms of an English question into Chinese (unknown words are kept as they are).
 * Returns '' when no corpus topic term is in the question, so an unrelated English question finds nothing.
 */
export function translateQuestionTerms(question: string): string {
  let text = question.toLowerCase();
  const found: string[] = [];
  let topics = 0;
  for (const [pattern, chinese, generic] of GLOSSARY) {
    text = text.replace(pattern, () => {
      found.push(chinese);
      if (!generic) topics++;
      return ' ';
    });
  }
  return topics > 0 ? found.join(' ') : '';
}

/** True when a question is written in Latin letters with no Chinese characters. */
export function isEnglish(text: string): boolean {
  return /[a-z]/i.test(text) && !/\p{sc=Han}/u.test(text);
}
