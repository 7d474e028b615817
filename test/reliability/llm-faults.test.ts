/**
 * The LLM provider failing in every way we know of, with the real bot and the real core: the user
 * still gets the extractive answer, once, and the log holds exactly one warning for the failure.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Behaviour } from '../helpers/openai-server.js';
import { useRealBot } from '../helpers/real-bot.js';
import { expectSendable, onlyReply } from './replies.js';

const PORT = 19451;
const TOKEN = '7451:reliability-llm-faults';
const API_KEY = 'sk-test-llm-faults-key';
const QUESTION = '一个国家区域医疗中心建设项目，中央预算内投资最多能给多少钱？';
const FIGURE = '5亿元';
/** createAnswerer's llmTimeoutMs (LLM_TIMEOUT_MS): small, so the hang case is quick. */
const LLM_TIMEOUT_MS = 800;

// The SDK's own timeout is longer than the answerer's deadline: the hang is cut by LLM_TIMEOUT_MS.
const suite = useRealBot({ port: PORT, token: TOKEN, firstUserId: 2000, llm: { apiKey: API_KEY, timeoutMs: 10_000 }, llmTimeoutMs: LLM_TIMEOUT_MS });
const { log } = suite;

beforeEach(() => {
  suite.llm.requests.length = 0;
});

const chatRequests = () => suite.llm.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('LLM faults fall back to the extractive answer', () => {
  it('control: a grounded model answer is used as is', async () => {
    suite.llm.enqueue({ kind: 'chat', content: `中央预算内投资分阶段给予资金支持，累计不超过${FIGURE}[1]。` });
    const user = suite.newUser();
    const mark = log.mark();
    await user.say(QUESTION);
    const reply = await onlyReply(user);
    expect(reply.text).toContain(`累计不超过${FIGURE}[1]`);
    expect(log.since(mark).find((r) => r.msg === 'question answered')).toMatchObject({ composer: 'llm', answered: true });
    expect(log.since(mark).filter((r) => r.level === 40)).toEqual([]);
  });

  it.each<[string, Behaviour]>([
    ['HTTP 500', { kind: 'status', status: 500 }],
    ['HTTP 429 with Retry-After', { kind: 'status', status: 429, retryAfter: 1 }],
    ['malformed JSON', { kind: 'malformed' }],
    ['a body cut halfway', { kind: 'cut' }],
    [`a hang past LLM_TIMEOUT_MS (${LLM_TIMEOUT_MS} ms)`, { kind: 'hang' }],
  ])('%s → one extractive answer with the figure, one warning', async (_, behaviour) => {
    suite.llm.enqueue(behaviour);
    const user = suite.newUser();
    const mark = log.mark();
    const sent = Date.now();
    await user.say(QUESTION);
    const reply = await onlyReply(user, { settleMs: 500 });
    expectSendable(reply);
    expect(reply.text).toContain(FIGURE);
    expect(reply.text).toContain('<b>来源</b>');
    // The hang is cut by the deadline, not by the SDK's 10 s timeout.
    expect(Date.now() - sent).toBeLessThan(LLM_TIMEOUT_MS + 4_000);
    // maxRetries 0: one request, no retry storm against a failing provider.
    expect(chatRequests()).toHaveLength(1);

    const lines = log.since(mark);
    const warnings = lines.filter((r) => r.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toBe('LLM answer unavailable or ungrounded; using the extractive answer');
    expect(lines.filter((r) => r.level >= 50)).toEqual([]);
    expect(lines.find((r) => r.msg === 'question answered')).toMatchObject({ composer: 'extractive', answered: true });
  });

  it('the bot keeps using the LLM once the provider recovers', async () => {
    suite.llm.enqueue({ kind: 'status', status: 503 }, { kind: 'chat', content: `累计不超过${FIGURE}[1]。` });
    const user = suite.newUser();
    // The extractive answer quotes its outlet (据趣头条…); the LLM's is its own sentence.
    await user.say(QUESTION);
    expect((await onlyReply(user)).text).toContain('据趣头条');
    await user.say(QUESTION);
    const recovered = (await onlyReply(user)).text;
    expect(recovered).toContain(`累计不超过${FIGURE}[1]`);
    expect(recovered).not.toContain('据趣头条');
  });

  it('never logged the API key', () => {
    expect(log.text()).not.toContain(API_KEY);
  });
});
