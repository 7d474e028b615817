/**
 * launch.ts in webhook mode, and scripts/bot.ts without a token. Long polling is covered by
 * bot.test.ts, which starts every bot with startPolling.
 *
 * The emulator would deliver user messages to the registered webhook URL (a public https one here,
 * unreachable), so this file never sends through the emulator's users: it POSTs updates to the
 * bot's webhook server itself, as Telegram does, and reads the replies from the emulator.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from 'grammy';
import { createBot } from '../../src/bot/bot.js';
import { launch, type RunningBot } from '../../src/bot/launch.js';
import { createConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { createUser, startEmulator, type Emulator } from '../helpers/telegram-emulator.js';
import { FakeAnswerer } from './fake-answerer.js';
import { FakeReindex } from './fake-reindex.js';

const EMULATOR_PORT = 19401;
const WEBHOOK_PORT = 19402;
const TOKEN = '4100:launch-test-token';
const SECRET = 'test-secret_1';
const WEBHOOK = `http://127.0.0.1:${WEBHOOK_PORT}/telegram`;

let emu: Emulator;
let dataDir: string;
let running: RunningBot | undefined;

const helpUpdate = (updateId: number, chatId: number) => ({
  update_id: updateId,
  message: {
    message_id: updateId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: 'private', first_name: 'W' },
    from: { id: chatId, is_bot: false, first_name: 'W' },
    text: '/help',
    entities: [{ type: 'bot_command', offset: 0, length: 5 }],
  },
});

function post(body: unknown, secret?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers['x-telegram-bot-api-secret-token'] = secret;
  return fetch(WEBHOOK, { method: 'POST', headers, body: JSON.stringify(body) });
}

beforeAll(async () => {
  emu = await startEmulator(EMULATOR_PORT);
  dataDir = await mkdtemp(join(tmpdir(), 'launch-test-'));
});

afterAll(async () => {
  await running?.stop();
  await emu?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('launch in webhook mode', () => {
  it('serves the webhook with the secret token, registers it with Telegram, and stops', async () => {
    const config = createConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: emu.apiRoot,
      WEBHOOK_URL: 'https://bot.example.org/telegram',
      WEBHOOK_PORT: String(WEBHOOK_PORT),
      WEBHOOK_SECRET: SECRET,
      DATA_DIR: dataDir,
    });
    const logger = createLogger({ level: 'silent', secrets: [TOKEN] });
    running = await launch({ config, logger, answerer: new FakeAnswerer(), reindex: new FakeReindex().run });

    // `webhooks` is private in the emulator's typings; it is where setWebhook's payload lands.
    const webhooks = (emu.server as unknown as { webhooks: Record<string, Record<string, unknown>> }).webhooks;
    expect(webhooks[TOKEN]).toMatchObject({ url: 'https://bot.example.org/telegram', secret_token: SECRET, allowed_updates: ['message', 'callback_query'] });

    // Created before the update is posted: the helper only waits for messages newer than its user.
    const walter = createUser(emu.server, TOKEN, { userId: 301 });
    expect((await fetch(WEBHOOK)).status).toBe(405);
    expect((await post(helpUpdate(1, 301))).status).toBe(401);
    expect((await post(helpUpdate(2, 301), 'wrong')).status).toBe(401);
    expect((await post(helpUpdate(3, 301), SECRET)).status).toBe(200);

    // The webhook answers only after the update was handled, so the reply is already there, and alone.
    expect(walter.botMessages().map((m) => m.text)).toEqual([expect.stringContaining('5 篇报道')]);

    await running.stop();
    running = undefined;
    await expect(post(helpUpdate(4, 301), SECRET)).rejects.toThrow();
  });
});

describe('stopOnSignals', () => {
  it('on SIGTERM lets the bot finish stopping, then exits 0', async () => {
    const child = spawn(resolve('node_modules/.bin/tsx'), [resolve('test/bot/fixtures/stop-on-signals.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      output += text;
      if (text.includes('ready')) child.kill('SIGTERM');
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(output).toBe('ready\nstopped\n');
  });
});

describe('stopOnSignals with a stop that never finishes', () => {
  it('exits 1 at the deadline instead of waiting for ever', async () => {
    const child = spawn(resolve('node_modules/.bin/tsx'), [resolve('test/bot/fixtures/stuck-stop.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (text.includes('ready')) child.kill('SIGTERM');
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(1);
  });
});

describe('launch while the Bot API cannot be reached', () => {
  it('says so at info level (host, never the token), keeps trying, and starts once Telegram is there', async () => {
    const port = EMULATOR_PORT + 10;
    const lines: string[] = [];
    const destination = { write: (line: string) => void lines.push(line) };
    const logger = createLogger({ level: 'info', secrets: [TOKEN], destination });
    const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, DATA_DIR: dataDir });
    const launching = launch({ config, logger, answerer: new FakeAnswerer(), reindex: new FakeReindex().run });

    while (!lines.some((line) => line.includes('cannot reach the Telegram Bot API'))) await new Promise((r) => setTimeout(r, 50));
    const notice = JSON.parse(lines.find((line) => line.includes('cannot reach'))!) as { level: number; host: string };
    expect(notice).toMatchObject({ level: 30, host: `127.0.0.1:${port}` });
    expect(lines.join('')).not.toContain(TOKEN);

    const late = await startEmulator(port);
    try {
      const bot = await launching;
      await bot.stop();
      expect(lines.some((line) => line.includes('bot started'))).toBe(true);
    } finally {
      await late.stop();
    }
  }, 30_000);
});

describe('a Bot API call that is never answered', () => {
  it('fails after the call deadline instead of holding its chat for ever', async () => {
    // A server that accepts every request and never answers.
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const config = createConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}`, DATA_DIR: dataDir });
      const bot = createBot({ config, logger: createLogger({ level: 'silent', secrets: [] }), answerer: new FakeAnswerer(), reindex: new FakeReindex().run, callTimeoutSeconds: 1 });
      await expect(bot.api.sendMessage(1, '你好')).rejects.toBeInstanceOf(HttpError);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  }, 20_000);
});

describe('scripts/bot.ts', () => {
  it('exits 2 without a token, saying how to get one and how to try locally', async () => {
    const tsx = resolve('node_modules/.bin/tsx');
    // An empty folder as working directory: no .env there to supply a token.
    const run = promisify(execFile)(tsx, [resolve('scripts/bot.ts')], { cwd: dataDir, env: { PATH: process.env.PATH, NO_COLOR: '1' } });
    const failure = (await run.then(() => undefined, (error: unknown) => error)) as { code?: number; stderr?: string } | undefined;
    expect(failure?.code).toBe(2);
    expect(failure?.stderr).toContain('@BotFather');
    expect(failure?.stderr).toContain('npm run chat');
  });
});
