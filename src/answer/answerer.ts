import type { Config } from '../config.js';
import { ordinalOfChunkId } from '../corpus/chunk.js';
import { createEmbeddings } from '../embed/create.js';
import type { CorpusEmbeddings } from '../embed/embedder.js';
import { describeEmbedder } from '../embed/embedder.js';
import type { Logger } from '../logger.js';
import { createOpenAIClient } from '../providers/openai.js';
import { analyzeQuestion, type AnalyzedQuestion } from '../retrieve/question.js';
import type { Passage } from '../retrieve/search.js';
import { defaultModel, type AnswerModel } from '../rank/model.js';
import { findCandidates, scoreCandidates, type ScoredCandidate } from '../rank/rank.js';
import type { CorpusIndex } from '../store/corpus-index.js';
import { docsFolderToAnswerFrom } from '../store/docs-folder.js';
import { ensureFreshIndex } from '../store/ingest.js';
import { LiveIndex } from '../store/live-index.js';
import { documentsAnsweredFrom } from '../store/manifest.js';
import { toSimplified, toTraditional } from '../text/script.js';
import { truncate } from '../text/truncate.js';
import { answerAboutPrevious, SPEECH_PARAGRAPHS, type EarlierPassages } from './about-answer.js';
import { corpusTopics, indexedTitles, keyTermsPhrase } from './corpus-topics.js';
import { composeExtractive, type Composition } from './extractive.js';
import { createLlmComposer, type LlmComposer } from './llm.js';
import { CITATION_QUOTE_CHARS, type Answer, type Citation, type CorpusSummary, type Turn } from './types.js';

/** The answering core's one entry point, shared by the CLI, the terminal chat and the bot. */
export interface Answerer {
  /**
   * Answers a question. Weak evidence is not an error: the answer then has `answered: false`.
   * @param history earlier turns of the same conversation, oldest first (for follow-ups).
   * @param options.allowLlm false to force the extractive composer (e.g. a user's daily LLM budget is spent).
   */
  answer(question: string, history: readonly Turn[], options?: { allowLlm?: boolean }): Promise<Answer>;
  /** What the corpus holds, for /start, /help and refusals. */
  summary(): CorpusSummary;
  /** Key terms of the corpus's titles, best first: what /help and a refusal say it covers (computed once per generation). */
  keyTerms(): readonly string[];
  /** Takes up a new index generation now (otherwise it is taken up before the next question); what it then holds. */
  refresh(): Promise<CorpusSummary>;
}

export interface AnswererDeps {
  /** The index to answer from; a {@link LiveIndex} follows new generations between questions. */
  index: LiveIndex | CorpusIndex;
  embeddings: CorpusEmbeddings;
  llm?: LlmComposer;
  /** The fitted answer scorer. @default the model in lexicon/answer-model.json */
  model?: AnswerModel;
  /** Deadline for the LLM composer before the extractive answer is used. @default 20000 */
  llmTimeoutMs?: number;
  logger?: Logger;
}

/** Longer questions are cut for retrieval: no real question needs more, and jieba time grows with length. */
export const MAX_QUESTION_CHARS = 500;

/** Builds an {@link Answerer} from explicit dependencies. */
export function createAnswerer(deps: AnswererDeps): Answerer {
  const currentIndex = () => (deps.index instanceof LiveIndex ? deps.index.current : deps.index);
  const model = deps.model ?? defaultModel();
  return {
    async answer(question, history, options = {}) {
      if (deps.index instanceof LiveIndex) await deps.index.refresh();
      const index = currentIndex();
      const asked = question.slice(0, MAX_QUESTION_CHARS);
      let analyzed = analyzeQuestion(asked, history);
      // 「谁说的？」, 「出处是哪篇？」: about the previous answer itself, answered from its own sources.
      const previous = history.at(-1);
      const about = answerAboutPrevious(toSimplified(analyzed.original), previous, analyzed.script === 'english', earlierPassagesOf(index));
      if (about) {
        const inScript = inScriptOf(analyzed);
        const { answered, lead, text, citations } = about;
        return {
          question: analyzed.original,
          searchedAs: previous?.searchedAs ?? analyzed.carriedText,
          answered,
          lead: answered ? inScript(lead) : null,
          text: inScript(text),
          citations,
          composer: 'extractive',
        };
      }
      const summary = summarize(index);
      // Nothing to search by (emoji, punctuation, one character) is not a question the corpus can answer.
      if (!analyzed.focusWords.some((word) => word.length >= 2) && analyzed.contextWords.length === 0) {
        return finish(analyzed, { answered: false, lead: '', text: refusal(analyzed, summary, topicsOf(index), 'empty'), used: [] }, 'extractive');
      }
      let retrieval = await retrieve(index, analyzed);
      let extractive = composeExtractive(analyzed, retrieval.scored, model);
      // A question that finds nothing on its own may lean on the conversation without saying so (「计划用多长时间建成？」).
      if (!extractive.answered && !analyzed.isFollowUp && history.length > 0) {
        analyzed = analyzeQuestion(asked, history, { followUp: true });
        retrieval = await retrieve(index, analyzed);
        extractive = composeExtractive(analyzed, retrieval.scored, model);
      }
      if (!extractive.answered) return finish(analyzed, { ...extractive, text: refusal(analyzed, summary, topicsOf(index), 'no-evidence') }, 'extractive');
      if (deps.llm && options.allowLlm !== false) {
        const generated = await tryLlm(deps, analyzed, bestPassages(retrieval.scored, LLM_PASSAGES));
        if (generated) return finish(analyzed, generated, 'llm');
      }
      return finish(analyzed, extractive, 'extractive');
    },
    summary: () => summarize(currentIndex()),
    keyTerms: () => topicsOf(currentIndex()),
    async refresh() {
      if (deps.index instanceof LiveIndex) await deps.index.refresh();
      return summarize(currentIndex());
    },
  };

  async function retrieve(index: CorpusIndex, question: AnalyzedQuestion) {
    const { retrieval, candidates } = await findCandidates(index, deps.embeddings, question);
    if (retrieval.denseError) deps.logger?.warn({ err: retrieval.denseError }, 'embedding the question failed; answered with BM25 alone');
    return { scored: scoreCandidates(candidates, model) };
  }
}

// Passages the LLM composer writes from: enough for a second source, few enough to stay read.
const LLM_PASSAGES = 6;

/** The distinct passages of the best-scored candidates, best first: what the LLM composer is given. */
function bestPassages(scored: readonly ScoredCandidate[], n: number): Passage[] {
  const passages: Passage[] = [];
  for (const candidate of [...scored].sort((a, b) => b.probability - a.probability)) {
    if (passages.length === n) break;
    if (!passages.some((p) => p.chunk.id === candidate.passage.chunk.id)) passages.push(candidate.passage);
  }
  return passages;
}

async function tryLlm(deps: AnswererDeps, question: AnalyzedQuestion, passages: readonly Passage[]): Promise<Composition | null> {
  try {
    const timeout = AbortSignal.timeout(deps.llmTimeoutMs ?? 20_000);
    return await deps.llm!.compose(question, passages, timeout);
  } catch (error) {
    deps.logger?.warn({ err: error }, 'LLM answer unavailable or ungrounded; using the extractive answer');
    return null;
  }
}

function finish(question: AnalyzedQuestion, composition: Composition, composer: Answer['composer']): Answer {
  const inScript = inScriptOf(question);
  return {
    question: question.original,
    searchedAs: question.carriedText,
    answered: composition.answered,
    lead: composition.answered ? inScript(composition.lead) : null,
    text: inScript(composition.text),
    citations: composition.used.map((passage, i) => toCitation(passage, i + 1)),
    composer,
  };
}

/** An answer's text in the question's script: traditional for a question asked in traditional characters. */
function inScriptOf(question: AnalyzedQuestion): (text: string) => string {
  return (text) => (question.script === 'traditional' ? toTraditional(text) : text);
}

/**
 * The passages of a cited passage's article before it, within {@link SPEECH_PARAGRAPHS}, nearest first; none when the
 * passage is no longer where the citation saw it (its article re-indexed since).
 */
function earlierPassagesOf(index: CorpusIndex): EarlierPassages {
  return (citation) => {
    const position = positionOf(index, citation);
    if (position === undefined) return [];
    const { file, paragraph } = index.chunks[position]!;
    const earlier: Citation[] = [];
    for (let p = position - 1; p >= 0; p--) {
      const chunk = index.chunks[p]!;
      if (chunk.file !== file || paragraph - chunk.paragraph > SPEECH_PARAGRAPHS) break;
      earlier.push(toCitation({ chunk, position: p, score: 0, rank: 0, alsoIn: [] }, 0));
    }
    return earlier;
  };
}

// Per index generation, the position of each document's first passage: its documents' passages sit side by side,
// in the manifest's order, so a passage is found without reading the others (which load lazily).
const firstPositions = new WeakMap<CorpusIndex, Map<string, number>>();

/** Where a cited passage stands in the index, if it still holds the text quoted (not re-indexed since as another). */
function positionOf(index: CorpusIndex, citation: Citation): number | undefined {
  let first = firstPositions.get(index);
  if (!first) {
    first = new Map();
    let at = 0;
    for (const document of index.manifest.documents) {
      first.set(document.file, at);
      at += document.chunks;
    }
    firstPositions.set(index, first);
  }
  const position = (first.get(citation.file) ?? Number.NaN) + ordinalOfChunkId(citation.chunkId);
  const chunk = Number.isInteger(position) ? index.chunks[position] : undefined;
  // The quote may be the passage cut short (…) or one sentence of it (a follow-up's citation).
  return chunk?.id === citation.chunkId && chunk.text.includes(citation.quote.replace(/…$/, '')) ? position : undefined;
}

function toCitation(passage: Passage, n: number): Citation {
  const { chunk } = passage;
  return {
    n,
    file: chunk.file,
    title: chunk.title,
    publisher: chunk.publisher,
    date: chunk.date,
    url: chunk.url,
    quote: truncate(chunk.text, CITATION_QUOTE_CHARS),
    chunkId: chunk.id,
    alsoIn: passage.alsoIn,
  };
}

// A generation never changes once loaded, so its summary is computed once (it scans every document).
const summaries = new WeakMap<CorpusIndex, CorpusSummary>();

/** What the index holds, from its manifest. */
export function summarize(index: CorpusIndex): CorpusSummary {
  let summary = summaries.get(index);
  if (!summary) summaries.set(index, (summary = computeSummary(index)));
  return summary;
}

function computeSummary(index: CorpusIndex): CorpusSummary {
  // Only the documents answered from: the dates an answer can cite, the articles a reply counts.
  const answeredFrom = documentsAnsweredFrom(index.manifest.documents);
  const dates = answeredFrom
    .map((d) => d.date)
    .filter((d): d is string => d !== null)
    .sort();
  return {
    documents: answeredFrom.length,
    copies: index.manifest.documents.filter((d) => d.duplicateOf !== undefined).length,
    chunks: index.chunks.length,
    earliestDate: dates[0] ?? null,
    latestDate: dates.at(-1) ?? null,
    builtAt: index.manifest.builtAt,
    embedder: describeEmbedder(index.manifest.embedder),
    generation: index.manifest.generation,
  };
}

// How many key terms of its titles a refusal or /help names: enough to show what the corpus is about, in one line.
const KEY_TERMS = 8;
// Computed on the first refusal or /help of a generation (it reads general Chinese word weights, ~0.3 s), then kept.
const topicsByIndex = new WeakMap<CorpusIndex, string[]>();

/** The key terms of an index's titles ({@link corpusTopics}): what a refusal says the corpus covers. */
function topicsOf(index: CorpusIndex): string[] {
  let topics = topicsByIndex.get(index);
  if (!topics) topicsByIndex.set(index, (topics = corpusTopics(indexedTitles(index.manifest.documents), KEY_TERMS)));
  return topics;
}

/**
 * The plain "no evidence" reply: what was not found, and what the corpus does cover — how many articles, of which
 * dates, and key terms of their titles, read from the index (not a fixed list). Never a guess.
 */
function refusal(question: AnalyzedQuestion, summary: CorpusSummary, topics: readonly string[], why: 'empty' | 'no-evidence'): string {
  const range = summary.earliestDate && summary.latestDate ? `${summary.earliestDate} – ${summary.latestDate}` : '';
  if (question.script === 'english') {
    const lead = why === 'empty' ? 'Please ask a question in words, for example: How many national medical centres are there?' : 'I found nothing in the articles that answers this, so I will not guess.';
    const covers = topics.length > 0 ? `. Key terms in their titles (in Chinese): ${englishList(topics)}` : '';
    return `${lead} The corpus holds ${summary.documents} news articles on China's health reform${range ? ` (${range})` : ''}${covers}.`;
  }
  const lead = why === 'empty' ? '请用一句完整的话提问，例如「省级区域医疗中心计划布局多少个？」。' : '抱歉，现有资料中没有找到能回答这个问题的内容，我不做猜测。';
  const covers = topics.length > 0 ? `，${keyTermsPhrase(topics)}，可以换个问法或问问这些方面` : '，可以换个问法再问';
  return `${lead}资料库收录了 ${summary.documents} 篇医改报道${range ? `（${range}）` : ''}${covers}。`;
}

/** A, B and C. */
function englishList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Builds the answerer a configuration describes: the configured embedder, the index (built or refreshed
 * first when missing or stale), and the LLM composer when OPENAI_API_KEY is set.
 * @param embeddings the configured embedder, when the caller needs the same one (the bot re-indexes with it).
 * @default embeddings `createEmbeddings(config)`
 * @throws {IndexMismatchError} when the index was built by another embedder; {CorpusError} when no document is usable;
 * {DocsFolderMismatchError} when the docs folder (DOCS_DIR, --docs) is not the one that built the named index, unless
 * `options.docsChanged` asks to rebuild it from that folder (with a warning).
 */
export async function createAnswererFromConfig(
  config: Config,
  logger?: Logger,
  embeddings: CorpusEmbeddings = createEmbeddings(config),
  options: { docsChanged?: boolean } = {},
): Promise<Answerer> {
  const onReplace = options.docsChanged
    ? (builtFrom: string) => logger?.warn({ index: config.indexDir, builtFrom, docs: config.docsDir }, 'the index was built from another folder; rebuilding it from --docs as asked')
    : undefined;
  const docsDir = await docsFolderToAnswerFrom(config.indexDir, config.docsDir, onReplace);
  await ensureFreshIndex({ docsDir, indexDir: config.indexDir, embeddings, logger });
  const index = await LiveIndex.open(config.indexDir, embeddings, logger);
  // No SDK retries for answers: a failing server costs one request, then the extractive answer (LLM_TIMEOUT_MS bounds it).
  const llm = config.openai
    ? createLlmComposer({ client: createOpenAIClient({ ...config.openai, maxRetries: 0 }), model: config.openai.chatModel })
    : undefined;
  return createAnswerer({ index, embeddings, llm, llmTimeoutMs: config.openai?.timeoutMs, logger });
}
