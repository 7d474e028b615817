// Columns a table may have: more is no table anyone publishes, and the bound keeps hostile colspans from
// multiplying the text a page of short rows becomes.
const MAX_COLUMNS = 200;
/**
 * Characters the merged cells of one page may add to its text (repeated cells and the pipes of spanned columns; the
 * tables of an article add a few thousand). Once a merged cell would pass it, this and every later merged cell of
 * the page is read as written, one column and one row. Without it, 5 MB of wide merged cells became 22 M characters.
 */
export const MAX_ADDED_CHARACTERS = 200_000;

/**
 * The cells an HTML table's merged cells stand for, as its pipe rows are written (html-text.ts): a cell with
 * `colspan="n"` fills n columns (the first with its text), one with `rowspan="n"` repeats its text in the same
 * column of the n − 1 rows below, so every row's cells line up under the header (「| 江西 | 湘雅医院江西医院 | 2913张 |」
 * then 「| 江西 | 阜外医院华中分院 | 1417张 |」 for a province cell spanning two rows).
 */
export class TableSpans {
  private readonly carried = new Map<number, { text: string; rows: number }>();
  private column = 0;
  // Counted over the whole page, not per table: a page of many small tables is as long as one of a big table.
  private added = 0;
  private spent = false;

  /** A table opens: nothing is carried from another. */
  startTable(): void {
    this.carried.clear();
    this.column = 0;
  }

  /** A row opens; returns the cells carried into its first columns, written as pipe cells. */
  startRow(): string {
    this.column = 0;
    return this.takeCarried();
  }

  /** A cell is about to open; returns the carried cells that stand before it. */
  beforeCell(): string {
    return this.takeCarried();
  }

  /** A cell closed with its text and spans; returns the pipes that close it and the empty columns it spans. */
  endCell(text: string, colspan: number, rowspan: number): string {
    const width = Math.max(1, Math.min(colspan, MAX_COLUMNS - this.column));
    // What the spans add: this row's empty columns, and in each row below the text once and a pipe a column.
    const adds = width - 1 + (rowspan - 1) * (text.length + width);
    this.spent ||= this.added + adds > MAX_ADDED_CHARACTERS;
    if (this.spent) {
      this.column++;
      return '|';
    }
    this.added += adds;
    // A cell spanning rows and columns carries its text in its first column and empty cells in the others.
    if (rowspan > 1) for (let c = 0; c < width; c++) this.carried.set(this.column + c, { text: c === 0 ? text : '', rows: rowspan - 1 });
    this.column += width;
    return '|'.repeat(width);
  }

  /** A row closes; returns the carried cells of its last columns. */
  endRow(): string {
    return this.takeCarried();
  }

  private takeCarried(): string {
    let out = '';
    for (let cell = this.carried.get(this.column); cell; cell = this.carried.get(this.column)) {
      out += `${cell.text}|`;
      cell.rows--;
      if (cell.rows === 0) this.carried.delete(this.column);
      this.column++;
    }
    return out;
  }
}
