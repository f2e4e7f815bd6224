import net from 'node:net';

// A raw HTTP/1.1 client for the fuzzer: fetch and http.request refuse to send what an attacker
// sends (control characters in a header, an unencoded byte in the path), so the request is written
// byte for byte on a socket and the answer read back with a size cap and a deadline.

export interface RawRequest {
  method: string;
  /** The request target as sent (path and query), written as latin1 bytes. */
  target: string;
  /** Header values are written as latin1 bytes (a UTF-8 value arrives as its bytes). */
  headers: [string, string][];
  body: Buffer | null;
}

export type RawResult =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: Buffer; streamed: boolean; ms: number }
  | { kind: 'error'; error: string; received: number; ms: number };

export function serialise(port: number, request: RawRequest): Buffer {
  const lines = [`${request.method} ${request.target} HTTP/1.1`, `host: 127.0.0.1:${port}`, 'connection: close'];
  for (const [name, value] of request.headers) lines.push(`${name}: ${value}`);
  if (request.body) lines.push(`content-length: ${request.body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), request.body ?? Buffer.alloc(0)]);
}

function decodeChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const end = body.indexOf('\r\n', at);
    if (end < 0) break;
    const size = parseInt(body.subarray(at, end).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(body.subarray(end + 2, end + 2 + size));
    at = end + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

/**
 * Sends one request on a new connection and reads the answer. A server-sent event stream is taken
 * as answered once its head arrived. Over `maxBytes`, or past `timeoutMs`, it is an error.
 */
export function rawHttp(port: number, request: RawRequest, options: { timeoutMs: number; maxBytes: number }): Promise<RawResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const socket = net.connect({ port, host: '127.0.0.1' });
    const finish = (result: RawResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const parse = (complete: boolean): RawResult | null => {
      const data = Buffer.concat(chunks);
      const headEnd = data.indexOf('\r\n\r\n');
      if (headEnd < 0) return complete ? { kind: 'error', error: data.length === 0 ? 'connection closed without an answer' : 'answer without a complete head', received, ms: Date.now() - started } : null;
      const [statusLine, ...headerLines] = data.subarray(0, headEnd).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      if (/^text\/event-stream/i.test(headers['content-type'] ?? '')) return { kind: 'response', status, headers, body: Buffer.alloc(0), streamed: true, ms: Date.now() - started };
      let body: Buffer = data.subarray(headEnd + 4);
      const length = headers['content-length'] === undefined ? null : Number(headers['content-length']);
      const chunked = /chunked/i.test(headers['transfer-encoding'] ?? '');
      if (!complete) {
        if (length !== null && body.length >= length && !chunked) return { kind: 'response', status, headers, body: body.subarray(0, length), streamed: false, ms: Date.now() - started };
        if (chunked && body.subarray(-5).toString('latin1') === '0\r\n\r\n') return { kind: 'response', status, headers, body: decodeChunked(body), streamed: false, ms: Date.now() - started };
        return null;
      }
      if (chunked) body = decodeChunked(body);
      else if (length !== null) body = body.subarray(0, length);
      return { kind: 'response', status, headers, body, streamed: false, ms: Date.now() - started };
    };
    const timer = setTimeout(() => finish({ kind: 'error', error: `no complete answer within ${options.timeoutMs} ms`, received, ms: Date.now() - started }), options.timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      if (received > options.maxBytes) return finish({ kind: 'error', error: `answer larger than ${options.maxBytes} bytes`, received, ms: Date.now() - started });
      const result = parse(false);
      if (result) finish(result);
    });
    socket.on('end', () => finish(parse(true)!));
    socket.on('close', () => finish(parse(true)!));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // The server may answer and close before it read the whole body (a 413, a 429 in onRequest): the answer counts.
      const result = parse(true);
      finish(result && result.kind === 'response' ? result : { kind: 'error', error: `${error.code ?? error.message}`, received, ms: Date.now() - started });
    });
    socket.on('connect', () => socket.write(serialise(port, request)));
  });
}
