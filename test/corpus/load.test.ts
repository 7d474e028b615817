import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseDocument, toChinaDate, type CorpusDocument } from '../../src/corpus/load.js';
import { CorpusError } from '../../src/errors.js';
import { loadSeed, loadSeeds, readFixture } from '../helpers/corpus.js';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** Parses and returns the CorpusError it must throw. */
function parseFailure(file: string, bytes: Uint8Array): CorpusError {
  try {
    parseDocument(file, bytes);
  } catch (error) {
    if (error instanceof CorpusError) return error;
    throw error;
  }
  throw new Error(`${file} parsed, but it should have been rejected`);
}

describe('parseDocument on the seeds', () => {
  const expected: Record<string, Pick<CorpusDocument, 'title' | 'publisher' | 'date' | 'url' | 'editor'>> = {
    '000': { title: '国家卫健委：今年基本完成国家区域医疗中心规划布局', publisher: '新浪财经', date: '2022-05-26', url: null, editor: '王翔' },
    '001': {
      title: '均衡布局优质医疗资源 满足群众就近就医需求',
      publisher: '中国商报',
      date: '2022-06-02',
      url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202206022400142661',
      editor: null,
    },
    '002': { title: '2021年我国将启动第二批16个区域医疗中心试点建设', publisher: '新浪财经', date: '2021-07-24', url: null, editor: '李铁民' },
    '003': { title: '覆盖全国 优质医疗资源扩容', publisher: '趣头条', date: '2022-05-11', url: null, editor: null },
    '004': { title: '国家发改委谈“看病难”：建设120个左右省级区域医疗中心', publisher: '新浪财经', date: '2021-10-20', url: null, editor: '张亚楠' },
  };

  it.each(Object.entries(expected))('seed %s has its citation metadata', async (prefix, metadata) => {
    const doc = await loadSeed(prefix);
    expect({ title: doc.title, publisher: doc.publisher, date: doc.date, url: doc.url, editor: doc.editor }).toEqual(metadata);
    expect(doc.warnings).toEqual([]);
    expect(doc.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(doc.paragraphs.length).toBeGreaterThan(0);
  });

  const BOILERPLATE = ['<', 'appendQr', '海量资讯', 'APP', '返回首页', '返回中国商报', '责任编辑', 'cms-style', '{', 'http', '原标题'];

  it('leaves no markup, promotion, navigation or metadata lines in any paragraph', async () => {
    for (const [prefix, doc] of await loadSeeds()) {
      for (const paragraph of doc.paragraphs) {
        for (const marker of BOILERPLATE) expect(paragraph, `seed ${prefix}`).not.toContain(marker);
        expect(paragraph, `seed ${prefix}`).toBe(paragraph.trim());
      }
    }
  });

  it('drops bylines but keeps the article sentences', async () => {
    const docs = await loadSeeds();
    const text = (prefix: string) => docs.get(prefix)!.paragraphs.join('\n');
    expect(text('001')).not.toContain('本报记者陈文丽');
    expect(text('004')).not.toContain('澎湃新闻记者');
    expect(text('003')).toContain('新疆生产建设兵团');
    expect(text('003')).toContain('累计不超过5亿元');
    expect(text('000')).toContain('在8个省份试点建设26个国家区域医疗中心');
    expect(text('002')).toContain('今年国家将启动第二批16个区域医疗中心试点建设');
    expect(text('004')).toContain('以省为单位网格化建设120个左右省级区域医疗中心');
    // 001's sub-headings are paragraphs of their own, not glued to the text around them.
    expect(docs.get('001')!.paragraphs).toContain('看点1');
  });

  it('is pure: the same bytes give the same document', async () => {
    expect(await loadSeed('003')).toEqual(await loadSeed('003'));
  });
});

describe('toChinaDate', () => {
  it.each([
    ['Thu, 26 May 2022 03:36:18 GMT', '2022-05-26'],
    ['2022-06-02 09:19:15 +0800', '2022-06-02'],
    // 20:00 GMT is 04:00 the next morning in Beijing.
    ['Sat, 24 Jul 2021 20:00:00 GMT', '2021-07-25'],
    ['2022-06-02', '2022-06-02'],
    ['2022年6月2日', '2022-06-02'],
    ['July 11, 2023', '2023-07-11'],
    // Unix time, in seconds and in milliseconds: 2023-07-11 06:00 UTC is 14:00 in Beijing.
    [1689055200, '2023-07-11'],
    ['1689055200000', '2023-07-11'],
  ])('%s → %s', (input, date) => {
    expect(toChinaDate(input)).toBe(date);
  });

  it('converts a Date (a YAML timestamp) to the China calendar day', () => {
    expect(toChinaDate(new Date('2022-05-26T03:36:18Z'))).toBe('2022-05-26');
    expect(toChinaDate(new Date('2021-07-24T20:00:00Z'))).toBe('2021-07-25');
  });

  // 2023-02-30 is no day; 11/07/2023 is 11 July or November 7 depending on the country.
  it.each([['garbage'], [''], [undefined], [null], [20220526], [{}], ['2023-02-30'], ['2023年2月30日'], ['11/07/2023']])('returns null for %j', (input) => {
    expect(toChinaDate(input)).toBeNull();
  });
});

describe('parseDocument on bad input', () => {
  it.each([
    ['empty.md', new Uint8Array(), /empty/],
    ['blank.md', utf8(' \n\t\r\n  '), /empty/],
    ['image.txt', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]), /binary/],
    ['broken.md', utf8('---\ntitle: [不完整的标题\ndate: 2022-01-01\n---\n国家区域医疗中心建设稳步推进。'), /front matter.*YAML/],
    ['no-body.md', utf8('---\ntitle: 只有标题\ndate: 2022-01-01\n---\n\n'), /no article text/],
    ['only-boilerplate.html', utf8('<div><!-- 总声明 --><p class="article-editor">责任编辑：王翔 </p><div>海量资讯、精准解读，尽在新浪财经APP</div></div>'), /no article text/],
  ])('%s is rejected with a CorpusError naming the file', (file, bytes, reason) => {
    const error = parseFailure(file, bytes);
    expect(error.code).toBe('CORPUS');
    expect(error.file).toBe(file);
    expect(error.reason).toMatch(reason);
    expect(error.message).toContain(file);
  });
});

describe('parseDocument dates without front matter', () => {
  const fileTime = new Date('2026-11-30T02:00:00Z');
  const parsed = (text: string) => parseDocument('undated.txt', utf8(text), fileTime);

  it('takes the first date stated in the opening lines, and says so', () => {
    const doc = parsed('医保基金飞行检查启动\n发布时间：2023年7月15日 来源：某报\n国家医保局近日印发方案。');
    expect(doc.date).toBe('2023-07-15');
    expect(doc.title).toBe('医保基金飞行检查启动');
    expect(doc.warnings).toEqual([
      'no title in front matter; using its first line "医保基金飞行检查启动"',
      'no date in front matter; using 2023-07-15, the first date in its opening lines',
    ]);
    expect(parsed('河南再添3个国家区域医疗中心\n时间：2022-07-07 13:50:42\n正文。').date).toBe('2022-07-07');
  });

  it('takes the date a saved page states in its <meta> before one in the text', () => {
    const page = '<html><head><meta property="article:published_time" content="2023-07-11T20:30:00+08:00"><title>标题</title></head><body><p>2021年7月15日，某会议召开。</p></body></html>';
    const doc = parsed(page);
    expect(doc.date).toBe('2023-07-11');
    expect(doc.warnings).toContain("no date in front matter; using 2023-07-11, the date in the page's <meta>");
  });

  it('reads a dateline with the year the text names most', () => {
    expect(parsed('新华社北京8月30日电 国家卫生健康委30日表示，2022年将继续推进，2022年底前完成，2025年再评估。').date).toBe('2022-08-30');
    // Years named as targets do not count: the report is from 2023, whatever it plans for 2025.
    expect(parsed('新华社北京7月19日电 截至2023年6月，已建成120个；到2025年底覆盖全省，力争2025年全部完成，到2025年见效。').date).toBe('2023-07-19');
  });

  it('falls back to the file time when the opening lines state no real date', () => {
    expect(parsed('正文第一段。\n2023年13月40日是无效日期。').date).toBe('2026-11-30');
    expect(parsed('第一段。\n第二段。\n第三段。\n第四段才写2021年5月1日。').date).toBe('2026-11-30');
  });
});

describe('parseDocument publishers', () => {
  const publisher = (frontMatter: string, body = '正文。') => parseDocument('a.md', utf8(`---\n${frontMatter}\n---\n${body}`)).publisher;

  it('shows the outlet, never a personal author, as the publisher', () => {
    expect(publisher('author: 李红梅\nsource: 人民日报')).toBe('人民日报');
    expect(publisher("author: '彭韵佳 邱冰清'\nsource: 新华社")).toBe('新华社');
    expect(publisher('author: 张若凡（通讯员 何振养）\nsource: 南宁新闻网')).toBe('南宁新闻网');
    expect(publisher('author: 倪可心', '正文。\n（来源：健康报）')).toBe('健康报');
    expect(publisher('author: 倪可心')).toBeNull();
  });

  it('keeps an outlet named in the author field', () => {
    expect(publisher('author: 央视网\nsource: 央视网（新闻联播）')).toBe('央视网');
    expect(publisher('author: 新浪财经')).toBe('新浪财经');
    expect(publisher('author: 综合新华社、人民日报报道')).toBe('综合新华社、人民日报报道');
  });
});

describe('parseDocument encodings and fallbacks', () => {
  it('decodes a GBK-encoded article', async () => {
    const article = await readFixture('community-hospital.md');
    const doc = parseDocument('gbk-article.md', iconv.encode(article, 'gbk'));
    expect(doc.title).toBe('某省加快社区医院建设 今年新增建成86家社区医院');
    expect(doc.publisher).toBe('健康时报');
    expect(doc.date).toBe('2023-04-18');
    expect(doc.paragraphs[0]).toBe('记者从某省卫生健康委获悉，今年该省将新增建成86家社区医院，进一步提升基层医疗卫生服务能力，让群众在家门口看好病。');
    expect(doc.paragraphs).toEqual(parseDocument('utf8-article.md', utf8(article)).paragraphs);
  });

  it('decodes a line or two of GBK, too short for the encoding to be recognised, as GB18030', () => {
    const doc = parseDocument('short-gbk.txt', iconv.encode('医保基金结余1234万元。', 'gb18030'));
    expect(doc.paragraphs).toEqual(['医保基金结余1234万元。']);
    expect(doc.warnings).toContainEqual(expect.stringContaining('read as GB18030'));
  });

  it('decodes a Big5 article as Big5', () => {
    const text = '國家區域醫療中心建設穩步推進，醫保結餘1234萬元。社區醫院服務能力持續提升，基層衛生人員達到526萬人。';
    expect(parseDocument('big5.txt', iconv.encode(text, 'big5')).paragraphs).toEqual([text]);
  });

  it('decodes UTF-16 with a byte order mark (Notepad\'s "Unicode") instead of calling it binary', () => {
    const text = '社区医院新增床位300张。';
    for (const encoding of ['utf-16le', 'utf-16be']) {
      expect(parseDocument('notepad.txt', iconv.encode(text, encoding, { addBOM: true })).paragraphs, encoding).toEqual([text]);
    }
  });

  it('strips a UTF-8 byte order mark', async () => {
    const article = await readFixture('community-hospital.md');
    const doc = parseDocument('bom.md', utf8(`\uFEFF${article}`));
    expect(doc.title).toBe('某省加快社区医院建设 今年新增建成86家社区医院');
  });

  it('falls back to the file name and the given date, with warnings, when front matter has neither', () => {
    const fileTime = new Date('2023-03-01T20:00:00Z'); // 2023-03-02 04:00 in Beijing
    const doc = parseDocument('news/社区医院_建设-进展.md', utf8('国家区域医疗中心建设稳步推进。社区医院服务能力持续提升。'), fileTime);
    expect(doc.title).toBe('社区医院 建设 进展');
    expect(doc.date).toBe('2023-03-02');
    expect(doc.warnings).toHaveLength(2);
    expect(doc.warnings.some((w) => w.includes('title') && w.includes('社区医院 建设 进展'))).toBe(true);
    expect(doc.warnings.some((w) => w.includes('date') && w.includes('2023-03-02'))).toBe(true);
  });

  it('reads a time without a zone in China time, quoted or not (YAML alone would take it for UTC)', () => {
    for (const written of ['2023-07-11 20:30:00', '"2023-07-11 20:30:00"']) {
      expect(parseDocument('late.md', utf8(`---\ntitle: 标题\ndate: ${written}\n---\n正文一句话。`)).date).toBe('2023-07-11');
    }
  });

  it('reads the date from the fields site exports put it under when there is no `date`', () => {
    for (const field of ['pubDate', 'publish_date', 'time']) {
      const doc = parseDocument('other-field.md', utf8(`---\ntitle: 标题\n${field}: 2023-07-11\n---\n正文一句话。`));
      expect(doc.date, field).toBe('2023-07-11');
      expect(doc.warnings, field).toEqual([]);
    }
  });

  it('reads front matter in a file with old Mac line endings (a lone CR)', () => {
    const doc = parseDocument('mac.md', utf8('---\rtitle: 标题\rdate: 2023-07-11\r---\r正文一句话。'));
    expect([doc.title, doc.date, doc.paragraphs]).toEqual(['标题', '2023-07-11', ['正文一句话。']]);
  });

  it('warns about an unparseable date and leaves it null when there is no fallback', () => {
    const doc = parseDocument('bad-date.md', utf8('---\ntitle: 标题\ndate: 下个月\n---\n正文一句话。'));
    expect(doc.title).toBe('标题');
    expect(doc.date).toBeNull();
    expect(doc.warnings).toEqual([expect.stringContaining('下个月')]);
    expect(doc.warnings[0]).toContain('YYYY-MM-DD');
  });
});

describe('parseDocument on plain and HTML bodies', () => {
  const paragraphsOf = (body: string) => parseDocument('a.md', utf8(`---\ntitle: 标题\ndate: 2022-05-11\n---\n${body}`)).paragraphs;

  it('reads a body without tags or entities as it is, the same paragraphs as through the HTML parser', () => {
    const plain = '国家区域医疗中心建设稳步推进。\n\n  到2022年底基本完成布局。  \n\n责任编辑：王翔\n\n海量资讯、精准解读，尽在新浪财经APP';
    expect(paragraphsOf(plain)).toEqual(['国家区域医疗中心建设稳步推进。', '到2022年底基本完成布局。']);
    // An empty span sends the same text through cheerio: nothing else may change.
    expect(paragraphsOf(`<span></span>${plain}`)).toEqual(paragraphsOf(plain));
  });

  it('reads old Mac line endings (a lone CR) as line breaks, as the HTML parser did', () => {
    const lines = parseDocument('a.txt', utf8('第一段。\r\r第二段。\r责任编辑：王翔'));
    expect(lines.paragraphs).toEqual(['第一段。', '第二段。']);
    expect(lines.editor).toBe('王翔');
  });

  it('still decodes entities and drops markup when the body has them', () => {
    expect(paragraphsOf('<p>医联体 &amp; 医共体</p><script>x()</script><p>社区医院&lt;试点&gt;</p>')).toEqual(['医联体 & 医共体', '社区医院<试点>']);
  });
});
