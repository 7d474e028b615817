import { describe, expect, it } from 'vitest';
import { buildResults, computeRatios, formatJson, formatTable, niceCeiling, percentile, renderLatencySvg, type SizeResult } from '../../src/bench/report.js';
import { parseBenchArgs } from '../../src/bench/run.js';

const size = (chunks: number, perS: number, retrieve: number, answer: number): SizeResult => ({
  chunks,
  ingest_chunks_per_s: perS,
  index_mb: chunks / 250,
  retrieve_p50_ms: retrieve / 2,
  retrieve_p95_ms: retrieve,
  answer_p50_ms: answer / 2,
  answer_p95_ms: answer,
  answer_p99_ms: answer * 1.5,
  hnsw_recall_at_10: 0.99,
  hnsw_speedup_vs_exact: chunks / 1000,
  hybrid_vs_bm25_recall_at_5: [0.9, 0.85],
  rss_mb: 200,
  startup_ms: 500,
});

const machine = { cpus: 2, cpuModel: 'Test CPU', totalMemGb: 24, node: 'v20.0.0', platform: 'linux-x64' };
const settings = { M: 16, efConstruction: 200, efSearch: 96, dims: 512 };

describe('bench report', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it('computes growth ratios between consecutive sizes', () => {
    const ratios = computeRatios([size(10000, 2000, 4, 20), size(1000, 2500, 2, 10)]);
    expect(ratios).toEqual([
      { from: 1000, to: 10000, size_ratio: 10, ingest_time_ratio: 12.5, retrieve_p95_ratio: 2, answer_p95_ratio: 2 },
    ]);
  });

  it('builds results of the documented shape, sizes sorted', () => {
    const results = buildResults(machine, [size(10000, 2000, 4, 20), size(1000, 2500, 2, 10)], settings);
    expect(Object.keys(results)).toEqual(['machine', 'sizes', 'ratios', 'settings']);
    expect(results.sizes.map((s) => s.chunks)).toEqual([1000, 10000]);
    expect(Object.keys(results.sizes[0]!)).toEqual([
      'chunks', 'ingest_chunks_per_s', 'index_mb', 'retrieve_p50_ms', 'retrieve_p95_ms', 'answer_p50_ms', 'answer_p95_ms',
      'answer_p99_ms', 'hnsw_recall_at_10', 'hnsw_speedup_vs_exact', 'hybrid_vs_bm25_recall_at_5', 'rss_mb', 'startup_ms',
    ]);
    expect(JSON.parse(formatJson(results))).toEqual(results);
  });

  it('prints a table with one row per size and the ratios', () => {
    const table = formatTable(buildResults(machine, [size(1000, 2500, 2, 10), size(10000, 2000, 4, 20)], settings));
    expect(table).toContain('M=16 efConstruction=200 efSearch=96 dims=512');
    expect(table).toMatch(/^\s*1000\s+2500\s/m);
    expect(table).toMatch(/^\s*10000\s+2000\s/m);
    expect(table).toContain('1000→10000');
  });

  it('draws a deterministic SVG line chart with a log x axis', () => {
    const sizes = [size(1000, 2500, 2, 10), size(10000, 2000, 4, 20), size(100000, 2000, 8, 40)];
    const svg = renderLatencySvg(sizes);
    expect(svg).toBe(renderLatencySvg([...sizes].reverse()));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(2);
    expect(svg).toContain('retrieve p95');
    expect(svg).toContain('answer p95');
    for (const tick of ['>1k<', '>10k<', '>100k<']) expect(svg).toContain(tick);
    // Log x: the three sizes are evenly spaced.
    const xs = [...svg.matchAll(/<polyline[^>]*points="([^"]+)"/g)][0]![1]!.split(' ').map((p) => Number(p.split(',')[0]));
    expect(xs[1]! - xs[0]!).toBeCloseTo(xs[2]! - xs[1]!, 5);
  });

  it('handles a single size and an empty list', () => {
    expect(renderLatencySvg([size(1000, 1, 1, 1)])).toContain('<polyline');
    expect(renderLatencySvg([])).not.toContain('<polyline');
  });

  it('rounds axis maxima to 1, 2 or 5 × 10^n', () => {
    expect(niceCeiling(37)).toBe(50);
    expect(niceCeiling(12)).toBe(20);
    expect(niceCeiling(0.8)).toBe(1);
    expect(niceCeiling(0)).toBe(1);
  });

  it('parses the bench flags', () => {
    const args = parseBenchArgs(['--sizes', '1000,10k', '--out', 'x/r.json']);
    expect(args.sizes).toEqual([1000, 10000]);
    expect(args.out).toBe('x/r.json');
    expect(args.svg).toBe('x/latency.svg');
    expect(() => parseBenchArgs(['--sizes', 'abc'])).toThrow();
  });
});
