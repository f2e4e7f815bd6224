import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';

// The browser pages (web chat, staff sign-in, staff app) run no inline script and no inline style:
// their code and styles are files served from here, so the policy below can forbid everything
// inline and escaping is no longer the only guard against injected markup. img-src allows data:
// for the WhatsApp pairing QR the staff app shows as a data URL.

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** nosniff on every response; on every HTML page, the CSP and no framing. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('x-content-type-options', 'nosniff');
    if (/^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''))) {
      void reply.header('content-security-policy', CONTENT_SECURITY_POLICY).header('x-frame-options', 'DENY');
    }
    return payload;
  });
}

const TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** Serves a page's script or stylesheet (read once, at start) at `url`. */
export function serveAsset(app: FastifyInstance, url: string, file: string): void {
  const type = TYPES[path.extname(file)];
  if (!type) throw new Error(`no content type for ${file}`);
  const body = fs.readFileSync(file, 'utf8');
  app.get(url, async (_request, reply) => reply.type(type).header('cache-control', 'no-cache').send(body));
}

const WEBCHAT = path.resolve(__dirname, '..', '..', 'channels', 'webchat');

/** The web-chat page at `/`, its script and its styles. */
export function registerWebchatPage(app: FastifyInstance): void {
  const page = fs.readFileSync(path.join(WEBCHAT, 'page.html'), 'utf8');
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  serveAsset(app, '/webchat.js', path.join(WEBCHAT, 'page.js'));
  serveAsset(app, '/webchat.css', path.join(WEBCHAT, 'page.css'));
}
