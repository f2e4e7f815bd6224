import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A local HTTP server that speaks the part of the OpenAI API the bot uses (POST /v1/chat/completions),
// answering as the test scripts it: a JSON answer, a status code, or a delay.

export type Reply = { status?: number; content?: string; headers?: Record<string, string>; delayMs?: number; usage?: { prompt_tokens: number; completion_tokens: number } };

export class OpenAiServer {
  readonly requests: { path: string; authorization: string | undefined; body: { model: string; messages: { role: string; content: string }[]; response_format?: unknown } }[] = [];
  private script: Reply[] = [];
  private fallback: Reply = { status: 500 };

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<OpenAiServer> {
    let self: OpenAiServer | null = null;
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
        self!.requests.push({ path: request.url ?? '', authorization: request.headers.authorization, body });
        const reply = self!.script.shift() ?? self!.fallback;
        const send = () => {
          if (response.destroyed) return;
          const status = reply.status ?? 200;
          const payload =
            status === 200
              ? {
                  id: `chatcmpl-${self!.requests.length}`,
                  object: 'chat.completion',
                  created: Math.floor(Date.now() / 1000),
                  model: body.model,
                  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: reply.content ?? '' } }],
                  usage: { ...(reply.usage ?? { prompt_tokens: 1200, completion_tokens: 80 }), total_tokens: 0 },
                }
              : { error: { message: `scripted ${status}`, type: 'server_error' } };
          response.writeHead(status, { 'content-type': 'application/json', ...reply.headers });
          response.end(JSON.stringify(payload));
        };
        if (reply.delayMs) setTimeout(send, reply.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    self = new OpenAiServer(server);
    return self;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  /** The next answers, in order; after them every call gets `then`. */
  answer(replies: Reply[], then: Reply = { status: 500 }): void {
    this.script = [...replies];
    this.fallback = then;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

export function json(value: unknown): Reply {
  return { content: JSON.stringify(value) };
}
