import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/corpus/chunk.js';
import { cleanBody } from '../../src/corpus/clean.js';

// Made-up articles with the markup and page furniture that real saved news carries.
const paragraphsOf = (body: string) => cleanBody(body).paragraphs;

describe('cleanBody on messy articles', () => {
  it('keeps a line about an app that states a figure, and drops promotion that states none', () => {
    expect(paragraphsOf('某市上线“健康某市”APP，注册用户已达326万人，预约挂号、报告查询等服务尽在掌上APP。\n更多精彩内容，请下载某某新闻APP\n打开某某客户端，看更多新闻')).toEqual([
      '某市上线“健康某市”APP，注册用户已达326万人，预约挂号、报告查询等服务尽在掌上APP。',
    ]);
  });

  it('drops a list of links to other stories with the line announcing it, and takes no address from it', () => {
    const body = cleanBody('正文一句。\n\n相关阅读：\n- [某市医保基金结余1234万元](https://example.com/a.html)\n- [另一篇](https://example.com/b.html)\n\n正文二句。');
    expect(body.paragraphs).toEqual(['正文一句。', '正文二句。']);
    expect(body.url).toBeNull();
  });

  it('drops breadcrumbs, previous/next links, copyright notes, <head> and <title>', () => {
    const html = '<html><head><title>某省公立医院改革_新闻中心</title></head><body><p>首页 > 新闻中心 > 正文</p><p>正文一句。</p><p>上一篇：某文</p><p>版权声明：本文版权归某网所有，转载请注明出处。</p></body></html>';
    expect(paragraphsOf(html)).toEqual(['正文一句。']);
  });

  it('reads 【编辑：…】 as the editor and an unbracketed 来源 line as the source, but not a sentence that opens with 来源', () => {
    const body = cleanBody('正文一句。\n来源：某省日报\n【编辑：张三】');
    expect([body.editor, body.source, body.paragraphs]).toEqual(['张三', '某省日报', ['正文一句。']]);
    expect(paragraphsOf('来源：国家医保局的统计，全年结算568万人次。')).toEqual(['来源：国家医保局的统计，全年结算568万人次。']);
  });

  it('leaves no markdown marks in the text: emphasis, strike-through, code, closing hashes, rules, nested quotes, code blocks, link definitions', () => {
    const markdown = ['## 全省进展 ##', '全省*三级医院*达到368家，其中~~三甲~~`三级甲等`医院172家。', '***', '> > 引用的一句。', '```', 'const x = 1;', '```', '[1]: https://example.com/ref'].join('\n');
    expect(paragraphsOf(markdown)).toEqual(['全省进展', '全省三级医院达到368家，其中三甲三级甲等医院172家。', '引用的一句。']);
  });

  it('reads full-width digits and letters as ASCII, so dates and figures are found', () => {
    expect(paragraphsOf('２０２３年全省三级医院达到３６８家，ＣＴ覆盖率９５％。')).toEqual(['2023年全省三级医院达到368家，CT覆盖率95%。']);
  });

  it('keeps guidance that names an app, a 相关新闻 sentence, a 「[注]:」 note, and everything after an unclosed fence', () => {
    const body = ['参保人可下载国家医保服务平台APP激活医保电子凭证。', '相关新闻发布会上，有关负责人介绍了以下措施：', '- 推进异地就医直接结算', '[注]:数据来自年度统计公报', '~~~~~~~~~~', '正文最后一句。'];
    expect(paragraphsOf(body.join('\n'))).toEqual([
      '参保人可下载国家医保服务平台APP激活医保电子凭证。',
      '相关新闻发布会上，有关负责人介绍了以下措施：推进异地就医直接结算。',
      '[注]:数据来自年度统计公报',
      '~~~~~~~~~~',
      '正文最后一句。',
    ]);
  });

  it('keeps a bracket that belongs to an unbracketed source line', () => {
    expect(cleanBody('正文一句。\n来源：健康报（北京）').source).toBe('健康报（北京）');
  });

  it('reads a page saved without <body>, takes its <title>, and drops Word and custom elements as tags', () => {
    const body = cleanBody('<html><head><meta charset="utf-8"><title>医保改革</title>\n<p>国家医保局印发方案。<o:p></o:p></p><mp-profile data-id="1">某公众号</mp-profile><p>A<b的情况</p>');
    expect(body.pageTitle).toBe('医保改革');
    expect(body.paragraphs).toEqual(['国家医保局印发方案。', '某公众号A<b的情况']);
  });

  it('keeps words in angle brackets that are no HTML element', () => {
    expect(paragraphsOf('全省推行<DRG>分组结算，按<Diagnosis Related Groups>分组。\n<p>第二段。</p>')).toEqual([
      '全省推行<DRG>分组结算，按<Diagnosis Related Groups>分组。',
      '第二段。',
    ]);
  });

  it('reads a markdown table written without outer pipes, and circled and bracketed list numbers', () => {
    expect(paragraphsOf('省份 | 病床\n--- | ---\n湖南 | 3162张\n江西 | 1417张')).toEqual(['省份：湖南，病床：3162张。省份：江西，病床：1417张。']);
    expect(paragraphsOf('主要做法：\n①远程医疗覆盖县区818个\n（2）家庭医生签约率75%')).toEqual(['主要做法：远程医疗覆盖县区818个；家庭医生签约率75%。']);
  });
});

describe('chunkDocument headings', () => {
  it('indexes a short line that states a figure instead of taking it for a heading', () => {
    const paragraphs = ['全省医保基金结余：3281亿元', '一、2023-2025年工作', '第二批试点（3个）', '“4+7”城市', '今年以来，全省医保工作稳步推进，参保率保持在95%以上。'];
    const chunks = chunkDocument({ file: 'a.md', paragraphs });
    expect(chunks.map((c) => c.text)).toContain('全省医保基金结余：3281亿元');
    expect(chunks.find((c) => c.text.startsWith('今年以来'))!.heading).toBe('一、2023-2025年工作 第二批试点（3个） “4+7”城市');
  });
});

describe('cleanBody on HTML tables with merged cells', () => {
  it('repeats a rowspan cell in the rows it spans and leaves a colspan cell’s other columns empty', () => {
    const html = [
      '<table><tr><th>省份</th><th>项目</th><th>病床</th></tr>',
      '<tr><td rowspan="2">江西</td><td>湘雅医院江西医院</td><td>2913张</td></tr>',
      '<tr><td>阜外医院华中分院</td><td>1417张</td></tr>',
      '<tr><td colspan="2">合计</td><td>4330张</td></tr></table>',
    ].join('');
    expect(paragraphsOf(html)).toEqual([
      '省份：江西，项目：湘雅医院江西医院，病床：2913张。省份：江西，项目：阜外医院华中分院，病床：1417张。省份：合计，病床：4330张。',
    ]);
  });

  it('carries a cell spanning rows and columns into every column it covers', () => {
    const html = '<table><tr><th>地区</th><th>类别</th><th>金额</th></tr><tr><td rowspan="2" colspan="2">合计</td><td>100</td></tr><tr><td>200</td></tr></table>';
    expect(paragraphsOf(html)).toEqual(['地区：合计，金额：100。地区：合计，金额：200。']);
  });
});
