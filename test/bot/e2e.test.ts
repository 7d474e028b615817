/**
 * The running bot on the REAL answering core, end to end through the Telegram emulator: the seeds
 * copied to a temporary docs folder and ingested, createAnswerer over a LiveIndex, the real
 * createBot started by startPolling, and /reindex wired to the real incremental ingest with the
 * answerer's embedder, as scripts/bot.ts wires it. Issues #3 (a seed question answered with [n]
 * and its numbers) and #5 (an article added, /reindex, then answered; admins only).
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySessionStorage } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnswerer } from '../../src/answer/answerer.js';
import { createBot } from '../../src/bot/bot.js';
import { ADMIN_ONLY_TEXT } from '../../src/bot/format.js';
import { startPolling, type RunningBot } from '../../src/bot/launch.js';
import type { ChatSession } from '../../src/bot/session.js';
import { createConfig } from '../../src/config.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { createLogger } from '../../src/logger.js';
import { ingest } from '../../src/store/ingest.js';
import { LiveIndex } from '../../src/store/live-index.js';
import { SEEDS_DIR } from '../helpers/seed-index.js';
import { createUser, startEmulator, throttleEmptyPolls, type BotReply, type Emulator, type TestUser } from '../helpers/telegram-emulator.js';
import { htmlProblems } from './html-check.js';

const PORT = 19410;
const TOKEN = '4300:e2e-test-token';
const ADMIN = 901;

/** A new article as a maintainer would drop it into the docs folder. */
const NEW_FILE = '005_jiangxi-county-alliances.md';
const NEW_ARTICLE = `---
title: 江西省：到2025年建成35家紧密型县域医共体
date: 2023-03-15 09:00:00 +0800
author: 江西日报
url: https://example.org/jiangxi/county-alliances
---

记者从江西省卫生健康委员会获悉，江西省近日印发《关于推进紧密型县域医疗卫生共同体建设的实施方案》，提出到2025年全省建成35家紧密型县域医共体，县域内就诊率达到90%以上。

方案明确，紧密型县域医共体由县级医院牵头，联合乡镇卫生院和村卫生室组成，实行人员统一管理、财务统一核算、药品耗材统一采购，推动优质医疗资源下沉。

省卫生健康委相关负责人表示，医共体建设将与医保总额付费改革协同推进，结余留用、合理超支分担，引导医共体主动做好健康管理。
`;
const NEW_QUESTION = '江西省到2025年要建成多少家紧密型县域医共体？';

let root: string;
let docsDir: string;
let emu: Emulator;
let running: RunningBot;
const sent: BotReply[] = [];

async function replyTo(person: TestUser, text: string): Promise<string> {
  await person.say(text);
  const [reply] = await person.waitForReplies(1, { timeoutMs: 15_000 });
  sent.push(reply!);
  return reply!.text ?? '';
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bot-e2e-'));
  docsDir = join(root, 'docs');
  const indexDir = join(root, 'index');
  await cp(SEEDS_DIR, docsDir, { recursive: true });
  const embeddings = new LocalEmbeddings();
  await ingest({ docsDir, indexDir, embeddings });

  const logger = createLogger({ level: 'silent', secrets: [TOKEN] });
  const answerer = createAnswerer({ index: await LiveIndex.open(indexDir, embeddings, logger), embeddings, logger });
  emu = await startEmulator(PORT);
  const config = createConfig({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: emu.apiRoot,
    DATA_DIR: join(root, 'data'),
    DOCS_DIR: docsDir,
    INDEX_DIR: indexDir,
    ADMIN_IDS: String(ADMIN),
  });
  const reindex = () => ingest({ docsDir, indexDir: config.indexDir, embeddings, parseOnWorker: true });
  const bot = createBot({ config, logger, answerer, reindex, storage: new MemorySessionStorage<ChatSession>() });
  bot.api.config.use(throttleEmptyPolls(50));
  running = await startPolling(bot, logger);
});

afterAll(async () => {
  await running?.stop();
  await emu?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the bot on the real answering core', () => {
  it('answers a seed question with [1] and the number from the article, and /sources quotes it', async () => {
    const citizen = createUser(emu.server, TOKEN, { userId: 902 });
    const answer = await replyTo(citizen, '国家要建多少个省级区域医疗中心？');
    expect(answer).toContain('[1]');
    expect(answer).toContain('120个左右');
    expect(answer).toContain('<b>来源</b>\n1. 新浪财经');

    const sources = await replyTo(citizen, '/sources');
    expect(sources).toContain('<b>[1] ');
    expect(sources).toMatch(/<blockquote>[^<]*120个左右省级区域医疗中心[^<]*<\/blockquote>/);
    expect(sources).toContain('新浪财经 · 2021-10-20');
    expect(sources).toContain('文件：004_4f46d604c5af1831.txt');
  });

  it('refuses /reindex and /status to someone not in ADMIN_IDS', async () => {
    const citizen = createUser(emu.server, TOKEN, { userId: 903 });
    expect(await replyTo(citizen, '/reindex')).toBe(ADMIN_ONLY_TEXT);
    expect(await replyTo(citizen, '/status')).toBe(ADMIN_ONLY_TEXT);
  });

  it('answers about an article added to the docs folder once an admin has sent /reindex', async () => {
    const admin = createUser(emu.server, TOKEN, { userId: ADMIN });
    const citizen = createUser(emu.server, TOKEN, { userId: 904 });
    const statusBefore = await replyTo(admin, '/status');
    expect(statusBefore).toContain('文档：5 篇');
    expect(statusBefore).toContain('嵌入模型：local/');
    expect(statusBefore).toContain('本进程启动以来尚未重建索引。');
    expect(await replyTo(citizen, NEW_QUESTION)).not.toContain('35家');

    await writeFile(join(docsDir, NEW_FILE), NEW_ARTICLE);
    const report = await replyTo(admin, '/reindex');
    expect(report).toContain('<b>索引已重建</b>');
    expect(report).toContain('· 6 篇 ·');
    expect(report).toContain('新增 1 · 更新 0 · 删除 0 · 未变 5 · 跳过 0');
    expect(report).toContain(`新增：${NEW_FILE}`);
    const generation = /代次 (\S+)/.exec(report)?.[1];

    const answer = await replyTo(citizen, NEW_QUESTION);
    expect(answer).toContain('35家紧密型县域医共体');
    expect(answer).toContain('[1]');
    expect(answer).toContain('江西日报 · 2023-03-15');
    const sources = await replyTo(citizen, '/sources');
    expect(sources).toContain(`文件：${NEW_FILE}`);
    expect(sources).toContain('<a href="https://example.org/jiangxi/county-alliances">原文链接</a>');

    // The question made the answerer take the new generation up; /status now shows it.
    const statusAfter = await replyTo(admin, '/status');
    expect(statusAfter).toContain('文档：6 篇');
    expect(statusAfter).toContain(`代次：${generation}`);
    expect(statusAfter).toContain('<b>最近一次重建</b>');
    expect(statusAfter).not.toContain('新代次将在下一个问题时启用。');

    // A copy of an article under another name is indexed once: /status counts the articles answered from and the copy apart.
    await cp(join(docsDir, '004_4f46d604c5af1831.txt'), join(docsDir, 'copy-of-004.txt'));
    expect(await replyTo(admin, '/reindex')).toContain('· 6 篇（另有 1 个副本，未单独索引） ·');
    await replyTo(citizen, NEW_QUESTION);
    expect(await replyTo(admin, '/status')).toContain('文档：6 篇（另有 1 个副本，未单独索引）');
  });

  it('sent only well-formed HTML', () => {
    expect(sent.length).toBeGreaterThan(8);
    for (const reply of sent) expect(htmlProblems(reply.text ?? '')).toEqual([]);
  });
});
