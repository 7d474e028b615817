import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake server received. */
export interface RecordedRequest {
  path: string;
  body: any;
  authorization: string | undefined;
}

/**
 * What the server does with the next chat or embeddings request: answer text, an HTTP error, hang (for timeouts),
 * malformed JSON, or a body cut off halfway.
 */
export type Behaviour =
  | { kind: 'chat'; content: string }
  | { kind: 'status'; status: number; retryAfter?: number }
  | { kind: 'hang' }
  | { kind: 'malformed' }
  | { kind: 'cut' };

/**
 * A small OpenAI-compatible HTTP server on 127.0.0.1 for tests: /v1/chat/completions answers with the queued
 * behaviour (or the default), /v1/embeddings with deterministic vectors. A real peer for the real openai SDK.
 */
export class FakeOpenAIServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: Behaviour[] = [];
  private server: Server | undefined;
  private readonly hanging = new Set<ServerResponse>();
  defaultChat: Behaviour = { kind: 'chat', content: '资料中没有相关信息。' };
  embeddingDimensions = 8;

  /** Queues behaviours for the next requests (chat and embeddings alike), first in first out. */
  enqueue(...behaviours: Behaviour[]): void {
    this.queue.push(...behaviours);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const body = raw ? JSON.parse(raw) : null;
    this.requests.push({ path: req.url ?? '', body, authorization: req.headers.authorization });
    const isEmbeddings = req.url?.endsWith('/embeddings') ?? false;
    const behaviour = this.queue.shift() ?? (isEmbeddings ? null : this.defaultChat);
    if (behaviour?.kind === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (behaviour?.kind === 'status') {
      res.writeHead(behaviour.status, { 'content-type': 'application/json', ...(behaviour.retryAfter ? { 'retry-after': String(behaviour.retryAfter) } : {}) });
      res.end(JSON.stringify({ error: { message: `fake error ${behaviour.status}`, type: 'server_error' } }));
      return;
    }
    if (behaviour?.kind === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"choices": [ {"message": ');
      return;
    }
    if (behaviour?.kind === 'cut') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
      res.write('{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"据');
      res.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    if (isEmbeddings) {
      const inputs: string[] = Array.isArray(body.input) ? body.input : [body.input];
      res.end(JSON.stringify({ object: 'list', model: body.model, data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: this.vectorFor(text) })) }));
      return;
    }
    const content = behaviour?.kind === 'chat' ? behaviour.content : '';
    res.end(
      JSON.stringify({
        id: 'chatcmpl-test',
        object: 'chat.completion',
        created: 0,
        model: body.model,
        choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
      }),
    );
  }

  /** A deterministic vector from character codes: similar texts share components. */
  private vectorFor(text: string): number[] {
    const vector = new Array<number>(this.embeddingDimensions).fill(0);
    for (const ch of text) vector[ch.codePointAt(0)! % this.embeddingDimensions]! += 1;
    const norm = Math.hypot(...vector) || 1;
    return vector.map((v) => v / norm);
  }
}
