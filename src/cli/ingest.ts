import cliProgress from 'cli-progress';
import { createEmbeddings } from '../embed/create.js';
import { DEFAULT_DOCS_DIR, REDIS_KEY_PREFIX } from '../config.js';
import { recordedDocsFolder } from '../store/docs-folder.js';
import { publishGenerationNews } from '../store/generation-news.js';
import { ingest, type IngestReport } from '../store/ingest.js';
import { parseFlags } from './args.js';
import { configFromFlags, type CliIo } from './run.js';
import { watchFolder } from './watch-folder.js';

const USAGE = 'npm run ingest -- [--docs DIR] [--index DIR] [--full] [--check] [--watch]';
const WATCH_DEBOUNCE_MS = 500;

/** Renders an ingest report for a maintainer: counts, then each file that needs attention. Pure. */
export function formatIngestReport(report: IngestReport, check: boolean): string {
  const lines = [
    check
      ? `Checked ${report.documents + report.skipped.length} files: ${report.documents} usable, ${report.skipped.length} skipped (nothing written).`
      : `Indexed ${report.documents} documents as ${report.chunks} chunks in ${(report.elapsedMs / 1000).toFixed(1)} s (generation ${report.generation}).`,
    `  added ${report.added.length}, updated ${report.updated.length}, removed ${report.removed.length}, unchanged ${report.unchanged.length}, skipped ${report.skipped.length}` +
      (check ? '' : `; ${report.embedded} new texts embedded`),
  ];
  if (report.rebuiltBecause) lines.push(`  rebuilt from scratch: ${report.rebuiltBecause}`);
  if (report.replacedFolder) lines.push(`  note: the index was built from ${report.replacedFolder}; it now holds this folder's documents instead`);
  for (const [label, files] of [['added', report.added], ['updated', report.updated], ['removed', report.removed]] as const) {
    for (const file of files) lines.push(`  ${label}: ${file}`);
  }
  for (const { file, of } of report.duplicates) lines.push(`  duplicate: ${file} has the same content as ${of}; indexed once, cited under both names`);
  for (const { file, reason } of report.skipped) lines.push(`  skipped: ${file}: ${reason}`);
  for (const { file, message } of report.warnings) lines.push(`  warning: ${file}: ${message}`);
  return lines.join('\n');
}

/** `npm run ingest`: builds or updates the index from the docs folder. */
export async function ingestCommand(io: CliIo): Promise<number> {
  const { values } = parseFlags(
    io.argv,
    { docs: { type: 'string' }, index: { type: 'string' }, full: { type: 'boolean' }, check: { type: 'boolean' }, watch: { type: 'boolean' } },
    USAGE,
  );
  const config = configFromFlags(io.env, values);
  const embeddings = createEmbeddings(config);
  // Named: that folder, even when another built the index (the report says so). Unnamed: the one that built it.
  const docsDir = config.docsDir ?? (await recordedDocsFolder(config.indexDir)) ?? DEFAULT_DOCS_DIR;
  const runOnce = async (full: boolean) => {
    const bar = (io.stderr as NodeJS.WriteStream).isTTY ? new cliProgress.SingleBar({ stream: io.stderr, format: 'indexing {bar} {value}/{total} documents' }, cliProgress.Presets.shades_classic) : null;
    try {
      const report = await ingest({
        docsDir,
        indexDir: config.indexDir,
        embeddings,
        full,
        check: values.check,
        onProgress: (done, total) => {
          if (!bar) return;
          if (done === 0) bar.start(total, 0);
          else bar.update(done);
        },
      });
      bar?.stop();
      io.stdout.write(`${formatIngestReport(report, values.check === true)}\n`);
      // Bots sharing REDIS_URL take the new generation up now (or re-index their own index), not at their next question.
      if (config.redisUrl && report.generation && !values.check) {
        const heard = await publishGenerationNews(config.redisUrl, REDIS_KEY_PREFIX, { instance: 'npm run ingest', generation: report.generation }).catch(
          (error: unknown) => void io.stderr.write(`note: could not tell the bots through Redis (${error instanceof Error ? error.message : String(error)}); they take the new generation up at their next question\n`),
        );
        if (heard !== undefined) io.stdout.write(`Told ${heard} bot instance(s) through Redis.\n`);
      }
      return values.check && report.skipped.length > 0 ? 1 : 0;
    } finally {
      bar?.stop();
    }
  };
  const status = await runOnce(values.full === true);
  if (!values.watch) return status;

  io.stdout.write(`Watching ${docsDir} for changes (Ctrl-C to stop)…\n`);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  await watchFolder(
    docsDir,
    () =>
      runOnce(false).then(
        () => undefined,
        (error: unknown) => void io.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`),
      ),
    {
      debounceMs: WATCH_DEBOUNCE_MS,
      signal: stop.signal,
      onMissing: () => void io.stdout.write(`${docsDir} is gone; waiting for it to come back (the index keeps answering)…\n`),
      onBack: () => void io.stdout.write(`${docsDir} is back; re-indexing it…\n`),
    },
  );
  return 0;
}
