// npm run bench:cloud-webhook: what Meta and a reseller wait for on the WhatsApp Cloud API. The app
// runs on its embedded PGlite against the local Graph API server of the tests; 100 signed webhook
// deliveries (an order each, five resellers in turn, within the pair rate) are timed from the
// client: until the webhook answers 200, and until the quote reaches the Graph API. The reply
// includes the wait that keeps a sender's messages in the order written (WHATSAPP_CLOUD_ORDER_WAIT_MS,
// taken from the environment like the app's other settings).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startApp } from '../bot/app';
import { loadConfig } from '../bot/config';
import { GraphApiServer } from '../test/support/graph-api-server';
import { messagesBody, PHONE_NUMBER_ID, signature, text } from '../test/support/cloud-webhook-payloads';

async function main() {
  const graph = await GraphApiServer.start({ token: 'T', phoneNumberId: PHONE_NUMBER_ID });
  const config = loadConfig({ DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'esimhub-bench-cloud-')), PORT: '0', DEMO_MODE: '0', WHATSAPP_CLOUD_ACCESS_TOKEN: 'T', WHATSAPP_CLOUD_PHONE_NUMBER_ID: PHONE_NUMBER_ID, WHATSAPP_CLOUD_APP_SECRET: 'S', WHATSAPP_CLOUD_VERIFY_TOKEN: 'V', WHATSAPP_CLOUD_GRAPH_URL: graph.url, ...(process.env.WHATSAPP_CLOUD_ORDER_WAIT_MS ? { WHATSAPP_CLOUD_ORDER_WAIT_MS: process.env.WHATSAPP_CLOUD_ORDER_WAIT_MS } : {}) });
  const app = await startApp(config);
  const acks: number[] = [];
  const replies: number[] = [];
  const numbers = ['66812345601', '34612345603', '84912345604', '971501234606', '639171234608'];
  for (let i = 0; i < 100; i++) {
    const to = numbers[i % numbers.length]!;
    const raw = JSON.stringify(messagesBody([text(to, `wamid.L${i}`, 'Japan 1GB 7 days x 2')]));
    const before = graph.to(to).length;
    const t0 = performance.now();
    const r = await fetch(`${app.url}/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(raw, 'S') }, body: raw });
    acks.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(String(r.status));
    while (graph.to(to).length === before) await new Promise((res) => setTimeout(res, 2));
    replies.push(performance.now() - t0);
    await new Promise((res) => setTimeout(res, 6_100 / numbers.length)); // within the pair rate
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!.toFixed(0);
  console.log(`webhook 200: p50 ${pct(acks, 0.5)} ms p99 ${pct(acks, 0.99)} ms; reply at the Graph API: p50 ${pct(replies, 0.5)} ms p99 ${pct(replies, 0.99)} ms (n=${acks.length}, order wait ${config.WHATSAPP_CLOUD_ORDER_WAIT_MS} ms)`);
  await app.stop();
  await graph.close();
  process.exit(0);
}
void main();
