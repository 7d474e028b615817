/**
 * The REAL bot for end-to-end tests: createBot + startPolling (exactly as launch.ts starts it) over
 * the real answering core (the seeds, ingested by buildSeedIndex, answered by createAnswerer), with
 * an optional LLM composer pointed at a FakeOpenAIServer, and every log line captured.
 *
 *   const emu = await startEmulator(19450);
 *   const { logger, log } = captureLogs({ secrets: [TOKEN] });
 *   const bot = await startRealBot({ emu, token: TOKEN, logger, index: await seedIndex() });
 *   const alice = createUser(emu.server, TOKEN, { userId: 1 });
 *   ...
 *   afterAll: await bot.stop(); await emu.stop();
 *
 * Or, for a whole file, `const suite = useRealBot({ port, token, firstUserId, ... })` registers all of that
 * (plus an optional FaultProxy and FakeOpenAIServer) as its beforeAll/afterAll.
 *
 * Like test/bot/bot.test.ts, the emulator's test-only transformers (throttleEmptyPolls, recordApiCalls)
 * are installed after createBot's own (auto-retry), so they are the outermost ones.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { MemorySessionStorage } from 'grammy';
import { afterAll, beforeAll } from 'vitest';
import { createAnswerer, type Answerer } from '../../src/answer/answerer.js';
import { createLlmComposer } from '../../src/answer/llm.js';
import { createBot } from '../../src/bot/bot.js';
import { startPolling, type RunningBot } from '../../src/bot/launch.js';
import type { ChatSession } from '../../src/bot/session.js';
import { createConfig } from '../../src/config.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createOpenAIClient } from '../../src/providers/openai.js';
import type { CorpusEmbeddings } from '../../src/embed/embedder.js';
import type { CorpusIndex } from '../../src/store/corpus-index.js';
import type { IngestReport } from '../../src/store/ingest.js';
import type { LiveIndex } from '../../src/store/live-index.js';
import { buildSeedIndex } from './seed-index.js';
import { FaultProxy } from './fault-proxy.js';
import { FakeOpenAIServer } from './openai-server.js';
import { createUser, recordApiCalls, startEmulator, throttleEmptyPolls, type ApiCall, type Emulator, type TestUser } from './telegram-emulator.js';

/** One parsed pino line. Levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Everything a logger wrote, as text, kept in memory. */
export interface CapturedLog {
  /** All text written so far (JSON lines). */
  text(): string;
  /** All lines so far, parsed. */
  records(): LogRecord[];
  /** A mark to pass to {@link CapturedLog.since}. */
  mark(): number;
  /** The lines written after `mark`. */
  since(mark: number): LogRecord[];
}

/**
 * A real createLogger (secret scrubbing included) writing into a PassThrough that is read back in
 * memory. @default level 'trace', so that every line the code can write is there to be checked.
 */
export function captureLogs(options: { secrets: (string | undefined)[]; level?: string }): { logger: Logger; log: CapturedLog } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
  const logger = createLogger({ level: options.level ?? 'trace', secrets: options.secrets, destination: stream });
  const records = () =>
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as LogRecord);
  return {
    logger,
    log: { text: () => text, records, mark: () => records().length, since: (mark) => records().slice(mark) },
  };
}

/** The seeds, ingested once per test file (each file runs in its own worker) with the offline embedder. */
let seeds: Promise<{ index: CorpusIndex; embeddings: LocalEmbeddings }> | undefined;
export function seedIndex(): Promise<{ index: CorpusIndex; embeddings: LocalEmbeddings }> {
  seeds ??= (async () => {
    const embeddings = new LocalEmbeddings();
    return { index: await buildSeedIndex(embeddings), embeddings };
  })();
  return seeds;
}

export interface RealBotOptions {
  emu: Emulator;
  token: string;
  logger: Logger;
  /** Where the bot sends Bot API calls; a FaultProxy's URL to inject faults. @default emu.apiRoot */
  apiRoot?: string;
  /** Turns the LLM path on: createLlmComposer over createOpenAIClient (maxRetries 0) at `baseURL`. */
  llm?: { baseURL: string; apiKey: string; model?: string; timeoutMs?: number };
  /** createAnswerer's deadline for the LLM before the extractive answer is used. @default 800 */
  llmTimeoutMs?: number;
  /** RATE_LIMIT_PER_MINUTE. @default 20 (the production default) */
  ratePerMinute?: number;
  /** The index to answer from (e.g. a LiveIndex over a damaged folder). @default the seeds, see {@link seedIndex} */
  core?: { index: LiveIndex | CorpusIndex; embeddings: CorpusEmbeddings };
  /** createBot's /reindex work. @default one that fails: no reliability case re-indexes through the bot */
  reindex?: () => Promise<IngestReport>;
  /** Keep sessions in files under a temporary DATA_DIR (the production default) instead of memory. */
  fileSessions?: boolean;
}

export interface RealBot {
  running: RunningBot;
  answerer: Answerer;
  /** Every Bot API call but getUpdates, including stubbed ones (sendChatAction). */
  calls: ApiCall[];
  /** Stops the bot (updates in progress finish) and removes its data folder. Idempotent. */
  stop(): Promise<void>;
}

/** Builds and starts the real bot as launch.ts does, answering from the seeds. */
export async function startRealBot(options: RealBotOptions): Promise<RealBot> {
  const { index, embeddings } = options.core ?? (await seedIndex());
  const llm = options.llm
    ? createLlmComposer({
        client: createOpenAIClient({ apiKey: options.llm.apiKey, baseURL: options.llm.baseURL, timeoutMs: options.llm.timeoutMs ?? 10_000, maxRetries: 0 }),
        model: options.llm.model ?? 'test-model',
      })
    : undefined;
  const answerer = createAnswerer({ index, embeddings, llm, llmTimeoutMs: options.llmTimeoutMs ?? 800, logger: options.logger });
  const dataDir = await mkdtemp(join(tmpdir(), 'reliability-bot-'));
  const config = createConfig({
    TELEGRAM_BOT_TOKEN: options.token,
    TELEGRAM_API_ROOT: options.apiRoot ?? options.emu.apiRoot,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: String(options.ratePerMinute ?? 20),
  });
  const storage = options.fileSessions ? undefined : new MemorySessionStorage<ChatSession>();
  const reindex = options.reindex ?? (() => Promise.reject(new Error('/reindex is not part of this test')));
  const bot = createBot({ config, logger: options.logger, answerer, storage, reindex });
  bot.api.config.use(throttleEmptyPolls(50));
  const recorder = recordApiCalls();
  bot.api.config.use(recorder.transformer);
  const running = await startPolling(bot, options.logger);
  let stopped: Promise<void> | undefined;
  return {
    running,
    answerer,
    calls: recorder.calls,
    stop() {
      stopped ??= running.stop().then(() => rm(dataDir, { recursive: true, force: true }));
      return stopped;
    },
  };
}

export interface RealBotSuiteOptions {
  port: number;
  token: string;
  /** The first Telegram user id `newUser` hands out; each file uses its own range. */
  firstUserId: number;
  /** Put a FaultProxy between the bot and the emulator. */
  faultProxy?: boolean;
  /** Start a FakeOpenAIServer and turn the LLM path on with this key. */
  llm?: { apiKey: string; timeoutMs?: number };
  /** The log's level. @default 'trace' */
  logLevel?: string;
  /** Passed on to startRealBot. */
  llmTimeoutMs?: number;
}

/** What a suite's beforeAll started: read its fields inside tests (they are set once beforeAll has run). */
export interface RealBotSuite {
  emu: Emulator;
  bot: RealBot;
  /** Set with the `faultProxy` option. */
  proxy: FaultProxy;
  /** Set with the `llm` option. */
  llm: FakeOpenAIServer;
  logger: Logger;
  log: CapturedLog;
  /** A new Telegram user, with an id of its own. */
  newUser(): TestUser;
}

/**
 * Registers the beforeAll/afterAll of a reliability file: the emulator on `port`, optionally a FaultProxy and a
 * FakeOpenAIServer, and the real bot through them, logging with the token and API key as secrets; all stopped
 * after the file's tests.
 */
export function useRealBot(options: RealBotSuiteOptions): RealBotSuite {
  const { logger, log } = captureLogs({ secrets: [options.token, options.llm?.apiKey], level: options.logLevel });
  let nextUserId = options.firstUserId;
  const suite = {
    logger,
    log,
    newUser: () => createUser(suite.emu.server, options.token, { userId: nextUserId++ }),
  } as RealBotSuite;
  beforeAll(async () => {
    suite.emu = await startEmulator(options.port);
    let apiRoot: string | undefined;
    if (options.faultProxy) {
      suite.proxy = new FaultProxy(suite.emu.apiRoot);
      apiRoot = await suite.proxy.start();
    }
    let llm: RealBotOptions['llm'];
    if (options.llm) {
      suite.llm = new FakeOpenAIServer();
      llm = { baseURL: await suite.llm.start(), apiKey: options.llm.apiKey, timeoutMs: options.llm.timeoutMs };
    }
    suite.bot = await startRealBot({ emu: suite.emu, token: options.token, logger, apiRoot, llm, llmTimeoutMs: options.llmTimeoutMs });
  });
  afterAll(async () => {
    await suite.bot?.stop();
    await suite.proxy?.stop();
    await suite.llm?.stop();
    await suite.emu?.stop();
  });
  return suite;
}
