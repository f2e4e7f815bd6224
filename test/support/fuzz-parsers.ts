import fc from 'fast-check';
import { simpleParser } from 'mailparser';
import type { Message as WhatsAppMessage } from 'whatsapp-web.js';
import { types as wechatyTypes, type Message as WechatMessage } from 'wechaty';
import type { WechatyInterface } from 'wechaty/impls';
import { log } from '../../bot/log';
import { seedCatalogueIndex } from '../../bot/parsing/seed-catalogue';
import { dmarcPasses } from '../../channels/email/dmarc-check';
import { needsOwnCheck, parseEmail } from '../../channels/email/parse';
import type { InboundMessage, InboundSink } from '../../channels/port';
import { purchaseOrderFromFile } from '../../channels/purchase-order';
import { WechatAdapter } from '../../channels/wechat/adapter';
import { WhatsAppAdapter } from '../../channels/whatsapp/adapter';
import { INBOUND_LIMITS } from '../../domain/intake/limits';
import { INTENTS, parseMessage } from '../../domain/parsing/parse-message';
import { CATALOGUE, hostileString, longString, resellerText, shortHostileString, summarise } from './fuzz-arbitraries';
import { csvBytes, csvFiles, mails, OUR_AUTHSERV, rawMail, xlsxBomb, xlsxBytes, xlsxFiles, type Mail } from './fuzz-files';
import type { FuzzStats } from './fuzz-run';
import { ContractClient } from './whatsapp-contract-client';

// The channel adapters' parsers and the message parser, as pure functions (no network, no
// database): no throw, bounded output, bounded time per case.

/** Time one parser call may take on a shared 2-core machine (the slowest honest input is well under). */
export const PARSE_MS_MAX = 5_000;
/** A purchase order file: at most this long, whatever it holds (INBOUND_LIMITS.purchaseOrderBytes is what it may weigh). */
export const FILE_MS_MAX = 4_000;
/** One line of a purchase order, as text: a product name and a quantity. */
export const PO_LINE_CHARS_MAX = 300;

const SKUS = new Set(CATALOGUE.map((p) => p.sku));
const index = seedCatalogueIndex();
parseMessage(index, 'warm-up: 5 x Japan 1GB 7 days, yes'); // the first call builds the parser's patterns; not a case's cost

/**
 * Runs `work` and fails when it used more than `limitMs` of CPU time. CPU time, not wall time:
 * the machine is shared, and a parser that blows up (a regex backtracking, a zip bomb) burns CPU,
 * while one that merely waited for another process's turn does not.
 */
async function timed<T>(what: string, limitMs: number, work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const measure = async () => {
    const cpu = process.cpuUsage();
    const value = await work();
    const used = process.cpuUsage(cpu);
    return { value, ms: (used.user + used.system) / 1000 };
  };
  const first = await measure();
  if (first.ms <= limitMs) return first;
  // The CPU time is the whole process's: a major GC or V8's background compilation can land inside
  // one case on a loaded machine (seen in CI: 6 s for an input that takes 3 ms). An input that
  // really blows up does so every time, so an over-limit case is measured again and fails only twice.
  const second = await measure();
  if (second.ms > limitMs) throw new Error(`${what} used ${first.ms.toFixed(0)} ms and then ${second.ms.toFixed(0)} ms of CPU (limit ${limitMs} ms)`);
  return second;
}

/** A document's message text without the section's own header lines ("[Attachment: po.xlsx]", "PO number: ..."). */
const orderLinesOf = (text: string) => text.split('\n').filter((l) => l !== '' && !/^\[Attachment: /.test(l) && !/^PO number: /.test(l));

/** At most purchaseOrderRows lines; with `lineLength`, each line at most PO_LINE_CHARS_MAX characters. */
function checkPoLines(lines: string[] | null, what: string, options: { lineLength?: boolean } = {}): string[] {
  if (lines === null) return [];
  const problems: string[] = [];
  if (!Array.isArray(lines)) return [`${what}: not a list of lines`];
  if (lines.length > INBOUND_LIMITS.purchaseOrderRows) problems.push(`${what}: ${lines.length} lines (max ${INBOUND_LIMITS.purchaseOrderRows} rows of a purchase order)`);
  const long = options.lineLength ? lines.find((l) => l.length > PO_LINE_CHARS_MAX) : undefined;
  if (long) problems.push(`${what}: a line of ${long.length} characters (max ${PO_LINE_CHARS_MAX}): ${summarise(long, 80)}`);
  return problems;
}

const fail = (problems: string[]) => {
  if (problems.length > 0) throw new Error(problems.join('\n'));
};

// ------------------------------------------------------------------------ parseMessage

export const messageTexts = fc.oneof({ arbitrary: resellerText, weight: 4 }, { arbitrary: hostileString, weight: 3 }, { arbitrary: longString(15_000, 25_000), weight: 1 });

export async function checkParseMessage(text: string): Promise<void> {
  const { value: result } = await timed('parseMessage', PARSE_MS_MAX, () => parseMessage(index, text));
  const problems: string[] = [];
  if (!INTENTS.includes(result.intent)) problems.push(`intent ${String(result.intent)}`);
  const normalised = text.slice(0, 20_000).normalize('NFKC'); // the parser reads the NFKC form, which can be longer
  const words = normalised.split(/\s+/).length;
  if (result.lines.length > words + (normalised.match(/[\u3000-\u9fff]/g)?.length ?? 0)) problems.push(`${result.lines.length} lines from ${words} words`);
  for (const line of result.lines) {
    if (line.sku !== null && !SKUS.has(line.sku)) problems.push(`unknown SKU ${line.sku}`);
    if (line.quantity !== null && !Number.isInteger(line.quantity)) problems.push(`quantity ${line.quantity}`); // negative or huge ones are answered by the pipeline
    if (line.text.length > normalised.length) problems.push(`a line's text is longer than the message`);
  }
  if (result.orderRefs.length + result.quoteRefs.length > text.length / 3 + 1) problems.push('more references than the text can hold');
  fail(problems);
}

// -------------------------------------------------------------------- purchase orders

export const poFiles = fc.oneof(
  { arbitrary: csvFiles.map((f) => ({ kind: 'csv' as const, filename: 'po.csv', mimeType: 'text/csv', bytes: csvBytes(f) })), weight: 3 },
  { arbitrary: xlsxFiles.map((f) => ({ kind: 'xlsx' as const, filename: 'po.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: xlsxBytes(f) })), weight: 3 },
  { arbitrary: fc.tuple(fc.uint8Array({ maxLength: 4096 }), fc.constantFrom('po.csv', 'po.xlsx', 'po.CSV', 'x')).map(([b, filename]) => ({ kind: 'bytes' as const, filename, mimeType: 'application/octet-stream', bytes: Buffer.from(b) })), weight: 1 },
  // Small on the wire (well under purchaseOrderBytes), large once inflated.
  { arbitrary: fc.integer({ min: 1_000, max: 1_500_000 }).map((rows) => ({ kind: 'xlsx-bomb' as const, filename: 'po.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', bytes: xlsxBomb(rows) })), weight: 1 },
);

/** No throw, bounded time, at most purchaseOrderRows lines. */
export async function checkPurchaseOrder(file: { filename: string; mimeType: string; bytes: Buffer }): Promise<void> {
  const { value: lines } = await timed(`purchaseOrderFromFile (${file.bytes.length} bytes)`, FILE_MS_MAX, () => purchaseOrderFromFile(file));
  fail(checkPoLines(lines, 'purchaseOrderFromFile'));
}

/** Each line a product and a quantity of bounded length (a separate property, so it hides no other failure). */
export async function checkPurchaseOrderLines(file: { filename: string; mimeType: string; bytes: Buffer }): Promise<void> {
  fail(checkPoLines(await purchaseOrderFromFile(file), 'purchaseOrderFromFile', { lineLength: true }));
}

// ---------------------------------------------------------------------------- email

/** DNS that knows nothing: the bot's own DMARC check can only say no. */
const noDns = async (name: string) => {
  throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
};

let uid = 0;
export async function checkEmail(mail: Mail): Promise<void> {
  uid += 1;
  const raw = rawMail(mail, uid);
  const { value: message } = await timed(`parsing a ${raw.length}-byte mail`, 8_000, async () => {
    const parsed = await simpleParser(raw);
    const context = { ownAddress: 'orders@esimhub.example', authservId: OUR_AUTHSERV, uidValidity: 1, uid, receivedAt: new Date() };
    const ownCheck = needsOwnCheck(parsed, context) ? await dmarcPasses(raw, noDns as never) : null;
    return parseEmail(parsed, { ...context, ownCheck });
  });
  const problems: string[] = [];
  if (message) {
    const address = message.sender.address;
    if (address !== address.trim().toLowerCase() || address === '') problems.push(`sender address not normalised: ${JSON.stringify(address)}`);
    if (message.conversationKey !== `email:${address}`) problems.push(`conversation key ${message.conversationKey} for ${address}`);
    if (message.sender.authenticated && !mail.authentication.trusted) problems.push(`taken as the reseller's without a pass from ${OUR_AUTHSERV}: ${JSON.stringify(mail.authentication.headers)}`);
    if (message.attachments.length > INBOUND_LIMITS.attachments) problems.push(`${message.attachments.length} attachments kept (max ${INBOUND_LIMITS.attachments})`);
    if (typeof message.text !== 'string') problems.push('no text');
    for (const a of message.attachments) if (typeof a.filename !== 'string' || typeof a.mimeType !== 'string') problems.push('an attachment without a name or type');
  } else if (/^[a-z0-9._+-]+@[a-z0-9.-]+$/i.test(mail.from)) {
    problems.push(`a mail from ${mail.from} was dropped`);
  }
  fail(problems);
}

// ------------------------------------------------------------------------- WhatsApp

class RecordingSink implements InboundSink {
  readonly received: InboundMessage[] = [];
  async receive(message: InboundMessage) {
    this.received.push(message);
    return { duplicate: false, messageId: BigInt(this.received.length) };
  }
}

export interface WhatsAppCase {
  from: string;
  body: string;
  type: string;
  fromMe: boolean;
  isStatus: boolean;
  broadcast: boolean;
  media: null | { mimetype: string; filename: string | null; bytes: Buffer };
}

export const whatsappCases: fc.Arbitrary<WhatsAppCase> = fc.record({
  from: fc.oneof(
    { arbitrary: fc.stringMatching(/^\d{6,15}$/).map((n) => `${n}@c.us`), weight: 6 },
    { arbitrary: fc.constantFrom('120363025246125244@g.us', 'status@broadcast', '12345@newsletter', '1@c.us', '1234567890123456@c.us', '66812345601@c.us\n', '+66812345601@c.us', '66812345601@C.US', ''), weight: 2 },
    { arbitrary: shortHostileString, weight: 1 },
  ),
  body: messageTexts,
  type: fc.oneof({ arbitrary: fc.constantFrom('chat', 'document', 'image'), weight: 5 }, { arbitrary: fc.constantFrom('ptt', 'sticker', 'location', 'vcard', 'revoked', 'e2e_notification'), weight: 1 }, { arbitrary: shortHostileString, weight: 1 }),
  fromMe: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  isStatus: fc.constant(false),
  broadcast: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  media: fc.option(
    fc.oneof(
      poFiles.map((f) => ({ mimetype: f.mimeType, filename: f.filename as string | null, bytes: f.bytes })),
      fc.tuple(fc.constantFrom('image/jpeg', 'text/csv', 'application/pdf', '', 'x/x'), fc.option(shortHostileString), fc.uint8Array({ maxLength: 2048 })).map(([mimetype, filename, b]) => ({ mimetype, filename, bytes: Buffer.from(b) })),
    ),
    { freq: 2 },
  ),
});

export async function checkWhatsApp(c: WhatsAppCase): Promise<void> {
  const sink = new RecordingSink();
  const adapter = new WhatsAppAdapter({ createClient: () => { throw new Error('not used'); }, createMedia: () => null, stores: { file: async () => null }, status: () => undefined, log, printQr: false });
  adapter['sink'] = sink; // the adapter as start() leaves it, without a client: receive() is the normalisation
  const message = ContractClient.message(c.from, c.body, `FUZZ${Date.now()}`, {
    type: c.type as never,
    fromMe: c.fromMe,
    isStatus: c.from === 'status@broadcast',
    broadcast: c.broadcast,
    hasMedia: c.media !== null,
    downloadMedia: async () => (c.media ? { mimetype: c.media.mimetype, data: c.media.bytes.toString('base64'), filename: c.media.filename ?? undefined } : undefined),
  } as Partial<WhatsAppMessage>);
  await timed('WhatsApp receive()', FILE_MS_MAX + 1000, () => adapter['receive'](message));
  const problems: string[] = [];
  const oneToOne = /^\d{6,15}@c\.us$/.test(c.from) && !c.fromMe && !c.broadcast;
  if (c.fromMe && sink.received.some((m) => !m.fromSelf)) problems.push('an own message was not marked fromSelf');
  sink.received.splice(0, sink.received.length, ...sink.received.filter((m) => !m.fromSelf)); // intake drops own echoes
  if (!oneToOne && sink.received.length > 0) problems.push(`a message from ${JSON.stringify(c.from)} (fromMe ${c.fromMe}, broadcast ${c.broadcast}) reached the bot`);
  if (oneToOne && sink.received.length !== 1) problems.push(`a one-to-one message reached the bot ${sink.received.length} times`);
  for (const m of sink.received) {
    if (!/^\+\d{6,15}$/.test(m.sender.address) || m.conversationKey !== `whatsapp:${m.sender.address}`) problems.push(`sender ${m.sender.address}, key ${m.conversationKey}`);
    if (m.attachments.length > 1) problems.push(`${m.attachments.length} attachments from one message`);
    if (c.type === 'document' && c.media) problems.push(...checkPoLines(orderLinesOf(m.text), 'a WhatsApp document'));
    if (Number.isNaN(m.receivedAt.getTime())) problems.push('received at an invalid date');
  }
  fail(problems);
}

// --------------------------------------------------------------------------- WeChat

export interface WechatCase {
  self: boolean;
  room: null | { id: string; linked: boolean; topic: string };
  talker: { id: string; name: string };
  type: number;
  text: string;
  file: null | { name: string; mediaType: string | undefined; bytes: Buffer };
}

const MessageType = wechatyTypes.Message;

export const wechatCases: fc.Arbitrary<WechatCase> = fc.record({
  self: fc.oneof({ arbitrary: fc.constant(false), weight: 9 }, { arbitrary: fc.constant(true), weight: 1 }),
  room: fc.option(fc.record({ id: fc.oneof(fc.constantFrom('20001@chatroom', 'room-1'), shortHostileString), linked: fc.boolean(), topic: shortHostileString }), { freq: 3 }),
  talker: fc.record({ id: fc.oneof(fc.constantFrom('wxid_youyi_chen', 'wxid_haoyun_li'), shortHostileString), name: shortHostileString }),
  type: fc.oneof({ arbitrary: fc.constantFrom(MessageType.Text, MessageType.Attachment, MessageType.Image), weight: 5 }, { arbitrary: fc.constantFrom(...(Object.values(MessageType).filter((v) => typeof v === 'number') as number[])), weight: 1 }),
  text: messageTexts,
  file: fc.option(
    fc.oneof(
      poFiles.map((f) => ({ name: f.filename, mediaType: f.mimeType as string | undefined, bytes: f.bytes })),
      fc.tuple(shortHostileString, fc.option(fc.constantFrom('text/csv', 'image/png', '')), fc.uint8Array({ maxLength: 1024 })).map(([name, mediaType, b]) => ({ name, mediaType: mediaType ?? undefined, bytes: Buffer.from(b) })),
    ),
    { freq: 2 },
  ),
});

export async function checkWechat(c: WechatCase): Promise<void> {
  const sink = new RecordingSink();
  const wechaty = { Message: { Type: MessageType }, isLoggedIn: true, currentUser: { id: 'wxid_esimhub_bot' } } as unknown as WechatyInterface;
  const adapter = new WechatAdapter(wechaty, { file: async () => null, isLinkedRoom: async (id) => c.room !== null && c.room.id === id && c.room.linked }, { log, status: () => undefined });
  adapter['sink'] = sink;
  const file = c.file ?? { name: 'empty', mediaType: undefined, bytes: Buffer.alloc(0) };
  const message = {
    id: `fuzz-${Date.now()}-${Math.random()}`,
    payload: {
      id: `fuzz-${Date.now()}-${Math.random()}`,
      talkerId: c.talker.id,
      ...(c.self ? { listenerId: 'wxid_someone' } : { listenerId: 'wxid_esimhub_bot' }),
      ...(c.room ? { roomId: c.room.id } : {}),
      type: c.type,
      text: c.text,
      timestamp: Date.now(),
    },
    self: () => c.self,
    room: () => (c.room ? { id: c.room.id, topic: async () => c.room!.topic } : null),
    talker: () => ({ id: c.talker.id, name: () => c.talker.name }),
    type: () => c.type,
    text: () => c.text,
    date: () => new Date(),
    toFileBox: async () => ({ name: file.name, mediaType: file.mediaType, toBuffer: async () => file.bytes }),
  } as unknown as WechatMessage;
  await timed('WeChat receive()', FILE_MS_MAX + 1000, () => adapter['receive'](message));
  const problems: string[] = [];
  if (c.self && sink.received.some((m) => !m.fromSelf)) problems.push('an own message was not marked fromSelf');
  sink.received.splice(0, sink.received.length, ...sink.received.filter((m) => !m.fromSelf)); // intake drops own echoes
  const wanted = !c.self && (c.room === null || c.room.linked) && [MessageType.Text, MessageType.Image, MessageType.Attachment].includes(c.type);
  if (!wanted && sink.received.length > 0) problems.push('a message the bot must ignore reached it');
  if (wanted && sink.received.length !== 1) problems.push(`a message reached the bot ${sink.received.length} times`);
  for (const m of sink.received) {
    const address = c.room ? `room:${c.room.id}` : c.talker.id;
    if (m.conversationKey !== `wechat:${address}` || m.sender.address !== address) problems.push(`key ${m.conversationKey} for ${address}`);
    if (c.type === MessageType.Attachment) problems.push(...checkPoLines(orderLinesOf(m.text), 'a WeChat attachment'));
    if (c.type === MessageType.Text && m.text !== c.text) problems.push('the text changed on the way in');
  }
  fail(problems);
}

/** The parser properties in one list, for the runner. */
export function parserProperties(stats: FuzzStats) {
  const count = <T>(check: (value: T) => Promise<void>) => async (value: T) => {
    await check(value);
    stats.sampleRss();
  };
  return [
    { name: 'parseMessage (rules parser)', arbitrary: messageTexts, check: count(checkParseMessage) },
    { name: 'purchase orders (CSV, XLSX, bytes): time and rows', arbitrary: poFiles, check: count(checkPurchaseOrder) },
    { name: 'purchase orders: line length', arbitrary: poFiles, check: count(checkPurchaseOrderLines) },
    { name: 'email: MIME -> parseEmail', arbitrary: mails, check: count(checkEmail) },
    { name: 'WhatsApp message normalisation', arbitrary: whatsappCases, check: count(checkWhatsApp) },
    { name: 'WeChat message normalisation', arbitrary: wechatCases, check: count(checkWechat) },
  ] as const;
}
