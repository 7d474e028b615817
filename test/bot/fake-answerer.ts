/**
 * A hand-written Answerer for bot tests: deterministic answers with numbered citations derived from
 * the question (so that each chat's sources are recognisably its own), and a record of every call.
 */
import type { Answerer } from '../../src/answer/answerer.js';
import type { Answer, Citation, CorpusSummary, Turn } from '../../src/answer/types.js';
import { IndexMissingError } from '../../src/errors.js';

export interface AnswerCall {
  question: string;
  history: Turn[];
  options: { allowLlm?: boolean } | undefined;
}

/** Questions containing these words trigger the special answers. */
export const LONG = '长回答';
export const NO_EVIDENCE = '无资料';
export const BROKEN = '触发故障';

/** What the fake corpus's titles are about (a term with markup in it checks that /help escapes it). */
export const FAKE_KEY_TERMS: readonly string[] = ['社区医院', '区域医疗中心', '<医保>'];

export const FAKE_SUMMARY: CorpusSummary = {
  documents: 5,
  copies: 0,
  chunks: 120,
  earliestDate: '2021-07-24',
  latestDate: '2022-06-02',
  builtAt: '2024-01-01T00:00:00.000Z',
  embedder: 'fake',
  generation: 'g1',
};

/** A paragraph of ~300 characters; 24 of them make a 7,000+ character answer. */
const PARAGRAPH = '国家区域医疗中心建设稳步推进，优质医疗资源加快扩容下沉，群众就近就医更加方便[1]。'.repeat(8);

export function fakeCitations(question: string): Citation[] {
  return [
    {
      n: 1,
      file: '001_news.txt',
      title: `关于「${question}」的报道`,
      publisher: '新华社',
      date: '2022-05-26',
      url: 'https://example.org/news/1?a=1&b=2',
      quote: `原文一：${question}——有关部门表示将稳步推进。`,
      chunkId: '001_news.txt#3',
      alsoIn: [],
    },
    {
      n: 2,
      file: '002_report.txt',
      title: '医改重点工作任务',
      publisher: null,
      date: null,
      url: null,
      quote: '原文二：今年将新建成500家左右社区医院。',
      chunkId: '002_report.txt#1',
      alsoIn: ['003_copy.txt'],
    },
  ];
}

export class FakeAnswerer implements Answerer {
  readonly calls: AnswerCall[] = [];

  /**
   * @param delayMs how long each answer "thinks", so that concurrent updates overlap.
   * @param llm answer as the LLM composer would whenever `allowLlm` is not false, like an answerer
   *   with OPENAI_API_KEY set; refusals stay extractive, as the real core's do.
   */
  constructor(
    private readonly delayMs = 20,
    private readonly llm = false,
  ) {}

  async answer(question: string, history: readonly Turn[], options?: { allowLlm?: boolean }): Promise<Answer> {
    this.calls.push({ question, history: structuredClone([...history]), options });
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const base = { question, searchedAs: `检索：${question}`, composer: 'extractive' as Answer['composer'] };
    if (question.includes(BROKEN)) throw new IndexMissingError('index');
    if (question.includes(NO_EVIDENCE)) {
      return { ...base, answered: false, lead: null, text: '抱歉，现有资料中没有找到能回答这个问题的内容。', citations: [] };
    }
    if (this.llm && options?.allowLlm !== false) base.composer = 'llm';
    if (question.includes(LONG)) {
      return { ...base, answered: true, lead: PARAGRAPH, text: Array.from({ length: 24 }, () => PARAGRAPH).join('\n\n'), citations: fakeCitations(question) };
    }
    return { ...base, answered: true, lead: `关于「${question}」：要点一[1]。`, text: `关于「${question}」：要点一[1]。要点二[2]。`, citations: fakeCitations(question) };
  }

  summary(): CorpusSummary {
    return FAKE_SUMMARY;
  }

  keyTerms(): readonly string[] {
    return FAKE_KEY_TERMS;
  }

  /** How many times the bot asked for the newest generation. */
  refreshes = 0;

  async refresh(): Promise<CorpusSummary> {
    this.refreshes++;
    return FAKE_SUMMARY;
  }

  /** The calls whose question contains `text`. */
  callsAbout(text: string): AnswerCall[] {
    return this.calls.filter((call) => call.question.includes(text));
  }
}
