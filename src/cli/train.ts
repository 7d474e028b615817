import { writeFile } from 'node:fs/promises';
import { collectExamples } from '../eval/examples.js';
import { evaluateFolds } from '../eval/folds.js';
import { tallies, type SetResult } from '../eval/run-sets.js';
import { MODEL_FILE, type AnswerModel } from '../rank/model.js';
import { parseFlags } from './args.js';
import { openSets } from './eval.js';
import type { CliIo } from './run.js';

const USAGE = 'npm run train -- [--set DIR_OR_JSONL ...] [--l2 N] [--out FILE]';

/**
 * `npm run train`: fits the answer scorer on the labelled sets (golden + ../shared/eval/dev-* by default) and
 * writes it, with how it was fitted and what it measured in-sample and held out, to lexicon/answer-model.json.
 * Deterministic: the same sets give the same file.
 */
export async function trainCommand(io: CliIo): Promise<number> {
  const { values } = parseFlags(io.argv, { set: { type: 'string', multiple: true }, l2: { type: 'string' }, out: { type: 'string' } }, USAGE);
  const l2 = values.l2 === undefined ? 0.1 : Number(values.l2);
  const opened = await openSets(values.set ?? []);
  try {
    const { sets, embeddings, index } = opened;
    const groups = await collectExamples(index, embeddings, sets.flatMap((s) => s.questions));
    const folds = await evaluateFolds(index, embeddings, sets, groups, { l2 });
    const figures = (results: SetResult[]) =>
      Object.fromEntries([...tallies(results).bySet].map(([set, t]) => [set, `${t.right}/${t.total}`]));
    const model: AnswerModel = {
      ...folds.model,
      provenance: {
        command: `npm run train${io.argv.length > 0 ? ` -- ${io.argv.join(' ')}` : ''}`,
        method: 'nested logit over each question\'s candidate sentences (articles against each other and a "no answer" option, then sentences within an article; full-batch Adam, 600 steps from zero, L2 on weights); threshold, second-quote and following-sentence ratios chosen on leave-one-set-out predictions',
        l2,
        sets: sets.map((s) => `${s.name} (${s.questions.length} questions)`),
        candidates: groups.reduce((n, g) => n + g.candidates.length, 0),
        positives: groups.reduce((n, g) => n + g.labels.filter(Boolean).length, 0),
        inSampleRight: figures(folds.inSample),
        heldOutRight: figures(folds.heldOut),
      },
    };
    await writeFile(values.out ?? MODEL_FILE, `${JSON.stringify(model, null, 2)}\n`);
    io.stdout.write(`wrote ${values.out ?? MODEL_FILE}\nin-sample: ${JSON.stringify(model.provenance.inSampleRight)}\nheld out:  ${JSON.stringify(model.provenance.heldOutRight)}\n`);
    return 0;
  } finally {
    await opened.close();
  }
}
