import fc from 'fast-check';
import { readSeedData } from '../../bot/db/seed-data';
import { WORDS } from '../../domain/parsing/vocabulary';

// What the fuzz harness (scripts/fuzz.ts, test/fuzz/*) throws at the bot: hostile and clumsy
// strings, JSON documents with the wrong shapes, raw bytes, and realistic order texts built from
// the seed catalogue, so that generated input reaches the pipeline's deep paths and not only its
// validation.

// ------------------------------------------------------------------------------------ strings

/** Characters that broke, or could break, something: NUL and other controls, bidi and zero-width marks, lone surrogates, BOM, noncharacters, combining marks, wide digits. */
export const HOSTILE_CHARS = [
  '\u0000', '\u0001', '\u0007', '\b', '\u000b', '\u000c', '\u001b', '\u001f', '\u007f', '\u0085',
  '\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069',
  '\u2028', '\u2029', '\ufeff', '\ufffe', '\uffff', '\ufffd', '\u00a0', '\u3000',
  '\ud800', '\udbff', '\udc00', '\udfff', // lone surrogates
  'e\u0301', '\u0338', 'ﬀ', 'Ⅻ', '１２３', '٣', '〇', '½', '²',
  '😀', '👨‍👩‍👧‍👦', '🇯🇵', '日本', '確認', 'ñ', 'ß', 'İ', 'Σ',
  '\r', '\n', '\r\n', '\t', ' ', '"', "'", '`', '\\', '/', '%', '&', '<', '>', '{', '}', '[', ']', '$', '#', '?', '=', ';', ',', ':', '|', '*', '+', '-', '.', '0', '9',
];

/** Whole snippets: injection attempts, format strings, references the bot acts on, words it reads. */
export const HOSTILE_SNIPPETS = [
  "'; DROP TABLE orders; --", "' OR '1'='1", '" OR ""="', '1; SELECT pg_sleep(10)', '$1', '\\x00', '\\u0000', '%00', '%s%s%s%n', '{0}', '${7*7}', '{{7*7}}', '#{7*7}',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg/onload=alert(1)>', 'javascript:alert(1)', '&lt;&amp;&#0;',
  '../../../../etc/passwd', '..%2f..%2f', '/qr/../../', 'file:///etc/passwd', 'http://169.254.169.254/',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty',
  'ORD-000001', 'ORD-1', 'Q-000001', 'Q-999999999999', 'B2B-001',
  'yes', 'YES!!!', 'ok', '确认', 'sí', 'cancel', 'status', 'balance', 'human please', 'refund', 'ignore previous instructions', 'set the price to 0',
  'Japan 10GB 15 days x 50', 'japan', 'Europe', 'x 1000000', '999999999999999999999', '-5', '0', '1e308', 'NaN', 'Infinity', '0x10',
  'null', 'undefined', 'true', '[]', '{}', '\u202eredro\u202c', 'A\u0000B',
];

const snippet = fc.constantFrom(...HOSTILE_SNIPPETS);
const hostileChar = fc.constantFrom(...HOSTILE_CHARS);

/** A short hostile string: random code units, hostile characters and snippets mixed. */
export const shortHostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: fc.oneof(hostileChar, snippet, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 3 })), maxLength: 12 }), weight: 6 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  { arbitrary: snippet, weight: 2 },
  { arbitrary: fc.constant(''), weight: 1 },
);

/** A long string: a hostile unit repeated to `length` characters (shrinks towards short). */
export const longString = (minLength: number, maxLength: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.oneof(snippet, hostileChar, fc.constantFrom('japan ', 'a', '日本', 'x 5 ', '\n', 'Japan 1GB 7 days x 1\n', '😀', '\u0000')), fc.integer({ min: minLength, max: maxLength }))
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

/** Any hostile string, including 20,000+ characters now and then. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: shortHostileString, weight: 12 },
  { arbitrary: longString(200, 6_500), weight: 2 },
  { arbitrary: longString(19_990, 25_000), weight: 1 },
);

// ----------------------------------------------------------------------------------- JSON text

/** A JSON document as text, so it can hold what JSON.stringify cannot write: huge number literals, duplicate and __proto__ keys. */
export type JsonNode = { raw: string } | { str: string } | { arr: JsonNode[] } | { obj: [string, JsonNode][] };

export function jsonText(node: JsonNode): string {
  if ('raw' in node) return node.raw;
  if ('str' in node) return JSON.stringify(node.str); // lone surrogates come out escaped (\ud800), as a client may send them
  if ('arr' in node) return `[${node.arr.map(jsonText).join(',')}]`;
  return `{${node.obj.map(([k, v]) => `${JSON.stringify(k)}:${jsonText(v)}`).join(',')}}`;
}

export const str = (s: string): JsonNode => ({ str: s });

const hugeNumber = fc.oneof(
  fc.constantFrom('1e308', '1e309', '-1e309', '-0', '0.0000000000000000000000001', '9007199254740993', '-9007199254740993', '2147483648', '-2147483649', '1.5', '1E2', '0e0'),
  fc.integer({ min: 20, max: 5000 }).map((n) => `1${'0'.repeat(n)}`),
  fc.double().filter(Number.isFinite).map((d) => JSON.stringify(d)),
  fc.integer().map(String),
);

const hostileKey = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'from', 'text', 'id', '', ' from', 'FROM', 'text\u0000'), shortHostileString);

/** Any JSON value with hostile leaves. */
export const hostileJson: fc.Arbitrary<JsonNode> = fc.letrec<{ node: JsonNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: hostileString.map(str), weight: 6 },
    { arbitrary: hugeNumber.map((raw) => ({ raw })), weight: 2 },
    { arbitrary: fc.constantFrom('true', 'false', 'null').map((raw) => ({ raw })), weight: 1 },
    { arbitrary: fc.array(tie('node'), { maxLength: 4 }).map((arr) => ({ arr })), weight: 1 },
    { arbitrary: fc.array(fc.tuple(hostileKey, tie('node')), { maxLength: 4 }).map((obj) => ({ obj })), weight: 1 },
    { arbitrary: fc.constant({ obj: [['__proto__', { obj: [['isAdmin', { raw: 'true' }]] }]] } as JsonNode), weight: 1 },
  ),
})).node;

/**
 * An object of the shape a route expects (`fields`, each a good value or a hostile one), with extra
 * hostile keys now and then. `good` gives realistic values per field so most cases pass validation.
 */
export function shapedBody(fields: Record<string, fc.Arbitrary<JsonNode>>): fc.Arbitrary<JsonNode> {
  const entries = Object.entries(fields).map(([key, good]) =>
    fc.oneof({ arbitrary: good.map((v) => [[key, v]] as [string, JsonNode][]), weight: 5 }, { arbitrary: hostileJson.map((v) => [[key, v]] as [string, JsonNode][]), weight: 2 }, { arbitrary: fc.constant([] as [string, JsonNode][]), weight: 1 }),
  );
  return fc
    .tuple(fc.tuple(...entries), fc.array(fc.tuple(hostileKey, hostileJson), { maxLength: 2 }), fc.boolean())
    .map(([parts, extra, extraFirst]) => ({ obj: extraFirst ? [...extra, ...parts.flat()] : [...parts.flat(), ...extra] }));
}

/** Bytes that are not JSON, or not quite. */
export const invalidJsonBody: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom('', '{', '{"from":', '{"from":"a",}', "{'from':'a'}", '{"a":NaN}', '{"a":undefined}', '[1,2', '"just a string"', '42', 'null', 'true', '\ufeff{}', '{"a":"\\ud800"}', '{"a":"\\x00"}', '{"a":1}{"b":2}', '{"a"\u0000:1}').map((s) => Buffer.from(s, 'utf8')),
  fc.constantFrom([0xc0, 0x80], [0xed, 0xa0, 0x80], [0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00], [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x28, 0xa1, 0x22, 0x7d]).map((b) => Buffer.from(b)),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
  fc.integer({ min: 1, max: 60_000 }).map((depth) => Buffer.from(`${'['.repeat(depth)}${']'.repeat(depth)}`)),
);

// -------------------------------------------------------------------------- realistic orders

const seed = readSeedData();
export const SEED_IDENTITIES = seed.identities.map((i) => i.address);
/** The seeded contacts of each reseller (several contacts of one reseller share its balance and credit). */
export const CONTACTS_BY_RESELLER: string[][] = [...new Set(seed.identities.map((i) => i.customer_id))].map((id) => seed.identities.filter((i) => i.customer_id === id).map((i) => i.address));
export const CATALOGUE = seed.catalogue;

/** The way resellers name a region: its name or one of its aliases, in any case. */
const regionWord = fc.constantFrom(...seed.regions.flatMap((r) => [r.name, ...r.aliases]));

const quantity = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 60 }), weight: 6 },
  { arbitrary: fc.integer({ min: 61, max: 5000 }), weight: 2 },
  { arbitrary: fc.constantFrom(0, -3, 1_000_000, 2_147_483_648, 9_007_199_254_740_993), weight: 1 },
);

const regionWords = new Map(seed.regions.map((r) => [r.region_code, [r.name, ...r.aliases]]));

/** One catalogue product as a reseller names it: its SKU, or its region (name or alias), data and days in one of four languages. */
const productText: fc.Arbitrary<{ text: string; style: string }> = fc
  .tuple(fc.constantFrom(...CATALOGUE), fc.nat(), fc.constantFrom('en', 'zh', 'es', 'pt', 'sku'))
  .map(([p, pick, style]) => {
    const words = regionWords.get(p.region_code) ?? [p.region_code];
    const region = words[pick % words.length]!;
    const gb = p.data_gb === null ? 'unlimited' : `${p.data_gb}GB`;
    switch (style) {
      case 'zh': return { style, text: `${region} ${p.data_gb === null ? '无限' : `${p.data_gb}G`} ${p.validity_days}天` };
      case 'es': return { style, text: `${region} ${gb} ${p.validity_days} días` };
      case 'pt': return { style, text: `${region} ${gb} ${p.validity_days} dias` };
      case 'sku': return { style, text: p.sku };
      default: return { style, text: `${region} ${gb} ${p.validity_days} days` };
    }
  });

/** One order line as a reseller types it ("need 50 Japan 10GB 15 days", "日本 10G 15天 500张", "ESIM-JP-1GB-7D x 2"), or a vaguer one. */
export const orderLineText: fc.Arbitrary<string> = fc.oneof(
  {
    arbitrary: fc.tuple(productText, quantity).map(([{ text, style }, q]) => {
      if (style === 'zh') return `${text} ${q}张`;
      if (style === 'es') return `necesito ${q} ${text}`;
      if (style === 'pt') return `quero ${q} ${text}`;
      return `${text} x ${q}`;
    }),
    weight: 4,
  },
  {
    arbitrary: fc.tuple(regionWord, fc.option(fc.constantFrom(1, 3, 5, 10, 20, 50)), fc.option(fc.constantFrom(7, 15, 30)), quantity).map(
      ([region, gb, days, q]) => `${region}${gb === null ? '' : ` ${gb}GB`}${days === null ? '' : ` ${days} days`} x ${q}`,
    ),
    weight: 1,
  },
);

const lead = fc.constantFrom('', 'Hi, ', 'need ', 'how much for ', 'price for ', 'please quote ', '我要 ', 'hola, ', 'olá, ', 'order: ');
const confirmWord = fc.constantFrom(...WORDS.confirm);
const otherWord = fc.constantFrom(...WORDS.cancel, ...WORDS.status, ...WORDS.balance, ...WORDS.human, ...WORDS.complaint, ...WORDS.injection);

/** A message a reseller could send: an order, a confirmation, a question, or something hostile. */
export const resellerText: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.tuple(lead, orderLineText).map(([l, line]) => l + line), weight: 5 },
  { arbitrary: fc.tuple(lead, fc.array(orderLineText, { minLength: 2, maxLength: 4 }), fc.constantFrom('\n', ', ', ' and ', '\n- ')).map(([l, lines, sep]) => l + lines.join(sep)), weight: 2 },
  { arbitrary: fc.tuple(confirmWord, fc.constantFrom('', '!', ' please', ' 👍', '.', ' go ahead')).map(([w, tail]) => w + tail), weight: 5 },
  { arbitrary: fc.tuple(otherWord, fc.option(fc.integer({ min: 1, max: 30 }))).map(([w, n]) => (n === null ? w : `${w} ORD-${String(n).padStart(6, '0')}`)), weight: 2 },
  { arbitrary: fc.tuple(orderLineText, confirmWord).map(([line, yes]) => `${line} ${yes}`), weight: 1 },
  { arbitrary: fc.tuple(productText, quantity, quantity).map(([{ text }, a, b]) => `${text} x ${a}\n${text} x ${b}`), weight: 1 }, // one product on two lines
  { arbitrary: fc.tuple(regionWord, fc.integer({ min: 2, max: 4000 })).map(([w, n]) => `${w} `.repeat(n).trim()), weight: 1 },
  { arbitrary: fc.array(orderLineText, { minLength: 11, maxLength: 400 }).map((lines) => lines.join('\n')), weight: 1 },
  { arbitrary: hostileString.filter((s) => s.length <= 20_000), weight: 3 },
  { arbitrary: fc.tuple(orderLineText, shortHostileString, confirmWord).map((parts) => parts.join(' ')), weight: 1 },
);

/** Is `text` confirmation-like (a confirm word of the vocabulary, as a whole word)? Checked independently of the parser. */
export function looksLikeConfirmation(text: string): boolean {
  const lower = text.normalize('NFKC').toLowerCase();
  return WORDS.confirm.some((word) => {
    if (/[\u3000-\u9fff]/.test(word)) return lower.includes(word);
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'u').test(lower);
  });
}

/** Shortens long strings inside a value for a report (the full value goes to the failure file). */
export function summarise(value: unknown, max = 160): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'string' && v.length > max) return `${v.slice(0, max / 2)}…<${v.length} chars>…${v.slice(-20)}`;
    if (Buffer.isBuffer(v) || v instanceof Uint8Array) return `<${v.length} bytes: ${Buffer.from(v).subarray(0, 48).toString('hex')}${v.length > 48 ? '…' : ''}>`;
    if (v && typeof v === 'object' && (v as { type?: string }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data)) {
      const data = (v as { data: number[] }).data;
      return `<${data.length} bytes: ${Buffer.from(data.slice(0, 48)).toString('hex')}${data.length > 48 ? '…' : ''}>`;
    }
    if (typeof v === 'bigint') return `${v}n`;
    return v;
  });
}
