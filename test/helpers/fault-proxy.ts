/**
 * A fault-injecting HTTP proxy for the Telegram Bot API, for tests: put it between a bot
 * (`apiRoot` → `proxy.url`) and the emulator, arm a fault for the next call of one method, and it
 * answers that call itself (an HTTP status and JSON body, or a dropped connection) instead of, or
 * after, forwarding it. Every other call is forwarded unchanged. node:http only, 127.0.0.1 only.
 *
 *   const proxy = new FaultProxy(emu.apiRoot);
 *   const apiRoot = await proxy.start();
 *   proxy.failNext('sendMessage', { kind: 'status', status: 429, body: { ok: false, ... } });
 */
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * What to do with the armed call:
 * - `status`: answer with this HTTP status and JSON body; the emulator never sees the call.
 * - `drop`: destroy the connection before forwarding; the emulator never sees the call (safe to retry).
 * - `drop-after-forward`: forward, let the emulator act on it, then destroy the connection instead of
 *   answering; the message exists but the bot cannot know (a retry would duplicate it).
 */
export type Fault =
  | { kind: 'status'; status: number; body: unknown }
  | { kind: 'drop' }
  | { kind: 'drop-after-forward' };

/** One Bot API call that went through the proxy. */
export interface ProxiedCall {
  method: string;
  /** The fault applied to it, if any. */
  fault?: Fault['kind'];
}

/** The standard Telegram flood-control answer, as in issue #7. */
export const TOO_MANY_REQUESTS = (retryAfter: number): Fault => ({
  kind: 'status',
  status: 429,
  body: { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } },
});

export class FaultProxy {
  readonly calls: ProxiedCall[] = [];
  private readonly armed = new Map<string, Fault[]>();
  private readonly sockets = new Set<Socket>();
  private server: Server | undefined;

  /** @param target the emulator's apiRoot, e.g. http://127.0.0.1:19450 */
  constructor(private readonly target: string) {}

  /** Starts on 127.0.0.1 (an ephemeral port unless given); resolves to the apiRoot to give the bot. */
  async start(port = 0): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Applies `fault` to the next call of `method` (queued: arm twice for the next two). */
  failNext(method: string, fault: Fault): void {
    this.armed.set(method, [...(this.armed.get(method) ?? []), fault]);
  }

  /** Calls of `method` seen so far. */
  callsOf(method: string): ProxiedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    // /bot<token>/<method>
    const method = (req.url ?? '').split('?')[0]!.split('/').at(-1) ?? '';
    const fault = this.armed.get(method)?.shift();
    this.calls.push({ method, fault: fault?.kind });
    if (fault?.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify(fault.body));
      return;
    }
    if (fault?.kind === 'drop') {
      req.socket.destroy();
      return;
    }
    let upstream: Awaited<ReturnType<FaultProxy['forward']>>;
    try {
      upstream = await this.forward(req, body);
    } catch {
      req.socket.destroy(); // the emulator is gone (shutdown): the bot sees a network error
      return;
    }
    if (fault?.kind === 'drop-after-forward') {
      req.socket.destroy();
      return;
    }
    res.writeHead(upstream.status, { 'content-type': upstream.contentType }).end(upstream.body);
  }

  private forward(req: IncomingMessage, body: Buffer): Promise<{ status: number; contentType: string; body: Buffer }> {
    return new Promise((resolve, reject) => {
      const out = request(
        `${this.target}${req.url ?? ''}`,
        { method: req.method, headers: { ...req.headers, host: new URL(this.target).host, 'content-length': String(body.length) } },
        (upstream) => {
          const parts: Buffer[] = [];
          upstream.on('data', (chunk: Buffer) => parts.push(chunk));
          upstream.on('end', () =>
            resolve({
              status: upstream.statusCode ?? 502,
              contentType: String(upstream.headers['content-type'] ?? 'application/json'),
              body: Buffer.concat(parts),
            }),
          );
          upstream.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}
