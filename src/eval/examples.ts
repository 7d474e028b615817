import type { Turn } from '../answer/types.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import type { Candidate } from '../rank/candidates.js';
import { findCandidates } from '../rank/rank.js';
import { analyzeQuestion } from '../retrieve/question.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import type { ExampleGroup } from './fit-model.js';
import type { LabelledQuestion } from './question-set.js';
import { judge } from './score.js';

/**
 * Each labelled question with its candidates, exactly as the answerer finds them, and which candidates answer it:
 * from a listed source, the quote holds every fact — or, when no one sentence does (two figures asked, stated in two
 * sentences), the most facts any candidate holds, so such a question still teaches the fit where its answer is
 * instead of being left out. A follow-up's history is its conversation's earlier questions, each taken to have
 * cited its own listed sources (teacher forcing: the labels, not a model's answers, so fitting does not depend on
 * an earlier model).
 */
export async function collectExamples(index: CorpusIndex, embeddings: CorpusEmbeddings, questions: readonly LabelledQuestion[]): Promise<ExampleGroup[]> {
  const files = index.manifest.documents.map((d) => d.file);
  const filesOf = (q: LabelledQuestion) => files.filter((f) => q.sources.some((s) => f.startsWith(s)));
  const sessions = new Map<string, Turn[]>();
  const groups: ExampleGroup[] = [];
  for (const question of questions) {
    let history: Turn[] = [];
    for (const earlier of question.history) history = [...history, { question: earlier, searchedAs: analyzeQuestion(earlier, history).carriedText }];
    if (question.session) history = sessions.get(question.session) ?? [];
    const analyzed = analyzeQuestion(question.question, history);
    if (question.session) sessions.set(question.session, [...history, { question: question.question, searchedAs: analyzed.carriedText, citedFiles: filesOf(question) }]);
    const { candidates } = await findCandidates(index, embeddings, analyzed);
    const holds = (c: Candidate, facts: string[]) => judge({ ...question, facts }, { answered: true, answer: c.text, files: [c.passage.chunk.file] }).right;
    const factsHeld = candidates.map((c) => (question.type === 'unanswerable' ? 0 : question.facts.filter((fact) => holds(c, [fact])).length));
    const most = Math.max(0, ...factsHeld);
    // A question listing no facts is answered by any sentence of a listed source.
    const labels = candidates.map((c, i) => question.type !== 'unanswerable' && (most > 0 ? factsHeld[i] === most : question.facts.length === 0 && holds(c, [])));
    groups.push({ question, analyzed, candidates, labels });
  }
  return groups;
}
