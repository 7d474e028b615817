import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpCandidates } from '../eval/dump.js';
import { collectExamples } from '../eval/examples.js';
import { evaluateFolds } from '../eval/folds.js';
import { readQuestionSet, type QuestionSet } from '../eval/question-set.js';
import { buildChannelIndex, DENSE_CHANNELS, type DenseChannel } from '../eval/dense-channels.js';
import { answerSet, formatTallies, type SetResult } from '../eval/run-sets.js';
import { UsageError } from '../errors.js';
import { parseFlags } from './args.js';
import type { CliIo } from './run.js';

const USAGE = `npm run eval -- [--set DIR_OR_JSONL ...] [--folds] [--out DIR] [--dense ${DENSE_CHANNELS.join('|')}] [--dump FILE]`;
const SHARED_EVAL = join('..', 'shared', 'eval');

/**
 * The sets used when none is named: the golden set, the off-topic questions (the dev sets have none, and the bot
 * must refuse them) and every dev set beside the project.
 */
export function defaultSets(): string[] {
  const shared = existsSync(SHARED_EVAL) ? readdirSync(SHARED_EVAL).filter((name) => name.startsWith('dev-')).sort().map((name) => join(SHARED_EVAL, name)) : [];
  return [join('test', 'golden.jsonl'), join('test', 'off-topic.jsonl'), ...shared];
}

/**
 * Reads the sets named by `--set` (or the default ones) and builds their one index in a temporary folder, with the
 * product's hashed vectors unless another dense channel is asked for.
 */
export async function openSets(paths: readonly string[], dense: DenseChannel = 'hash') {
  const sets: QuestionSet[] = [];
  for (const path of paths.length > 0 ? paths : defaultSets()) sets.push(await readQuestionSet(path));
  const workDir = await mkdtemp(join(tmpdir(), 'yigai-eval-'));
  const { index, embeddings } = await buildChannelIndex(sets, 'seeds', workDir, dense);
  return { sets, embeddings, index, close: () => rm(workDir, { recursive: true, force: true }) };
}

/**
 * `npm run eval`: answers labelled question sets offline through `ask --jsonl`'s path and scores them as
 * ../shared/eval/score.mjs does, per set and per type. `--folds` fits the answer scorer on all sets and on each
 * leave-one-set-out split, and prints both. `--out DIR` writes each set's answers as JSONL, for score.mjs.
 * `--dense lsa|none` measures another dense channel than the product's hashed vectors (README, What the vectors add).
 * `--dump FILE` writes every labelled question's candidates with their features and labels as JSON (eval/dump.ts),
 * and stops there unless `--folds` or `--out` asks for answers too.
 */
export async function evalCommand(io: CliIo): Promise<number> {
  const { values } = parseFlags(
    io.argv,
    {
      set: { type: 'string', multiple: true },
      folds: { type: 'boolean' },
      out: { type: 'string' },
      dense: { type: 'string', default: 'hash' },
      dump: { type: 'string' },
    },
    USAGE,
  );
  if (!DENSE_CHANNELS.includes(values.dense as DenseChannel)) throw new UsageError(`--dense must be one of ${DENSE_CHANNELS.join(', ')}, not "${values.dense}"\nusage: ${USAGE}`);
  const opened = await openSets(values.set ?? [], values.dense as DenseChannel);
  try {
    const { sets, embeddings, index } = opened;
    const groups = values.folds || values.dump ? await collectExamples(index, embeddings, sets.flatMap((s) => s.questions)) : [];
    if (values.dump) {
      await writeFile(values.dump, JSON.stringify(dumpCandidates(groups)));
      io.stdout.write(`wrote the candidates of ${groups.length} questions to ${values.dump}\n`);
      // A dump alone is for a quick look at the features: answering every set again takes minutes.
      if (!values.folds && !values.out) return 0;
    }
    let shown: SetResult[];
    if (values.folds) {
      const folds = await evaluateFolds(index, embeddings, sets, groups);
      io.stdout.write(`${formatTallies('in-sample (fitted on every set):', folds.inSample)}\n\n`);
      io.stdout.write(`${formatTallies('held out (each set answered by a model fitted on the other sets):', folds.heldOut)}\n`);
      shown = folds.heldOut;
    } else {
      shown = [];
      for (const set of sets) shown.push(await answerSet(index, embeddings, set));
      io.stdout.write(`${formatTallies('lexicon/answer-model.json:', shown)}\n`);
    }
    if (values.out) {
      await mkdir(values.out, { recursive: true });
      for (const result of shown) {
        await writeFile(join(values.out, `${result.set}.answers.jsonl`), result.items.map((i) => `${JSON.stringify(i.record)}\n`).join(''));
      }
    }
    return 0;
  } finally {
    await opened.close();
  }
}
