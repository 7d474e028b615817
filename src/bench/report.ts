/** What one corpus size measured; the field names are the JSON the bench writes. */
export interface SizeResult {
  chunks: number;
  ingest_chunks_per_s: number;
  index_mb: number;
  retrieve_p50_ms: number;
  retrieve_p95_ms: number;
  answer_p50_ms: number;
  answer_p95_ms: number;
  answer_p99_ms: number;
  hnsw_recall_at_10: number;
  hnsw_speedup_vs_exact: number;
  /** Recall@5 of the golden answerable questions (seed facts only): [hybrid, bm25]. */
  hybrid_vs_bm25_recall_at_5: [number, number];
  rss_mb: number;
  startup_ms: number;
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  totalMemGb: number;
  node: string;
  platform: string;
}

export interface BenchSettings {
  M: number;
  efConstruction: number;
  efSearch: number;
  dims: number;
}

/** How cost grew from one size to the next: a ratio near size_ratio is linear, well below it sub-linear. */
export interface SizeRatio {
  from: number;
  to: number;
  size_ratio: number;
  ingest_time_ratio: number;
  retrieve_p95_ratio: number;
  answer_p95_ratio: number;
}

export interface BenchResults {
  machine: MachineInfo;
  sizes: SizeResult[];
  ratios: SizeRatio[];
  settings: BenchSettings;
}

/** Nearest-rank percentile (p in 0..100) of unsorted values; 0 for none. Pure. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** Rounds to `digits` decimals (for the JSON and the table). Pure. */
export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Ratios between consecutive sizes (sorted by chunk count). Ingest time is chunks / throughput. Pure. */
export function computeRatios(sizes: readonly SizeResult[]): SizeRatio[] {
  const sorted = [...sizes].sort((a, b) => a.chunks - b.chunks);
  const ratios: SizeRatio[] = [];
  const safe = (a: number, b: number) => (b === 0 ? 0 : round(a / b, 2));
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    const ingestTime = (s: SizeResult) => (s.ingest_chunks_per_s > 0 ? s.chunks / s.ingest_chunks_per_s : 0);
    ratios.push({
      from: a.chunks,
      to: b.chunks,
      size_ratio: safe(b.chunks, a.chunks),
      ingest_time_ratio: safe(ingestTime(b), ingestTime(a)),
      retrieve_p95_ratio: safe(b.retrieve_p95_ms, a.retrieve_p95_ms),
      answer_p95_ratio: safe(b.answer_p95_ms, a.answer_p95_ms),
    });
  }
  return ratios;
}

/** Assembles the results document. Pure. */
export function buildResults(machine: MachineInfo, sizes: readonly SizeResult[], settings: BenchSettings): BenchResults {
  const sorted = [...sizes].sort((a, b) => a.chunks - b.chunks);
  return { machine, sizes: sorted, ratios: computeRatios(sorted), settings };
}

const COLUMNS: { title: string; value: (s: SizeResult) => string }[] = [
  { title: 'chunks', value: (s) => String(s.chunks) },
  { title: 'ingest/s', value: (s) => s.ingest_chunks_per_s.toFixed(0) },
  { title: 'index MB', value: (s) => s.index_mb.toFixed(1) },
  { title: 'ret p50', value: (s) => s.retrieve_p50_ms.toFixed(2) },
  { title: 'ret p95', value: (s) => s.retrieve_p95_ms.toFixed(2) },
  { title: 'ans p50', value: (s) => s.answer_p50_ms.toFixed(2) },
  { title: 'ans p95', value: (s) => s.answer_p95_ms.toFixed(2) },
  { title: 'ans p99', value: (s) => s.answer_p99_ms.toFixed(2) },
  { title: 'hnsw R@10', value: (s) => s.hnsw_recall_at_10.toFixed(3) },
  { title: 'hnsw x', value: (s) => s.hnsw_speedup_vs_exact.toFixed(1) },
  { title: 'R@5 hyb/bm25', value: (s) => `${s.hybrid_vs_bm25_recall_at_5[0].toFixed(3)}/${s.hybrid_vs_bm25_recall_at_5[1].toFixed(3)}` },
  { title: 'RSS MB', value: (s) => s.rss_mb.toFixed(0) },
  { title: 'start ms', value: (s) => s.startup_ms.toFixed(0) },
];

/** The results as a fixed-width text table (latencies in ms), with the settings and growth ratios under it. Pure. */
export function formatTable(results: BenchResults): string {
  const rows = [COLUMNS.map((c) => c.title), ...results.sizes.map((s) => COLUMNS.map((c) => c.value(s)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => cell.padStart(widths[i]!)).join('  ');
  const { settings: st, machine: m } = results;
  const out = [
    `machine: ${m.cpus} × ${m.cpuModel}, ${m.totalMemGb} GB, node ${m.node}, ${m.platform}`,
    `settings: M=${st.M} efConstruction=${st.efConstruction} efSearch=${st.efSearch} dims=${st.dims}`,
    '',
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ];
  if (results.ratios.length > 0) {
    out.push('', 'growth      size×  ingest-time×  retrieve-p95×  answer-p95×');
    for (const r of results.ratios) {
      out.push(
        `${`${r.from}→${r.to}`.padEnd(12)}${r.size_ratio.toFixed(1).padStart(5)}${r.ingest_time_ratio.toFixed(2).padStart(14)}` +
          `${r.retrieve_p95_ratio.toFixed(2).padStart(15)}${r.answer_p95_ratio.toFixed(2).padStart(13)}`,
      );
    }
  }
  return out.join('\n');
}

/** The JSON file's text. Pure. */
export function formatJson(results: BenchResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

export interface ChartOptions {
  width?: number;
  height?: number;
}

const SERIES = [
  { name: 'retrieve p95', color: '#1f77b4', value: (s: SizeResult) => s.retrieve_p95_ms },
  { name: 'answer p95', color: '#d62728', value: (s: SizeResult) => s.answer_p95_ms },
] as const;

/** A "nice" upper bound for an axis: 1, 2 or 5 times a power of ten, at least `value`. Pure. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function formatCount(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/**
 * A hand-written SVG line chart of retrieve p95 and answer p95 (ms, linear y) against corpus size in chunks
 * (log x). Pure: the same results always give the same SVG text.
 */
export function renderLatencySvg(sizes: readonly SizeResult[], options: ChartOptions = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const margin = { top: 40, right: 150, bottom: 50, left: 60 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sorted = [...sizes].filter((s) => s.chunks > 0).sort((a, b) => a.chunks - b.chunks);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">Query latency (p95) vs corpus size</text>`,
  ];
  const minDecade = sorted.length ? Math.floor(Math.log10(sorted[0]!.chunks)) : 0;
  let maxDecade = sorted.length ? Math.ceil(Math.log10(sorted.at(-1)!.chunks)) : 1;
  if (maxDecade <= minDecade) maxDecade = minDecade + 1;
  const x = (chunks: number) => margin.left + ((Math.log10(chunks) - minDecade) / (maxDecade - minDecade)) * plotW;
  const yMax = niceCeiling(Math.max(0, ...sorted.flatMap((s) => SERIES.map((series) => series.value(s)))));
  const y = (ms: number) => margin.top + plotH - (ms / yMax) * plotH;
  const fmt = (n: number) => n.toFixed(1);

  // Axes, grid and ticks.
  parts.push(`<g stroke="#e0e0e0">`);
  for (let i = 0; i <= 4; i++) parts.push(`<line x1="${margin.left}" y1="${fmt(y((yMax * i) / 4))}" x2="${margin.left + plotW}" y2="${fmt(y((yMax * i) / 4))}"/>`);
  for (let d = minDecade; d <= maxDecade; d++) parts.push(`<line x1="${fmt(x(10 ** d))}" y1="${margin.top}" x2="${fmt(x(10 ** d))}" y2="${margin.top + plotH}"/>`);
  parts.push('</g>');
  parts.push(
    `<line x1="${margin.left}" y1="${margin.top + plotH}" x2="${margin.left + plotW}" y2="${margin.top + plotH}" stroke="#000"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${margin.top + plotH}" stroke="#000"/>`,
  );
  for (let i = 0; i <= 4; i++) {
    const value = (yMax * i) / 4;
    parts.push(`<text x="${margin.left - 6}" y="${fmt(y(value) + 4)}" text-anchor="end">${escapeXml(String(round(value, 2)))}</text>`);
  }
  for (let d = minDecade; d <= maxDecade; d++) {
    parts.push(`<text x="${fmt(x(10 ** d))}" y="${margin.top + plotH + 18}" text-anchor="middle">${formatCount(10 ** d)}</text>`);
  }
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">corpus size (chunks, log scale)</text>`,
    `<text x="16" y="${margin.top + plotH / 2}" text-anchor="middle" transform="rotate(-90 16 ${margin.top + plotH / 2})">latency (ms)</text>`,
  );

  // Series and legend.
  SERIES.forEach((series, i) => {
    const points = sorted.map((s) => `${fmt(x(s.chunks))},${fmt(y(series.value(s)))}`);
    if (points.length > 0) {
      parts.push(`<polyline fill="none" stroke="${series.color}" stroke-width="2" points="${points.join(' ')}"/>`);
      for (const s of sorted) {
        parts.push(
          `<circle cx="${fmt(x(s.chunks))}" cy="${fmt(y(series.value(s)))}" r="3.5" fill="${series.color}"><title>${escapeXml(`${series.name} at ${s.chunks} chunks: ${series.value(s).toFixed(2)} ms`)}</title></circle>`,
        );
      }
    }
    const ly = margin.top + 10 + i * 20;
    const lx = margin.left + plotW + 15;
    parts.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 24}" y2="${ly}" stroke="${series.color}" stroke-width="2"/>`,
      `<text x="${lx + 30}" y="${ly + 4}">${escapeXml(series.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
