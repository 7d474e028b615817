/**
 * Tables and lists as sentences. A table row or a list item is a short line without a full stop, which the chunker
 * would take for a sub-heading and never index: 「| 7 | 某大学附属医院某市医院 |」, a bulletin's
 * 「基金支出 | 1000亿元」, a list of the hospitals 「名单如下：」 announces. Written out as sentences (a row
 * with each cell named by its column's header; a list as the items of one sentence), they are retrieved, scored and
 * quoted like any other text.
 */

/** A line of a pipe table: 「| a | b |」. The HTML cleaner writes `<tr>` rows this way too. */
export const TABLE_ROW = /^\|.*\|$/;
// The row under a markdown header: 「| --- | :---: |」.
const SEPARATOR_CELL = /^:?-{2,}:?$/;
// A cell that says nothing: empty, or a dash standing for "no figure".
const EMPTY_CELL = /^[-—–/、\s]*$/;

// The row under the header of a markdown table written without outer pipes: 「--- | :---:」.
const BARE_SEPARATOR = /^\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+$/;

/**
 * Lines with each table written without outer pipes (「省份 | 病床」 over 「--- | ---」, then its rows) given them, so
 * one reader takes both forms. Other lines are returned as they are. Pure.
 */
export function withOuterPipes(lines: readonly string[]): string[] {
  const out = [...lines];
  for (let i = 1; i < out.length; i++) {
    if (!BARE_SEPARATOR.test(out[i]!) || !out[i - 1]!.includes('|') || TABLE_ROW.test(out[i - 1]!.trim())) continue;
    const wrap = (n: number) => (out[n] = `|${out[n]!.trim()}|`);
    wrap(i - 1);
    wrap(i);
    for (let row = i + 1; row < out.length && out[row]!.includes('|') && !TABLE_ROW.test(out[row]!.trim()); row++) wrap(row);
  }
  return out;
}

function cellsOf(row: string): string[] {
  return row
    .slice(1, -1)
    .split('|')
    .map((cell) => cell.trim());
}

/**
 * A column that only numbers the rows (1, 2, 3, …) carries nothing a reader asks about.
 * @param values the column's cells, top to bottom.
 */
function isRowNumbering(values: readonly string[]): boolean {
  return values.length > 1 && values.every((value, i) => value === String(i + 1));
}

/**
 * One paragraph for a table given as pipe rows: a sentence per row, 「header：cell」 pairs joined by commas when
 * the table has a header row (the row above a 「| --- |」 line), the cells alone otherwise. Row-numbering and
 * empty columns are left out. Null when no row has a cell with text. Pure.
 */
export function tableParagraph(rows: readonly string[]): string | null {
  const table = rows.map(cellsOf);
  const separator = table.findIndex((cells) => cells.every((cell) => SEPARATOR_CELL.test(cell)));
  const header = separator === 1 ? table[0]! : null;
  const body = table.filter((_, i) => i !== separator && !(header !== null && i === 0));
  // A loop, not Math.max(...): a spread of 120,000 rows overflows the call stack.
  const width = body.reduce((most, cells) => Math.max(most, cells.length), 0);
  const columns = Array.from({ length: width }, (_, c) => c).filter((c) => {
    const values = body.map((cells) => cells[c] ?? '');
    return values.some((value) => !EMPTY_CELL.test(value)) && !isRowNumbering(values);
  });
  const sentences = body
    .map((cells) =>
      columns
        .filter((c) => !EMPTY_CELL.test(cells[c] ?? ''))
        .map((c) => {
          const { name, cell } = withHeaderUnit(headerName(header?.[c]), cells[c]!.replace(/[。；;，,]+$/, ''));
          return name === '' ? cell : `${name}：${cell}`;
        })
        .join('，'),
    )
    .filter((sentence) => sentence !== '');
  return sentences.length === 0 ? null : sentences.map((sentence) => `${sentence}。`).join('');
}

// A column's name is this short (「挂网单价（元）」, 「国家区域医疗中心建设项目名称」); a longer header cell is text, not a
// name to repeat before every cell of its column (5,000 characters over 100 rows made a page 100 times longer).
const MAX_HEADER_NAME = 40;

/** The name a header cell gives its column's cells: none when it is too long to be a name. */
function headerName(cell: string | undefined): string {
  return cell === undefined || cell.length > MAX_HEADER_NAME ? '' : cell;
}

// A header naming its column's unit in brackets (「挂网单价（元）」, 「参保人数(万人)」): the unit is this short.
const MAX_HEADER_UNIT = 4;

/**
 * A cell that is a bare figure under a header naming the unit (「挂网单价（元）」 over 「7.55」) takes the unit, so the
 * sentence states 「挂网单价：7.55元」 as the article means it. Other cells stay as they are.
 */
function withHeaderUnit(name: string, cell: string): { name: string; cell: string } {
  // String operations, not a regex: a lazy 「(.+?)\s*（」 backtracks over every space of a padded header.
  const open = Math.max(name.lastIndexOf('（'), name.lastIndexOf('('));
  const unit = open > 0 && /[)）]$/.test(name) ? name.slice(open + 1, -1) : '';
  if (unit === '' || unit.length > MAX_HEADER_UNIT || /[\d（()）]/.test(unit) || !/^\d+(?:\.\d+)?$/.test(cell)) return { name, cell };
  return { name: name.slice(0, open).trim(), cell: `${cell}${unit}` };
}

/**
 * A list item line: 「- 甲」, 「* 甲」, 「1. 甲」, 「2、甲」, 「3）甲」, 「（4）甲」, 「⑤甲」 (a figure such as 「1.5亿元」 opens no item). The
 * HTML cleaner writes `<li>` this way too.
 */
export const LIST_MARKER = /^(?:[*+•-]\s+|\d{1,2}(?:[、)）]|\.(?!\d))\s*|[(（]\d{1,2}[)）]\s*|[①-⑳]\s*)/;
const ENDS_SENTENCE = /[。！？!?]$/;
// An item of a list numbered in words: 「一是…」, 「其二…」, 「第三，…」, 「（四）…」, 「五、…」.
const WORDED_ITEM = /^(?:[一二三四五六七八九十]是|其[一二三四五六七八九十]|第[一二三四五六七八九十][，,、]|[（(][一二三四五六七八九十][）)]|[一二三四五六七八九十]、)/;
// Or in sequence words, set off by a comma (「最后阶段」 opens no item).
const SEQUENCE_ITEM = /^(?:首先|其次|再次|最后)[，,]/;

/** Whether a paragraph opens like an item of a list: a marker (「1、」, 「（2）」, 「③」) or a word (「一是」, 「首先，」). */
export function opensListItem(text: string): boolean {
  return WORDED_ITEM.test(text) || SEQUENCE_ITEM.test(text) || LIST_MARKER.test(text);
}

/** A sentence without the ordinal word that opens it as an item (「一是方便快捷」 → 「方便快捷」). */
export function withoutItemWord(text: string): string {
  return text.replace(WORDED_ITEM, '');
}

/**
 * Consecutive list items as one paragraph: each item that does not end a sentence of its own closes with 「；」, the
 * last with 「。」, so the chunker splits at items and a quote of the line that opens the list can take them along
 * (candidates.ts). Pure.
 * @param items the items' text, markers removed.
 */
export function listParagraph(items: readonly string[]): string {
  return items
    .map((item, i) => {
      if (ENDS_SENTENCE.test(item)) return item;
      const bare = item.replace(/[；;，,、：:]+$/, '');
      return `${bare}${i === items.length - 1 ? '。' : '；'}`;
    })
    .join('');
}
