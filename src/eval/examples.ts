import type { Turn } from '../answer/types.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { findCandidates } from '../rank/rank.js';
import { analyzeQuestion } from '../retrieve/question.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import type { ExampleGroup } from './fit-model.js';
import type { LabelledQuestion } from './question-set.js';
import { judge } from './score.js';

/**
 * Each labelled question with its candidates, exactly as the answerer finds them, and which candidates answer it
 * (the quote holds every fact and comes from a listed source). A follow-up's history is its conversation's
 * earlier questions, each taken to have cited its own listed sources (teacher forcing: the labels, not a model's
 * answers, so fitting does not depend on an earlier model).
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
    const labels = candidates.map(
      (c) => question.type !== 'unanswerable' && judge(question, { answered: true, answer: c.text, files: [c.passage.chunk.file] }).right,
    );
    groups.push({ question, analyzed, candidates, labels });
  }
  return groups;
}
