import { readFile } from 'node:fs/promises';
import { createAnswerer } from '../src/answer/answerer.js';
import { LocalEmbeddings } from '../src/embed/local.js';
import { formatEvalReport, parseGolden } from '../src/eval/golden.js';
import { runEval } from '../src/eval/run-eval.js';
import { ensureFreshIndex } from '../src/store/ingest.js';
import { loadIndex } from '../src/store/generations.js';
import { runCli } from '../src/cli/run.js';

// The offline path is what is held to the golden set: it is the default and needs no key.
await runCli(async ({ argv, stdout }) => {
  const golden = argv.find((a) => a.endsWith('.jsonl')) ?? 'test/golden.jsonl';
  const docsDir = 'seeds';
  const indexDir = argv.includes('--index') ? argv[argv.indexOf('--index') + 1]! : 'index';
  const embeddings = new LocalEmbeddings();
  await ensureFreshIndex({ docsDir, indexDir, embeddings });
  const { index } = await loadIndex(indexDir, embeddings);
  const report = await runEval(parseGolden(await readFile(golden, 'utf8')), { answerer: createAnswerer({ index, embeddings }), index, embeddings });
  stdout.write(`${formatEvalReport(report)}\n`);
  if (argv.includes('--json')) stdout.write(`${JSON.stringify(report)}\n`);
});
