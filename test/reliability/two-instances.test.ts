/**
 * Two bot processes (scripts/bot.ts, the real answering core on the seeds) in webhook mode behind a small
 * round-robin proxy, sharing a real redis-server, an index folder (a shared volume) and a local OpenAI-compatible
 * server; replies are read from the Telegram emulator. Updates are POSTed to the proxy as Telegram would (the
 * emulator cannot reach a webhook), and "redelivered" the same way when a POST fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMITED_TEXT } from '../../src/bot/format.js';
import { ingestCommand } from '../../src/cli/ingest.js';
import { LocalEmbeddings } from '../../src/embed/local.js';
import { ingest } from '../../src/store/ingest.js';
import { copySeedsTo, tempFolders } from '../helpers/corpus.js';
import { freePort } from '../helpers/free-port.js';
import { FakeOpenAIServer } from '../helpers/openai-server.js';
import { RedisServer } from '../helpers/redis-server.js';
import { createUser, startEmulator, type Emulator } from '../helpers/telegram-emulator.js';
import { privateTextUpdate } from '../helpers/updates.js';

const TOKEN = '4400:two-instances-token';
const SECRET = 'two-instances-secret';
const ADMIN = 951;
const QUESTION = '中央预算内投资对每个国家区域医疗中心项目最多支持多少钱？';
const LLM_ANSWER = '累计不超过5亿元[1]。';

interface Instance {
  port: number;
  child: ChildProcess;
  output: string;
}

const folders = tempFolders('yigai-two');
let redis: RedisServer;
let emu: Emulator;
let llm: FakeOpenAIServer;
let proxy: RoundRobin;
let docsDir: string;
const instances: Instance[] = [];
let updateId = 0;

/** A round-robin HTTP proxy: each POST goes to the next instance; one that cannot be reached is skipped. */
class RoundRobin {
  private next = 0;
  private server: Server | undefined;
  /** The index of the instance the last request went to. */
  last = -1;

  constructor(private readonly ports: () => number[]) {}

  async start(): Promise<number> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => void this.forward(req.headers, Buffer.concat(chunks), res, this.ports().length));
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return (this.server.address() as { port: number }).port;
  }

  private async forward(headers: Record<string, unknown>, body: Buffer, res: import('node:http').ServerResponse, triesLeft: number): Promise<void> {
    const ports = this.ports();
    const at = this.next++ % ports.length;
    this.last = at;
    const upstream = request({ host: '127.0.0.1', port: ports[at], method: 'POST', path: '/telegram', headers: headers as Record<string, string> }, (answer) => {
      res.writeHead(answer.statusCode ?? 502);
      answer.pipe(res);
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // Refused: that instance is down, try the next. Cut mid-request: the update's fate is unknown, so it fails
      // and Telegram will deliver it again.
      if (error.code === 'ECONNREFUSED' && triesLeft > 1) void this.forward(headers, body, res, triesLeft - 1);
      else res.writeHead(502).end();
    });
    upstream.end(body);
  }

  stop(): Promise<void> {
    return new Promise((done) => (this.server ? this.server.close(() => done()) : done()));
  }
}

async function startInstance(index: number, indexDir: string, redisUrl: string, llmUrl: string, apiRoot: string): Promise<Instance> {
  const port = await freePort();
  const dataDir = await folders.make();
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('scripts/bot.ts')], {
    cwd: resolve('.'),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: apiRoot,
      WEBHOOK_URL: 'https://bot.example.org/telegram',
      WEBHOOK_PORT: String(port),
      WEBHOOK_SECRET: SECRET,
      REDIS_URL: redisUrl,
      DOCS_DIR: docsDir,
      INDEX_DIR: indexDir,
      DATA_DIR: dataDir,
      ADMIN_IDS: String(ADMIN),
      RATE_LIMIT_PER_MINUTE: '4',
      OPENAI_API_KEY: 'sk-two-instances',
      OPENAI_BASE_URL: llmUrl,
      LLM_TIMEOUT_MS: '10000',
      DAILY_LLM_QUESTIONS: '1',
      LOG_LEVEL: 'info',
    },
  });
  const instance: Instance = { port, child, output: '' };
  const collect = (chunk: Buffer) => (instance.output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  for (let waited = 0; !instance.output.includes('bot started'); waited += 50) {
    if (waited > 60_000 || child.exitCode !== null) throw new Error(`instance ${index} did not start:\n${instance.output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return instance;
}

/** POSTs a private-chat text update from `userId` to the proxy, as Telegram would; its status. */
async function deliver(userId: number, text: string, id = ++updateId): Promise<number> {
  const update = privateTextUpdate(id, userId, text);
  const response = await fetch(`http://127.0.0.1:${proxyPort}/telegram`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
    body: JSON.stringify(update),
  }).catch(() => null);
  return response?.status ?? 0;
}

let proxyPort: number;
let indexDir: string;

beforeAll(async () => {
  redis = await RedisServer.start();
  emu = await startEmulator(await freePort());
  llm = new FakeOpenAIServer();
  const llmUrl = await llm.start();
  const root = await folders.make();
  docsDir = join(root, 'docs');
  await mkdir(docsDir);
  await copySeedsTo(docsDir);
  // Built once beforehand, as a deployment would: both instances then only load it.
  indexDir = join(root, 'index');
  await ingest({ docsDir, indexDir, embeddings: new LocalEmbeddings() });
  instances.push(...(await Promise.all([0, 1].map((i) => startInstance(i, indexDir, redis.url, llmUrl, emu.apiRoot)))));
  proxy = new RoundRobin(() => instances.map((i) => i.port));
  proxyPort = await proxy.start();
}, 120_000);

afterAll(async () => {
  const running = instances.filter(({ child }) => child.exitCode === null && child.signalCode === null);
  for (const { child } of running) child.kill('SIGTERM');
  await Promise.all(running.map(({ child }) => once(child, 'exit')));
  await proxy?.stop();
  await llm?.stop();
  await emu?.stop();
  await redis?.stop();
  await folders.cleanup();
});

const chatRequests = () => llm.requests.filter((r) => r.path.endsWith('/chat/completions')).length;

describe('two bot processes behind a load balancer, sharing Redis', () => {
  it('say at start-up that they run as webhooks with their state in Redis', () => {
    for (const { output } of instances) expect(output).toContain('bot started: webhook on port');
    for (const { output } of instances) expect(output).toContain('state in Redis (shared by every instance)');
  });

  it('answer /sources on one instance for the question asked on the other, and count the LLM budget across both', async () => {
    const user = createUser(emu.server, TOKEN, { userId: 901 });
    llm.enqueue({ kind: 'chat', content: LLM_ANSWER });
    expect(await deliver(901, QUESTION)).toBe(200);
    const asked = proxy.last;
    expect((await user.waitForReplies(1))[0]!.text).toContain(LLM_ANSWER);
    expect(await deliver(901, '/sources')).toBe(200);
    expect(proxy.last).not.toBe(asked);
    expect((await user.waitForReplies(1))[0]!.text).toContain('<b>出处</b>');
    // DAILY_LLM_QUESTIONS=1, spent on the first instance: the other answers extractively, without asking the LLM.
    const before = chatRequests();
    expect(await deliver(901, QUESTION)).toBe(200);
    expect((await user.waitForReplies(1))[0]!.text).toContain('据趣头条');
    expect(chatRequests()).toBe(before);
  });

  it('count the rate limit across both: the fifth message in a minute gets the one notice', async () => {
    const user = createUser(emu.server, TOKEN, { userId: 902 });
    for (let i = 0; i < 5; i++) await deliver(902, `第${i + 1}个问题：国家区域医疗中心有多少个？`);
    const replies = await user.waitForReplies(5, { settleMs: 300 });
    expect(replies.filter((r) => r.text === RATE_LIMITED_TEXT)).toHaveLength(1);
  });

  it('list both live instances and their generation in /status', async () => {
    const admin = createUser(emu.server, TOKEN, { userId: ADMIN });
    expect(await deliver(ADMIN, '/status')).toBe(200);
    const [status] = await admin.waitForReplies(1);
    expect(status!.text).toContain('<b>运行中的实例</b>（2 个）');
    expect(status!.text).toContain('（本实例）');
  });

  it('answer from the generation /reindex wrote on one instance, on the other', async () => {
    await writeFile(join(docsDir, 'new-article.md'), ['---', 'title: 石榴市新建社区医院', 'source: 测试日报', 'date: 2026-11-01', '---', '石榴市今年新建社区医院37家，全部纳入医保定点。'].join('\n'));
    const admin = createUser(emu.server, TOKEN, { userId: ADMIN });
    expect(await deliver(ADMIN, '/reindex')).toBe(200);
    expect((await admin.waitForReplies(1, { timeoutMs: 30_000 }))[0]!.text).toContain('<b>索引已重建</b>');
    const reindexedOn = proxy.last;
    const user = createUser(emu.server, TOKEN, { userId: 903 });
    expect(await deliver(903, '石榴市今年新建了多少家社区医院？')).toBe(200);
    expect(proxy.last).not.toBe(reindexedOn);
    const [answer] = await user.waitForReplies(1);
    expect(answer!.text).toContain('37家');
    expect(answer!.text).toContain('测试日报');
  });

  it('take up a generation that npm run ingest wrote at once: the ingest tells them through Redis', async () => {
    await writeFile(join(docsDir, 'another-article.md'), ['---', 'title: 桃源县医共体', 'source: 测试晚报', 'date: 2026-11-02', '---', '桃源县医共体今年下沉专家52名。'].join('\n'));
    const stdout = new PassThrough();
    let out = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const env = { LOG_LEVEL: 'silent', REDIS_URL: redis.url };
    expect(await ingestCommand({ argv: ['--docs', docsDir, '--index', indexDir], env, stdout, stderr: new PassThrough(), stdin: Readable.from(['']) })).toBe(0);
    expect(out).toContain('Told 2 bot instance(s) through Redis.');
    const switched = () => instances.every((i) => i.output.includes('switched to the index generation another instance wrote'));
    for (let waited = 0; !switched() && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    expect(switched()).toBe(true);
  });

  it('keep answering while Redis is stopped and restarted mid-conversation', async () => {
    const user = createUser(emu.server, TOKEN, { userId: 904 });
    await redis.stop();
    expect(await deliver(904, '国家区域医疗中心有多少个？')).toBe(200);
    expect((await user.waitForReplies(1))[0]!.text).toMatch(/\[1\]/);
    await redis.start();
    // Both reconnect by themselves; then the conversation goes on, shared again.
    for (let waited = 0; !instances.every((i) => i.output.includes('Redis is reachable again')) && waited < 15_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    expect(instances.every((i) => i.output.includes('Redis is reachable again'))).toBe(true);
    expect(await deliver(904, '出处是哪篇？')).toBe(200);
    expect((await user.waitForReplies(1))[0]!.text).toBeTruthy();
  });

  it('give exactly one reply when the instance answering is killed mid-answer and Telegram delivers the update again', async () => {
    const user = createUser(emu.server, TOKEN, { userId: 905 });
    llm.enqueue({ kind: 'hang' }, { kind: 'chat', content: LLM_ANSWER });
    const before = chatRequests();
    const id = ++updateId;
    const first = deliver(905, QUESTION, id);
    for (let waited = 0; chatRequests() === before && waited < 10_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    // The answering instance is waiting on the LLM: kill it there.
    const victim = instances[proxy.last]!;
    victim.child.kill('SIGKILL');
    expect(await first).not.toBe(200);
    // Telegram delivers the update again; the proxy sends it to the live instance.
    expect(await deliver(905, QUESTION, id)).toBe(200);
    const replies = await user.waitForReplies(1, { timeoutMs: 20_000, settleMs: 500 });
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('5亿元');
    // A third delivery of the same update (Telegram retrying once more) is not answered again.
    expect(await deliver(905, QUESTION, id)).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(user.botMessages()).toHaveLength(1);
  });
});
