import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';

/** A question with a known answer (the format of ../shared/eval, see its README). */
export interface LabelledQuestion {
  id: string;
  /** The set it belongs to; a paraphrase belongs to its original's set. */
  set: string;
  type: string;
  question: string;
  /** Strings a right answer contains verbatim; `a|b` accepts either. */
  facts: string[];
  /** File-name prefixes of the articles that hold the answer; a right answer cites one. */
  sources: string[];
  /** Lines sharing a session are one conversation, in order. */
  session: string | null;
  /** Questions asked before it in its conversation, when the file lists them with the question (test/golden.jsonl). */
  history: string[];
}

/** A set of labelled questions and the articles they are about. */
export interface QuestionSet {
  name: string;
  /** The set's own articles (`docs/` of a set folder), or null when it asks about the seeds only. */
  docsDir: string | null;
  /** Its questions, then its paraphrases. */
  questions: LabelledQuestion[];
}

const lineSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  type: z.string().default('other'),
  question: z.string().min(1),
  facts: z.array(z.string()).default([]),
  // The golden set names whole files; the shared sets name prefixes.
  sources: z.array(z.string()).optional(),
  files: z.array(z.string()).optional(),
  session: z.union([z.string(), z.number()]).transform(String).optional(),
  history: z.array(z.string()).default([]),
});

/**
 * Reads a question set: a folder holding `questions.jsonl` (and `paraphrases.jsonl`, `docs/`), or one `.jsonl`
 * file of questions about the seeds.
 * @throws {UsageError} naming the file and line that is not a question.
 */
export async function readQuestionSet(path: string): Promise<QuestionSet> {
  const isFile = path.endsWith('.jsonl');
  const name = basename(path).replace(/\.jsonl$/, '');
  const files = isFile ? [path] : ['questions.jsonl', 'paraphrases.jsonl'].map((f) => join(path, f)).filter((f) => existsSync(f));
  if (files.length === 0) throw new UsageError(`${path}: no questions.jsonl in this folder; give a question set (see ../shared/eval/README.md)`);
  const questions: LabelledQuestion[] = [];
  for (const file of files) {
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let parsed;
      try {
        parsed = lineSchema.safeParse(JSON.parse(line));
      } catch {
        throw new UsageError(`${file} line ${i + 1}: not valid JSON`);
      }
      if (!parsed.success) throw new UsageError(`${file} line ${i + 1}: ${parsed.error.issues[0]!.path.join('.')} ${parsed.error.issues[0]!.message}`);
      const q = parsed.data;
      questions.push({
        id: q.id,
        set: name,
        type: q.type,
        question: q.question,
        facts: q.facts,
        sources: q.sources ?? (q.files ?? []).map((f) => f.replace(/\.\w+$/, '')),
        session: q.session ?? null,
        history: q.history,
      });
    });
  }
  const docsDir = isFile || !existsSync(join(path, 'docs')) ? null : join(path, 'docs');
  return { name, docsDir, questions };
}

/**
 * The input lines of `ask --jsonl` for a set's questions: a question with a listed history is asked after its
 * history, in a conversation of its own (the history lines carry ids ending in `#history`, which no question has).
 */
export function toAskLines(questions: readonly LabelledQuestion[]): string[] {
  return questions.flatMap((q) => {
    if (q.history.length === 0) return [JSON.stringify({ id: q.id, question: q.question, ...(q.session ? { session: q.session } : {}) })];
    const session = `history-of-${q.id}`;
    return [
      ...q.history.map((question) => JSON.stringify({ id: `${q.id}#history`, question, session })),
      JSON.stringify({ id: q.id, question: q.question, session }),
    ];
  });
}
