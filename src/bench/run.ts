import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { CliIo } from '../cli/run.js';
import { parseGolden } from '../eval/golden.js';
import { DEFAULT_HNSW, type HnswSettings } from '../store/corpus-index.js';
import { machineInfo, measureSize, warmUp } from './measure.js';
import { buildResults, formatJson, formatTable, renderLatencySvg, type SizeResult } from './report.js';

/**
 * Default sizes: all three fit the 10-minute budget on the 2-core reference machine (see the README's
 * performance section for the measured run).
 */
export const DEFAULT_SIZES = [1000, 10000, 100000];

export interface BenchArgs {
  sizes: number[];
  out: string;
  /** The SVG chart goes beside the JSON. */
  svg: string;
  seeds: string;
  golden: string;
  rounds: number;
  hnsw: HnswSettings;
}

/** Parses `--sizes 1000,10000 --out bench/results.json [--rounds 3] [--m 16 --ef-construction 200 --ef-search 300]`. Pure. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    if (i === -1) return undefined;
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  const int = (flag: string, fallback: number) => {
    const v = value(flag);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} must be a positive integer, not ${v}`);
    return n;
  };
  const sizesText = value('--sizes');
  const sizes = sizesText
    ? sizesText.split(',').map((s) => {
        const n = Number(s.trim().replace(/k$/i, '000'));
        if (!Number.isInteger(n) || n <= 0) throw new Error(`--sizes: "${s}" is not a positive chunk count`);
        return n;
      })
    : DEFAULT_SIZES;
  const out = value('--out') ?? 'bench/results.json';
  return {
    sizes,
    out,
    svg: value('--svg') ?? join(dirname(out), 'latency.svg'),
    seeds: value('--seeds') ?? 'seeds',
    golden: value('--golden') ?? 'test/golden.jsonl',
    rounds: int('--rounds', 3),
    hnsw: {
      m: int('--m', DEFAULT_HNSW.m),
      efConstruction: int('--ef-construction', DEFAULT_HNSW.efConstruction),
      efSearch: int('--ef-search', DEFAULT_HNSW.efSearch),
    },
  };
}

/** `npm run bench`: measures each size in turn, prints the table, writes the JSON and the SVG chart. */
export async function benchCommand(io: CliIo): Promise<number> {
  const args = parseBenchArgs(io.argv);
  const golden = parseGolden(await readFile(args.golden, 'utf8'));
  const workDir = await mkdtemp(join(tmpdir(), 'yigai-bench-'));
  const started = Date.now();
  const log = (line: string) => io.stderr.write(`${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s ${line}\n`);
  const sizes: SizeResult[] = [];
  try {
    await warmUp(args.seeds, workDir);
    for (const size of args.sizes) {
      sizes.push(await measureSize(size, { seedsDir: args.seeds, workDir, golden, hnsw: args.hnsw, rounds: args.rounds, log }));
      // Let the previous size's index go before the next is built.
      (globalThis as { gc?: () => void }).gc?.();
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  const results = buildResults(machineInfo(), sizes, {
    M: args.hnsw.m,
    efConstruction: args.hnsw.efConstruction,
    efSearch: args.hnsw.efSearch,
    dims: 512,
  });
  await mkdir(dirname(args.out), { recursive: true });
  await writeFile(args.out, formatJson(results));
  await mkdir(dirname(args.svg), { recursive: true });
  await writeFile(args.svg, renderLatencySvg(results.sizes));
  io.stdout.write(`${formatTable(results)}\n\nwrote ${args.out} and ${args.svg} in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  return 0;
}
