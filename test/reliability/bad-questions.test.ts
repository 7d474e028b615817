/**
 * Hostile and broken questions, through Telegram to the real bot and the real answering core:
 * each gets exactly one reply, non-empty, well-formed HTML within 4096 characters, and nothing the
 * user typed comes back as live markup.
 */
import { describe, expect, it } from 'vitest';
import { useRealBot } from '../helpers/real-bot.js';
import { expectSendable, onlyReply } from './replies.js';

const PORT = 19450;
const TOKEN = '7450:reliability-bad-questions';

const suite = useRealBot({ port: PORT, token: TOKEN, firstUserId: 1000 });
const { log, newUser } = suite;

const TEN_THOUSAND = '国家区域医疗中心有多少个？'.repeat(770).slice(0, 10_000);

describe('bad questions through Telegram', () => {
  it.each([
    // A lone ASCII space cannot be sent in Telegram (the client trims it); a full-width one can.
    ['empty-ish (a full-width space)', '\u3000'],
    ['one character', '医'],
    ['10,000 characters', TEN_THOUSAND],
    ['only emoji', '😀🏥💊👨‍⚕️🇨🇳'],
    ['only punctuation', '？？？！！。。……,.;:!?'],
    ['control characters', '\u0000\u0007\u001b[31m\u0008\u007f'],
    ['control characters inside a question', '国家\u0000区域医疗中心\u0007有多少个？\u001b[0m'],
    ['RTL override marks', '\u202e国家区域医疗中心\u202c有多少个？'],
    ['RTL/LTR marks around a question', '\u200f\u200e国家区域医疗中心有多少个？\u200f'],
    ['HTML injection', '<b>国家区域医疗中心</b>有多少个？</a>'],
    ['ampersands and entities', '国家区域医疗中心 & 社区医院 &amp; &lt;b&gt; &#60;'],
    ['markdown injection', '**国家区域医疗中心**有多少个？ [a](javascript:alert(1)) `code` __u__'],
    ['a link tag', '<a href="javascript:alert(1)">点我</a>'],
    ['SQL-looking', "'; DROP TABLE users; -- OR 1=1"],
    ['mixed scripts', '国家区域医疗中心 national regional medical centre 有多少个？Сколько? 何個？'],
  ])('%s → exactly one sendable reply', async (_, question) => {
    const user = newUser();
    await user.say(question);
    const reply = await onlyReply(user);
    expectSendable(reply);
    // What the user typed is never sent back as markup: no raw tag of theirs in the reply.
    expect(reply.text).not.toMatch(/<b>国家区域|<\/a>|<a href="javascript/);
  });

  it('answers the 10,000-character question from the corpus (it is cut for retrieval, not refused)', async () => {
    const user = newUser();
    await user.say(TEN_THOUSAND);
    const reply = await onlyReply(user);
    expectSendable(reply);
    expect(reply.text).toContain('26个');
  });

  it('echoes an HTML-injection question escaped in /sources, never as a tag', async () => {
    const user = newUser();
    await user.say('<b>国家区域医疗中心</b>&</a>有多少个？');
    const answer = await onlyReply(user);
    expect(answer.text).toContain('26个');
    await user.command('sources');
    const sources = await onlyReply(user);
    expectSendable(sources);
    expect(sources.text).toContain('（问题：&lt;b&gt;国家区域医疗中心&lt;/b&gt;&amp;&lt;/a&gt;有多少个？）');
    expect(sources.text).not.toContain('<b>国家区域');
    // The only link tags are the bot's own web links to the sources.
    for (const href of sources.text!.matchAll(/<a href="([^"]*)">/g)) expect(href[1]).toMatch(/^https?:\/\//);
  });

  it('logged no failed update and no unhandled error for any of them', () => {
    const failures = log.records().filter((r) => r.level >= 50);
    expect(failures).toEqual([]);
  });
});
