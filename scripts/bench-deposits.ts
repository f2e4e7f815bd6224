// npm run bench:deposits [-- --engine postgres|pglite --entries 10000 --awaiting 3800 --history 4000 --keep --sql-profile]
//
// Issue 12's benchmark: ONE camt.053 (001.08) bank statement file of 10,000 entries imported into
// a database with thousands of open orders, timed the way a finance person runs it (`esim-hub
// deposits import FILE`, wall time of the command: what they wait for) and in-process
// (importBankFile), then the same file again (an idempotent re-import). Prints entries per second
// and the summary; the goal is above 1,000 entries/s on the 2-core development machine.
//
// The database: the seed (20 resellers), a conversation per contact, thousands of orders waiting
// for payment (prepaid, with their quotes and lines as confirmQuote writes them), delivered
// postpaid orders not yet paid (up to each reseller's credit limit, booked in the ledger), open
// quotes, a delivered order history with its ledger entries, some prepaid balances, payer accounts
// and names staff confirmed earlier, and yesterday's statement already imported (it overlaps
// today's). The file: credits naming an order or a quote as people type them, reseller ids,
// known payers paying an open order's amount, unknown payers (for staff), references to nothing,
// partial payments and their rest, payments in another currency (only where an FX rate exists),
// debits, pending entries, two batch entries and three reversals.
//
// PostgreSQL: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/postgres), two
// scratch databases (one for the command, a copy for the in-process run), dropped at the end.
// --engine pglite: the embedded database in a temporary DATA_DIR served by this process, which
// the command attaches to as it does to a running bot; the folders are removed at the end.
// BENCH_IMPORT_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the command's node.
// --sql-profile prints the in-process import's statements by total time; --in-process-only skips
// the command (for profiling).

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { connect, openDatabase } from '../bot/db/database';
import { startEmbeddedServer, type EmbeddedServer } from '../bot/db/embedded-server';
import { migrate } from '../bot/db/migrate';
import { seed } from '../bot/db/seed';
import { inputHash } from '../bot/ledger/ledger-store';
import { accessToken } from '../bot/orders/references';
import { CatalogueCache, type CatalogueSnapshot } from '../bot/pipeline/catalogue-cache';
import { importBankFile, summaryLine, type ImportSummary } from '../bot/settlement/import-bank-file';
import { accountKey, type AccountDefinition, type RevenueChannel } from '../domain/ledger/accounts';
import type { EntryDraft } from '../domain/ledger/entry';
import * as events from '../domain/ledger/events';
import { formatMinorAsDecimal } from '../domain/money';
import { convertFromUsd, convertToUsd, formatFxRate, pickFxRate } from '../domain/pricing/fx';
import { buildQuote, type BuiltQuote } from '../domain/pricing/quote';
import { foldPayerAccount, foldPayerName } from '../domain/settlement/references';
import { camt053, type CamtEntry, type CamtStatement, type CamtTransaction } from '../test/support/camt053-files';
import { auditLedger } from '../test/support/ledger-auditor';

const ROOT = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'postgres' },
    entries: { type: 'string', default: '10000' },
    awaiting: { type: 'string', default: '3800' },
    history: { type: 'string', default: '4000' },
    keep: { type: 'boolean', default: false },
    'sql-profile': { type: 'boolean', default: false },
    'in-process-only': { type: 'boolean', default: false },
  },
});
if (values.engine !== 'postgres' && values.engine !== 'pglite') throw new Error('--engine must be postgres or pglite');
const ENGINE = values.engine;
const ENTRIES = Number(values.entries);
const AWAITING = Number(values.awaiting);
const HISTORY = Number(values.history);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
/** DEPOSIT_TOLERANCE_USD's default (20), as the command uses it. */
const TOLERANCE_USD_MINOR = 2000;
const NOW = Date.now();
/** The data's clock: orders and quotes are dated before this (the statement's days and the seed's FX rates are fixed too), so every run builds the same database and file. */
const DATA_NOW = Date.parse('2026-11-27T08:00:00Z');
/** Today's statement covers the last two weeks' working days; the FX rates run to 2026-11-23. */
const BOOKING_DAYS = ['2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26'];
const OUR_ACCOUNTS: Record<string, string> = { EUR: 'DE89370400440532013000', USD: 'DE75512108001245126199', CNY: 'GB33BUKB20201555555555', THB: 'GB94BARC10201530093459' };

// ------------------------------------------------------------------ a repeatable random

function generator(seedValue: number): () => number {
  let a = seedValue >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(20261127);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
const chance = (p: number) => random() < p;
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
function weighted<T>(xs: readonly T[], weight: (x: T) => number): () => T {
  const cumulative: number[] = [];
  let total = 0;
  for (const x of xs) cumulative.push((total += weight(x)));
  return () => {
    const r = random() * total;
    return xs[cumulative.findIndex((c) => c > r)]!;
  };
}
function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}
const n = (x: number) => x.toLocaleString('en-US');

// ------------------------------------------------------------------ scratch databases

interface Scratch {
  label: string;
  /** Serves it (PGlite) and gives its URL. */
  open(): Promise<string>;
  close(): Promise<void>;
  /** A copy in the state it has now (closed first). */
  copy(tag: string): Promise<Scratch>;
  /** How `esim-hub` finds it. */
  childEnv(): Record<string, string | undefined>;
  drop(): Promise<void>;
}

const scratches: Scratch[] = [];
let admin: pg.Client | null = null;

async function adminQuery(text: string): Promise<void> {
  if (!admin) {
    admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
  }
  await admin.query(text);
}

function pgScratch(name: string): Scratch {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const scratch: Scratch = {
    label: name,
    open: async () => url.toString(),
    close: async () => undefined,
    async copy(tag) {
      const other = `${name.replace(/_[a-z]+$/, '')}_${tag}`;
      await adminQuery(`CREATE DATABASE ${other} TEMPLATE ${name}`);
      return track(pgScratch(other));
    },
    childEnv: () => ({ DATABASE_URL: url.toString() }),
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
  return scratch;
}

function pgliteScratch(dir: string): Scratch {
  let server: EmbeddedServer | null = null;
  const scratch: Scratch = {
    label: dir,
    async open() {
      server ??= await startEmbeddedServer({ dataDir: dir });
      return server.url;
    },
    async close() {
      await server?.stop();
      server = null;
    },
    async copy(tag) {
      await scratch.close();
      const other = fs.mkdtempSync(path.join(os.tmpdir(), `esimhub-bench-deposits-${tag}-`));
      fs.cpSync(dir, other, { recursive: true });
      return track(pgliteScratch(other));
    },
    // As next to a running bot: the command finds the server through DATA_DIR's lock file.
    childEnv: () => ({ DATA_DIR: dir, DATABASE_URL: undefined }),
    async drop() {
      await scratch.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return scratch;
}

function track(scratch: Scratch): Scratch {
  scratches.push(scratch);
  return scratch;
}

async function createScratch(): Promise<Scratch> {
  if (ENGINE === 'postgres') {
    const name = `esimhub_bench_deposits_${NOW}_a`;
    await adminQuery(`CREATE DATABASE ${name}`);
    return track(pgScratch(name));
  }
  return track(pgliteScratch(fs.mkdtempSync(path.join(os.tmpdir(), 'esimhub-bench-deposits-a-'))));
}

// ------------------------------------------------------------------ the database

interface Conversation {
  id: number;
  channel: RevenueChannel;
  key: string;
}

interface Reseller {
  id: string;
  company: string;
  legalEntity: string;
  country: string;
  currency: string;
  tier: 'tier_1' | 'tier_2' | 'tier_3';
  accountType: 'prepaid' | 'postpaid';
  creditLimitUsdMinor: number;
  volume: number;
  iban: string;
  conversations: Conversation[];
}

type OrderKind = 'awaiting' | 'postpaid_open' | 'history' | 'open_quote';

interface OrderSpec {
  kind: OrderKind;
  reseller: Reseller;
  conversation: Conversation;
  quote: BuiltQuote;
  createdAt: Date;
  quoteId: number;
  quoteRef: string;
  /** No order for an open quote. */
  orderId: number | null;
  orderRef: string | null;
}

interface Population {
  resellers: Reseller[];
  orders: OrderSpec[];
  /** Resellers whose payer account (and maybe name) staff confirmed earlier. */
  knownPayers: Set<string>;
  catalogue: CatalogueSnapshot;
  journalEntries: number;
}

const ref6 = (prefix: 'Q-' | 'ORD-', id: number) => `${prefix}${String(id).padStart(6, '0')}`;

function ibanFor(country: string, i: number): string {
  const digits = String(1_000_000_000_000 + i * 7_919_117).padStart(16, '0');
  return `${country}${String(10 + (i % 89)).padStart(2, '0')}${digits}`;
}

async function insertRows(pool: pg.Pool, sql: string, columns: unknown[][], chunk = 2000): Promise<void> {
  const rows = columns[0]!.length;
  for (let from = 0; from < rows; from += chunk) await pool.query(sql, columns.map((c) => c.slice(from, from + chunk)));
}

async function insertLedger(pool: pg.Pool, drafts: EntryDraft[]): Promise<void> {
  const definitions = new Map<string, AccountDefinition>();
  for (const d of drafts) for (const p of d.postings) definitions.set(accountKey(p.account.code, p.account.currency), p.account);
  const defs = [...definitions.values()];
  await pool.query(
    `INSERT INTO ledger_accounts (code, currency, type, name, customer_id, debits_must_not_exceed_credits, credits_must_not_exceed_debits)
     SELECT * FROM unnest($1::text[], $2::text[], $3::"LedgerAccountType"[], $4::text[], $5::text[], $6::boolean[], $7::boolean[]) ON CONFLICT (code, currency) DO NOTHING`,
    [defs.map((d) => d.code), defs.map((d) => d.currency), defs.map((d) => d.type), defs.map((d) => d.name), defs.map((d) => d.customerId), defs.map((d) => d.debitsMustNotExceedCredits), defs.map((d) => d.creditsMustNotExceedDebits)],
  );
  const ids = new Map((await pool.query<{ id: number; code: string; currency: string }>(`SELECT id, code, currency FROM ledger_accounts`)).rows.map((r) => [accountKey(r.code, r.currency), r.id]));
  for (let from = 0; from < drafts.length; from += 1000) {
    const chunk = drafts.slice(from, from + 1000);
    const entered = await pool.query<{ id: string; idempotency_key: string }>(
      `INSERT INTO journal_entries (idempotency_key, input_hash, kind, description, occurred_at, order_id, customer_id, channel)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::int[], $7::text[], $8::"Channel"[]) RETURNING id::text, idempotency_key`,
      [chunk.map((d) => d.idempotencyKey), chunk.map(inputHash), chunk.map((d) => d.kind), chunk.map((d) => d.description), chunk.map((d) => d.occurredAt), chunk.map((d) => d.orderId ?? null), chunk.map((d) => d.customerId ?? null), chunk.map((d) => d.channel ?? null)],
    );
    const entryId = new Map(entered.rows.map((r) => [r.idempotency_key, r.id]));
    const postings = chunk.flatMap((d) => d.postings.map((p) => ({ entry: entryId.get(d.idempotencyKey)!, account: ids.get(accountKey(p.account.code, p.account.currency))!, p })));
    await pool.query(
      `INSERT INTO postings (entry_id, account_id, currency, amount_minor, usd_minor) SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::bigint[], $5::bigint[])`,
      [postings.map((x) => x.entry), postings.map((x) => x.account), postings.map((x) => x.p.account.currency), postings.map((x) => String(x.p.amountMinor)), postings.map((x) => String(x.p.usdMinor))],
    );
  }
  // Prepaid balances keep a row (what postEntry locks and checks): the sums of their postings.
  await pool.query(
    `INSERT INTO account_balances (account_id, currency, debits_minor, credits_minor)
     SELECT a.id, a.currency, coalesce(sum(p.amount_minor) FILTER (WHERE p.amount_minor > 0), 0), coalesce(-sum(p.amount_minor) FILTER (WHERE p.amount_minor < 0), 0)
     FROM ledger_accounts a JOIN postings p ON p.account_id = a.id WHERE a.debits_must_not_exceed_credits OR a.credits_must_not_exceed_debits GROUP BY a.id, a.currency
     ON CONFLICT (account_id) DO UPDATE SET debits_minor = EXCLUDED.debits_minor, credits_minor = EXCLUDED.credits_minor`,
  );
}

const QUANTITIES = [1, 2, 3, 5, 5, 10, 10, 10, 15, 20, 20, 25, 30, 50, 50, 100];

function priceOrder(catalogue: CatalogueSnapshot, skus: string[], reseller: Reseller, day: string, smaller = false): BuiltQuote {
  for (;;) {
    const lineCount = chance(0.75) ? 1 : chance(0.8) ? 2 : 3;
    const lines = Array.from({ length: lineCount }, () => ({ sku: pick(skus), quantity: smaller ? between(1, 10) : pick(QUANTITIES) }));
    const built = buildQuote({ customer: reseller, lines, today: day, tierRows: catalogue.tierRows, overrides: catalogue.overrides, supplierCostMinor: catalogue.supplierCostMinor, fxRows: catalogue.fxRows });
    if (built.ok) return built.quote;
  }
}

async function populate(url: string): Promise<Population> {
  const { prisma, pool } = connect(url, 4);
  try {
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    await seed(prisma);
    const catalogue = await new CatalogueCache(prisma).get();

    const customers = (
      await pool.query<{ id: string; company: string; legal_entity: string; country: string; currency: string; tier: Reseller['tier']; account_type: Reseller['accountType']; credit_limit_minor: string; est_monthly_volume: number }>(
        `SELECT customer_id AS id, company, legal_entity, trim(country) AS country, currency, tier::text AS tier, account_type::text AS account_type,
                credit_limit_minor::text AS credit_limit_minor, est_monthly_volume FROM customers WHERE active ORDER BY customer_id`,
      )
    ).rows;
    // A conversation per contact, as the pipeline opens them (channel:address).
    const conversations = (
      await pool.query<{ id: number; channel: RevenueChannel; conversation_key: string; customer_id: string; role: string }>(
        `INSERT INTO conversations (channel, conversation_key, customer_id, channel_identity_id, state, last_message_at, updated_at)
         SELECT ci.channel, ci.channel::text || ':' || ci.address, ci.customer_id, ci.id,
                CASE WHEN c.account_type = 'prepaid' THEN 'awaiting_payment' ELSE 'idle' END::"ConversationState", now() - (ci.id || ' hours')::interval, now()
         FROM channel_identities ci JOIN customers c USING (customer_id) ORDER BY ci.id
         RETURNING id, channel::text AS channel, conversation_key, customer_id, (SELECT role::text FROM channel_identities WHERE id = channel_identity_id) AS role`,
      )
    ).rows;
    const resellers: Reseller[] = customers
      .map((c, i) => ({
        id: c.id,
        company: c.company,
        legalEntity: c.legal_entity,
        country: c.country,
        currency: c.currency,
        tier: c.tier,
        accountType: c.account_type,
        creditLimitUsdMinor: Number(c.credit_limit_minor),
        volume: c.est_monthly_volume,
        iban: ibanFor(c.country, i + 1),
        conversations: conversations.filter((v) => v.customer_id === c.id && v.role !== 'viewer').map((v) => ({ id: v.id, channel: v.channel, key: v.conversation_key })),
      }))
      .filter((r) => r.conversations.length > 0);
    const prepaid = resellers.filter((r) => r.accountType === 'prepaid');
    const postpaid = resellers.filter((r) => r.accountType === 'postpaid');
    const skus = [...catalogue.products.values()].filter((p) => p.type === 'esim').map((p) => p.sku).sort();
    const byVolume = (group: Reseller[]) => weighted(group, (r) => Math.sqrt(Math.max(r.volume, 25)));
    const prepaidPick = byVolume(prepaid);
    const anyPick = byVolume(resellers);

    const specs: Omit<OrderSpec, 'quoteId' | 'quoteRef' | 'orderId' | 'orderRef'>[] = [];
    const add = (kind: OrderKind, reseller: Reseller, agoMs: number, smaller = false) => {
      const createdAt = new Date(DATA_NOW - agoMs);
      specs.push({ kind, reseller, conversation: pick(reseller.conversations), quote: priceOrder(catalogue, skus, reseller, createdAt.toISOString().slice(0, 10), smaller), createdAt });
    };
    // Delivered orders paid from a prepaid balance (10 to 55 days ago): the ledger's history.
    for (let i = 0; i < HISTORY; i += 1) add('history', prepaidPick(), between(10 * 24, 55 * 24) * 3_600_000);
    // Delivered postpaid orders not yet paid, up to 90% of each reseller's credit limit.
    for (const reseller of postpaid) {
      let owed = 0;
      for (;;) {
        add('postpaid_open', reseller, between(1 * 24, 50 * 24) * 3_600_000, true);
        owed += specs[specs.length - 1]!.quote.totalUsdMinor;
        if (owed > reseller.creditLimitUsdMinor * 0.9) {
          specs.pop();
          break;
        }
      }
    }
    // Prepaid orders waiting for the transfer (the last 12 days), and quotes not yet confirmed.
    for (let i = 0; i < AWAITING; i += 1) add('awaiting', prepaidPick(), between(2, 12 * 24) * 3_600_000);
    for (let i = 0; i < 250; i += 1) add('open_quote', anyPick(), between(1, 20) * 3_600_000);
    specs.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());

    const quoteStart = Number((await pool.query(`SELECT coalesce(max(id), 0) + 1 AS n FROM quotes`)).rows[0].n);
    const orderStart = Number((await pool.query(`SELECT coalesce(max(id), 0) + 1 AS n FROM orders`)).rows[0].n);
    let nextOrder = orderStart;
    const orders: OrderSpec[] = specs.map((s, i) => {
      const orderId = s.kind === 'open_quote' ? null : nextOrder++;
      return { ...s, quoteId: quoteStart + i, quoteRef: ref6('Q-', quoteStart + i), orderId, orderRef: orderId === null ? null : ref6('ORD-', orderId) };
    });

    const iso = (d: Date) => d.toISOString();
    await insertRows(
      pool,
      `INSERT INTO quotes (id, reference, customer_id, conversation_id, status, currency, fx_units_per_usd, fx_rate_date, total_usd_minor, total_minor, priced_on, expires_at, created_at, updated_at)
       SELECT u.id, u.reference, u.customer_id, u.conversation_id, u.status, u.currency, u.fx, u.fx_date, u.usd, u.total, u.priced_on, u.expires_at, u.created_at, u.created_at
       FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::"QuoteStatus"[], $6::text[], $7::numeric[], $8::date[], $9::bigint[], $10::bigint[], $11::date[], $12::timestamptz[], $13::timestamptz[])
         AS u(id, reference, customer_id, conversation_id, status, currency, fx, fx_date, usd, total, priced_on, expires_at, created_at)`,
      [
        orders.map((o) => o.quoteId), orders.map((o) => o.quoteRef), orders.map((o) => o.reseller.id), orders.map((o) => o.conversation.id),
        orders.map((o) => (o.kind === 'open_quote' ? 'open' : 'confirmed')), orders.map((o) => o.quote.currency), orders.map((o) => formatFxRate(o.quote.unitsPerUsdScaled)),
        orders.map((o) => o.quote.fxRateDate), orders.map((o) => String(o.quote.totalUsdMinor)), orders.map((o) => String(o.quote.totalMinor)),
        orders.map((o) => iso(o.createdAt).slice(0, 10)), orders.map((o) => iso(new Date(o.createdAt.getTime() + (o.kind === 'open_quote' ? 48 : 24) * 3_600_000))), orders.map((o) => iso(o.createdAt)),
      ],
    );
    const quoteLines = orders.flatMap((o) => o.quote.lines.map((l) => ({ o, l })));
    await insertRows(
      pool,
      `INSERT INTO quote_lines (quote_id, sku, quantity, unit_price_usd_minor, line_total_usd_minor, unit_price_minor, line_total_minor, price_source, pricing_decision)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[], $9::jsonb[])`,
      [
        quoteLines.map((x) => x.o.quoteId), quoteLines.map((x) => x.l.sku), quoteLines.map((x) => x.l.quantity), quoteLines.map((x) => String(x.l.decision.unitPriceMinor)),
        quoteLines.map((x) => String(x.l.decision.lineTotalMinor)), quoteLines.map((x) => String(x.l.unitPriceMinor)), quoteLines.map((x) => String(x.l.lineTotalMinor)),
        quoteLines.map((x) => x.l.decision.source), quoteLines.map((x) => JSON.stringify(x.l.decision)),
      ],
    );
    const placed = orders.filter((o) => o.orderId !== null);
    const deliveredAt = (o: OrderSpec) => iso(new Date(o.createdAt.getTime() + 40_000));
    await insertRows(
      pool,
      `INSERT INTO orders (id, reference, customer_id, quote_id, conversation_id, channel, conversation_key, status, payment_method, currency, total_usd_minor, total_minor,
                           is_trial, access_token, created_at, updated_at, paid_at, delivered_at)
       SELECT u.id, u.reference, u.customer_id, u.quote_id, u.conversation_id, u.channel, u.conversation_key, u.status, u.payment_method, u.currency, u.usd, u.total,
              false, u.token, u.created_at, coalesce(u.delivered_at, u.created_at), u.paid_at, u.delivered_at
       FROM unnest($1::int[], $2::text[], $3::text[], $4::int[], $5::int[], $6::"Channel"[], $7::text[], $8::"OrderStatus"[], $9::"PaymentMethod"[], $10::text[], $11::bigint[], $12::bigint[],
                   $13::text[], $14::timestamptz[], $15::timestamptz[], $16::timestamptz[])
         AS u(id, reference, customer_id, quote_id, conversation_id, channel, conversation_key, status, payment_method, currency, usd, total, token, created_at, paid_at, delivered_at)`,
      [
        placed.map((o) => o.orderId), placed.map((o) => o.orderRef), placed.map((o) => o.reseller.id), placed.map((o) => o.quoteId), placed.map((o) => o.conversation.id),
        placed.map((o) => o.conversation.channel), placed.map((o) => o.conversation.key), placed.map((o) => (o.kind === 'awaiting' ? 'awaiting_payment' : 'delivered')),
        placed.map((o) => (o.kind === 'awaiting' ? null : o.kind === 'history' ? 'prepaid' : 'postpaid')), placed.map((o) => o.quote.currency),
        placed.map((o) => String(o.quote.totalUsdMinor)), placed.map((o) => String(o.quote.totalMinor)), placed.map(() => accessToken()), placed.map((o) => iso(o.createdAt)),
        placed.map((o) => (o.kind === 'awaiting' ? null : iso(new Date(o.createdAt.getTime() + 2_000)))), placed.map((o) => (o.kind === 'awaiting' ? null : deliveredAt(o))),
      ],
    );
    const orderLines = placed.flatMap((o) => o.quote.lines.map((l) => ({ o, l })));
    await insertRows(
      pool,
      `INSERT INTO order_lines (order_id, sku, quantity, quantity_delivered, unit_price_usd_minor, line_total_usd_minor, supplier_cost_minor)
       SELECT * FROM unnest($1::int[], $2::text[], $3::int[], $4::int[], $5::bigint[], $6::bigint[], $7::bigint[])`,
      [
        orderLines.map((x) => x.o.orderId), orderLines.map((x) => x.l.sku), orderLines.map((x) => x.l.quantity), orderLines.map((x) => (x.o.kind === 'awaiting' ? 0 : x.l.quantity)),
        orderLines.map((x) => String(x.l.decision.unitPriceMinor)), orderLines.map((x) => String(x.l.decision.lineTotalMinor)),
        orderLines.map((x) => String(catalogue.supplierCostMinor.get(x.l.sku)!)),
      ],
    );
    await pool.query(`SELECT setval(pg_get_serial_sequence('quotes', 'id'), (SELECT max(id) FROM quotes))`);
    await pool.query(`SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders))`);

    // The ledger of what was delivered: prepaid top-ups that paid for the history (one per 20
    // orders), each order's hold and capture, postpaid charges, supplier costs; and some prepaid
    // balances left over from earlier transfers.
    const drafts: EntryDraft[] = [];
    const amount = (o: OrderSpec) => ({ customerId: o.reseller.id, currency: o.quote.currency, amountMinor: o.quote.totalMinor, usdMinor: o.quote.totalUsdMinor });
    const cost = (o: OrderSpec) => o.quote.lines.reduce((sum, l) => sum + l.quantity * catalogue.supplierCostMinor.get(l.sku)!, 0);
    for (const reseller of prepaid) {
      const history = placed.filter((o) => o.kind === 'history' && o.reseller === reseller);
      for (let from = 0; from < history.length; from += 20) {
        const chunk = history.slice(from, from + 20);
        const sum = (f: (o: OrderSpec) => number) => chunk.reduce((s, o) => s + f(o), 0);
        drafts.push(events.prepaidTopUp({ customerId: reseller.id, currency: reseller.currency, amountMinor: sum((o) => o.quote.totalMinor), usdMinor: sum((o) => o.quote.totalUsdMinor) }, `HIST-${reseller.id}-${from / 20 + 1}`, iso(new Date(chunk[0]!.createdAt.getTime() - 3_600_000))));
      }
      if (chance(0.4)) {
        const fx = pickFxRate(catalogue.fxRows, reseller.currency, '2026-11-13');
        const usd = between(2, 15) * 10_000;
        drafts.push(events.prepaidTopUp({ customerId: reseller.id, currency: reseller.currency, amountMinor: fx.ok ? convertFromUsd(usd, reseller.currency, fx.unitsPerUsdScaled) : usd, usdMinor: usd }, `EARLIER-${reseller.id}`, '2026-11-13T10:00:00.000Z'));
      }
    }
    for (const o of placed) {
      if (o.kind === 'history') {
        drafts.push(events.prepaidHold(amount(o), o.orderRef!, iso(new Date(o.createdAt.getTime() + 2_000)), o.orderId!));
        drafts.push(events.prepaidCapture(amount(o), o.conversation.channel, o.orderRef!, deliveredAt(o), o.orderId!));
      } else if (o.kind === 'postpaid_open') {
        drafts.push(events.postpaidCharge(amount(o), o.conversation.channel, o.orderRef!, deliveredAt(o), o.orderId!));
      } else continue;
      drafts.push(events.supplierCost(cost(o), o.orderRef!, deliveredAt(o), o.orderId!));
    }
    await insertLedger(pool, drafts);

    // Payer accounts (and some names) staff confirmed on earlier matches, for most resellers.
    const knownPayers = new Set(resellers.filter(() => chance(0.7)).map((r) => r.id));
    const aliases = [...knownPayers].flatMap((id) => {
      const r = resellers.find((x) => x.id === id)!;
      return [{ kind: 'account', value: foldPayerAccount(r.iban), id }, ...(chance(0.5) ? [{ kind: 'name', value: foldPayerName(r.legalEntity), id }] : [])];
    });
    await pool.query(`INSERT INTO payer_aliases (kind, value, customer_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`, [aliases.map((a) => a.kind), aliases.map((a) => a.value), aliases.map((a) => a.id)]);
    await pool.query('ANALYZE');
    return { resellers, orders, knownPayers, catalogue, journalEntries: drafts.length };
  } finally {
    await prisma.$disconnect();
    await pool.end();
  }
}

// ------------------------------------------------------------------ the statement file

interface Planned {
  entry: CamtEntry;
  /** Partial payments' rest and reversals: after what they follow. */
  last?: boolean;
  /** Also in yesterday's statement (imported before the timed run). */
  overlap?: boolean;
}

interface StatementFile {
  xml: string;
  yesterday: string;
  entries: number;
  overlapping: number;
  mix: Record<string, number>;
}

function typedOrder(ref: string): string {
  const id = Number(ref.slice(4));
  const p6 = String(id).padStart(6, '0');
  const forms = [ref, `ORD ${p6}`, `Order ${p6}`, `ORD${p6}`, `ord ${p6.slice(0, 3)} ${p6.slice(3)}`, `ORD-${id}`, `Order#${p6}`];
  if (id >= 1000) forms.push(`ord ${id}`, `ord.${id}`, `order no. ${id}`, `ORDER ${id}`);
  return pick(forms);
}

function typedQuote(ref: string): string {
  const id = Number(ref.slice(2));
  const p6 = String(id).padStart(6, '0');
  const forms = [ref, `Q${p6}`, `q ${p6.slice(0, 3)} ${p6.slice(3)}`, `Quote no. ${p6}`, `QUOTE#${p6}`, `quote ${p6}`];
  if (id >= 1000) forms.push(`Q ${id}`, `q${id}`, `quote ${id}`);
  return pick(forms);
}

function typedCustomer(id: string): string {
  const digits = id.slice(4);
  return pick([id, `b2b${digits}`, `B2B ${Number(digits)}`, `b2b-${Number(digits)}`, `B2B${digits}`, `customer ${id}`, `Kunde ${id}`]);
}

const PAYING = ['', '', 'payment ', 'pago ', 'Zahlung ', 'pagamento ', '付款 ', 'ชำระเงิน ', 'transfer ', 'INV/', 'Remittance: '];
const AFTER = ['', '', '', ' thanks', ' eSIM', ' prepayment', ' / top up', ' SIM cards'];
const UNKNOWN_PAYERS = ['Hotel Sakura Osaka', 'M. Fernandez', 'Travelnet GmbH', 'PayPal Europe S.a r.l.', 'Stripe Payments Europe Ltd', 'Sunny Tours Co', 'J. Smith', 'Cheng Wei',
  'Global Roam FZE', 'Agencia Sol y Mar', 'Nordic Nomads AB', 'Kaufmann Reisen', 'Amadeus IT Group', 'Tran Van Hai', 'Lee Min-jun', 'Booking Partners BV'];
const UNKNOWN_TEXTS = ['Invoice 2026-118', 'Rechnung 88231', 'Q3 2026 settlement', 'refund', 'transfer', 'payout 2611', 'sim cards', 'deposit', 'commission Oct', 'booking 55213', ''];

function buildStatementFile(pop: Population): StatementFile {
  const fx = pop.catalogue.fxRows;
  const planned: Planned[] = [];
  const mix: Record<string, number> = {};
  const count = (what: string, k = 1) => (mix[what] = (mix[what] ?? 0) + k);
  let serial = 0;
  const bankRef = () => `2611${String(++serial).padStart(8, '0')}`;
  const inCurrency = (minor: number, from: string, to: string, day: string): number | null => {
    if (from === to) return minor;
    const a = pickFxRate(fx, from, day);
    const b = pickFxRate(fx, to, day);
    if (!a.ok || !b.ok) return null;
    return convertFromUsd(convertToUsd(minor, from, a.unitsPerUsdScaled), to, b.unitsPerUsdScaled);
  };
  const payerOf = (r: Reseller) => ({ name: chance(0.85) ? r.legalEntity : r.company, iban: r.iban });
  const credit = (amountMinor: number, currency: string, remittance: string, payer: { name: string; iban?: string }, options: { structured?: boolean; day?: string; e2e?: boolean } = {}): CamtEntry => {
    const reference = bankRef();
    const day = options.day ?? pick(BOOKING_DAYS);
    const tx: CamtTransaction = { endToEndId: options.e2e || chance(0.6) ? `E2E${reference}` : undefined, debtorName: payer.name, debtorIban: payer.iban };
    if (options.structured) tx.creditorRef = remittance;
    else if (remittance) tx.ustrd = [remittance];
    return { amount: formatMinorAsDecimal(amountMinor, currency), currency, bookingDate: day, valueDate: day, acctSvcrRef: reference, transactions: [tx] };
  };
  /** Paid in the reseller's currency, or now and then in another one at the value date's rate. */
  const paid = (minor: number, r: Reseller, day: string): { minor: number; currency: string } => {
    if (chance(0.05)) {
      const other = pick(['USD', 'EUR', 'CNY', 'THB'].filter((c) => c !== r.currency));
      const converted = inCurrency(minor, r.currency, other, day);
      if (converted !== null && converted > 0) return { minor: converted, currency: other };
    }
    return { minor, currency: r.currency };
  };
  const wrap = (reference: string) => `${pick(PAYING)}${reference}${pick(AFTER)}`;
  /** The fixed parts of the mix scale with --entries (sized for 10,000). */
  const scaled = (k: number) => Math.round((k * ENTRIES) / 10_000);
  const reversible: Planned[] = [];

  const awaiting = shuffle(pop.orders.filter((o) => o.kind === 'awaiting'));
  const postpaidOpen = shuffle(pop.orders.filter((o) => o.kind === 'postpaid_open'));
  const openQuotes = pop.orders.filter((o) => o.kind === 'open_quote');
  // Known payers pay one of their newest open orders without a reference (rule 3): kept apart.
  const newest = (list: OrderSpec[]) => {
    const byReseller = new Map<string, OrderSpec[]>();
    for (const o of list) if (pop.knownPayers.has(o.reseller.id)) byReseller.set(o.reseller.id, [...(byReseller.get(o.reseller.id) ?? []), o]);
    return [...byReseller.values()].flatMap((os) => os.sort((a, b) => b.orderId! - a.orderId!).slice(0, 30));
  };
  const ruleThree = new Set([...shuffle(newest(awaiting)).slice(0, scaled(300)), ...shuffle(newest(postpaidOpen)).slice(0, scaled(100))]);
  const namedAwaiting = awaiting.filter((o) => !ruleThree.has(o));
  const namedPostpaid = postpaidOpen.filter((o) => !ruleThree.has(o));

  // 1. An order reference (prepaid, waiting): exact mostly, some partial (their rest comes later), some more.
  const byQuoteRef = scaled(600);
  const byOrderRef = Math.min(namedAwaiting.length - byQuoteRef, scaled(2700));
  for (const o of namedAwaiting.slice(0, byOrderRef)) {
    const day = pick(BOOKING_DAYS);
    const total = o.quote.totalMinor;
    const partial = chance(0.08) && total > 200;
    const amount = partial ? Math.round(total * (0.4 + random() * 0.5)) : chance(0.05) ? total + between(1, 50) * 100 : total;
    const money = paid(amount, o.reseller, day);
    const structured = chance(0.1);
    planned.push({ entry: credit(money.minor, money.currency, structured ? o.orderRef! : wrap(typedOrder(o.orderRef!)), payerOf(o.reseller), { structured, day }) });
    count(money.currency === o.reseller.currency ? 'order reference' : 'order reference, another currency');
    if (partial) {
      planned.push({ entry: credit(total - amount, o.reseller.currency, `rest ${typedOrder(o.orderRef!)}`, payerOf(o.reseller), { day: '2026-11-26' }), last: true });
      count('rest of a partial payment');
    }
  }
  // 2. A quote reference (the order it became, or a quote not yet confirmed: a top-up).
  for (const o of namedAwaiting.slice(byOrderRef, byOrderRef + byQuoteRef)) {
    const day = pick(BOOKING_DAYS);
    const money = paid(o.quote.totalMinor, o.reseller, day);
    planned.push({ entry: credit(money.minor, money.currency, wrap(typedQuote(o.quoteRef)), payerOf(o.reseller), { day }) });
    count('quote reference');
  }
  for (const o of openQuotes.slice(0, scaled(250))) {
    planned.push({ entry: credit(o.quote.totalMinor, o.reseller.currency, wrap(typedQuote(o.quoteRef)), payerOf(o.reseller)) });
    count('quote reference, quote not confirmed');
  }
  // 3. Postpaid: what they owe, naming one order or two.
  for (let i = 0; i < Math.min(namedPostpaid.length, scaled(800)); i += 1) {
    const o = namedPostpaid[i]!;
    const next = namedPostpaid.slice(i + 1).find((x) => x.reseller === o.reseller);
    if (next && chance(0.1)) {
      planned.push({ entry: credit(o.quote.totalMinor + next.quote.totalMinor, o.reseller.currency, `${typedOrder(o.orderRef!)} ${typedOrder(next.orderRef!)}`, payerOf(o.reseller)) });
      count('postpaid, two order references');
    } else {
      const day = pick(BOOKING_DAYS);
      const money = paid(o.quote.totalMinor, o.reseller, day);
      planned.push({ entry: credit(money.minor, money.currency, wrap(typedOrder(o.orderRef!)), payerOf(o.reseller), { day }) });
      count('postpaid, order reference');
    }
  }
  // 4. A known payer account paying an open order's amount, no reference.
  for (const o of ruleThree) {
    planned.push({ entry: credit(o.quote.totalMinor, o.reseller.currency, pick(['payment', 'Zahlung', 'invoice', 'pago pedidos', '']), { name: o.reseller.legalEntity, iban: o.reseller.iban }) });
    count('known payer, amount of an open order');
  }
  // 5. Unknown payers: no reference at all; now and then the amount of some open order.
  for (let i = 0; i < scaled(1800); i += 1) {
    const currency = pick(['EUR', 'EUR', 'USD', 'USD', 'CNY', 'THB']);
    const sameCurrency = awaiting.filter((o) => o.reseller.currency === currency);
    const minor = chance(0.1) && sameCurrency.length > 0 ? pick(sameCurrency).quote.totalMinor : between(500, 400_000);
    const entry = credit(minor, currency, pick(UNKNOWN_TEXTS), { name: pick(UNKNOWN_PAYERS), iban: chance(0.7) ? ibanFor(pick(['DE', 'FR', 'NL', 'GB', 'ES']), 5000 + i) : undefined }, { e2e: i === 0 });
    planned.push({ entry });
    if (i === 0) reversible.push(planned[planned.length - 1]!);
    count('unknown payer');
  }
  // 6. References to nothing, or to two resellers at once.
  for (let i = 0; i < scaled(150); i += 1) {
    const r = pick(pop.resellers);
    const remittance = chance(0.6) ? `${typedOrder(ref6('ORD-', 900_000 + i))}` : `${typedCustomer(r.id)} ${typedCustomer(pick(pop.resellers.filter((x) => x !== r)).id)}`;
    planned.push({ entry: credit(between(1000, 90_000), r.currency, remittance, { name: pick(UNKNOWN_PAYERS) }) });
    count('unknown or ambiguous reference');
  }
  // 7. Debits, pending and information-only entries.
  for (let i = 0; i < scaled(150); i += 1) {
    const currency = pick(['EUR', 'USD', 'USD']);
    const entry = credit(between(100, 2_000_000), currency, pick(['Supplier payment eSIM Access', 'Bank fees 11/2026', 'Payroll', 'Card settlement fees', 'Rent']), { name: pick(['eSIM Access Ltd', 'Office Park GmbH', 'Staff']) });
    entry.direction = 'DBIT';
    entry.transactions = [{ ...entry.transactions![0]!, creditorName: entry.transactions![0]!.debtorName, debtorName: undefined, debtorIban: undefined }];
    planned.push({ entry });
    count('debit');
  }
  const pending = scaled(80);
  for (let i = 0; i < pending + 5; i += 1) {
    const o = pick(awaiting);
    const entry = credit(o.quote.totalMinor, o.reseller.currency, wrap(typedOrder(o.orderRef!)), payerOf(o.reseller), { day: '2026-11-26' });
    entry.status = i < pending ? 'PDNG' : 'INFO';
    planned.push({ entry });
    count(i < pending ? 'pending' : 'information only');
  }
  // 8. Two batch entries of five transactions each (a payment service collecting for several resellers).
  for (let b = 0; b < 2; b += 1) {
    const r = pick(pop.resellers.filter((x) => x.currency === 'USD' && x.accountType === 'prepaid'));
    const txs: CamtTransaction[] = Array.from({ length: 5 }, (_, t) => ({
      amount: formatMinorAsDecimal(between(100, 900) * 100, 'USD'),
      endToEndId: `BATCH${b}-${t}`,
      debtorName: t % 2 === 0 ? r.legalEntity : pick(UNKNOWN_PAYERS),
      ustrd: [t % 2 === 0 ? typedCustomer(r.id) : pick(UNKNOWN_TEXTS) || 'collection'],
    }));
    const total = txs.reduce((s, t) => s + Math.round(Number(t.amount) * 100), 0);
    planned.push({ entry: { amount: formatMinorAsDecimal(total, 'USD'), currency: 'USD', bookingDate: '2026-11-25', acctSvcrRef: bankRef(), transactions: txs } });
    count('batch entry (5 transactions)', 5);
  }

  // 9. Reseller ids: postpaid payments on account (they pay what they owe, not ten times more),
  // then prepaid top-ups, the rest up to the size asked.
  const round: Record<string, number[]> = { EUR: [200, 250, 300, 500, 750, 1000, 1500, 2000, 5000], USD: [200, 300, 500, 1000, 2000, 2500, 5000], CNY: [2000, 3000, 5000, 10000, 20000], THB: [10000, 20000, 50000, 100000] };
  const onAccount = (r: Reseller, text: string) => {
    // Two of them (a postpaid payment and a prepaid top-up) are reversed by the bank later in the file.
    const reversed = reversible.length < 3 && (reversible.length === 1 ? r.accountType === 'postpaid' : r.accountType === 'prepaid');
    planned.push({ entry: credit(pick(round[r.currency] ?? round.USD!) * 100, r.currency, text, payerOf(r), { e2e: reversed }) });
    if (reversed) reversible.push(planned[planned.length - 1]!);
    count('reseller id only');
  };
  const postpaid = pop.resellers.filter((r) => r.accountType === 'postpaid');
  for (let i = 0; i < scaled(60); i += 1) {
    const r = pick(postpaid);
    onAccount(r, `${typedCustomer(r.id)} ${pick(['payment on account', 'statement Oct', 'settlement', ''])}`.trim());
  }
  const fixed = planned.reduce((s, p) => s + (p.entry.transactions && p.entry.transactions.length > 1 ? p.entry.transactions.length : 1), 0) + 3; // + the reversals
  const topUpPick = weighted(pop.resellers.filter((r) => r.accountType === 'prepaid'), (r) => Math.sqrt(Math.max(r.volume, 25)));
  for (let i = fixed; i < ENTRIES; i += 1) {
    const r = topUpPick();
    onAccount(r, wrap(typedCustomer(r.id)));
  }
  // 10. Reversals of three earlier credits of this file (by their end-to-end id).
  for (const original of reversible) {
    const tx = original.entry.transactions![0]!;
    planned.push({
      entry: { amount: original.entry.amount, currency: original.entry.currency, direction: 'DBIT', reversal: true, bookingDate: '2026-11-26', acctSvcrRef: bankRef(), transactions: [{ endToEndId: tx.endToEndId, creditorName: tx.debtorName, ustrd: [`RETURN ${tx.ustrd?.[0] ?? ''}`] }] },
      last: true,
    });
    count('reversal of an earlier credit');
  }

  // The bank's order: by day, per account; yesterday's statement had 150 of these already.
  const ordered = shuffle(planned.filter((p) => !p.last));
  ordered.sort((a, b) => a.entry.bookingDate.localeCompare(b.entry.bookingDate));
  const all = [...ordered, ...planned.filter((p) => p.last)];
  const credits = ordered.filter((p) => (p.entry.direction ?? 'CRDT') === 'CRDT' && (p.entry.status ?? 'BOOK') === 'BOOK' && (p.entry.transactions?.length ?? 1) === 1 && p.entry.bookingDate <= '2026-11-24');
  for (const p of credits.slice(0, 150)) p.overlap = true;
  const statements = (which: Planned[], id: string): CamtStatement[] =>
    Object.entries(OUR_ACCOUNTS)
      .map(([currency, iban]) => ({ id: `${id}-${currency}`, iban, currency, entries: which.filter((p) => p.entry.currency === currency).map((p) => p.entry) }))
      .filter((s) => s.entries.length > 0);
  const parsedCount = all.reduce((s, p) => s + (p.entry.transactions && p.entry.transactions.length > 1 ? p.entry.transactions.length : 1), 0);
  return {
    xml: camt053('001.08', statements(all, 'STMT-20261126')),
    yesterday: camt053('001.08', statements(all.filter((p) => p.overlap), 'STMT-20261124')),
    entries: parsedCount,
    overlapping: all.filter((p) => p.overlap).length,
    mix,
  };
}

// ------------------------------------------------------------------ timing

interface Timed {
  seconds: number;
  summary: string;
  attention: number;
}

let running: ChildProcess | null = null;

function runCommand(env: Record<string, string | undefined>, file: string): Promise<Timed> {
  const nodeFlags = (process.env.BENCH_IMPORT_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, path.join(ROOT, 'bin', 'esim-hub.js'), 'deposits', 'import', file], { cwd: ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    running = child;
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      running = null;
      const seconds = (performance.now() - started) / 1000;
      const lines = out.split('\n').filter(Boolean);
      if (code !== 0 || !/^\d+ entries:/.test(lines[0] ?? '')) reject(new Error(`esim-hub deposits import exited with ${code}:\n${out.slice(0, 2000)}\n${err.slice(0, 4000)}`));
      else resolve({ seconds, summary: lines[0]!, attention: lines.filter((l) => l.startsWith('  for staff:')).length });
    });
  });
}

const statementTimes = new Map<string, { calls: number; ms: number }>();

/** --sql-profile: every statement's round trip, by its text, for the in-process import. */
function profileSql(): void {
  const original = pg.Client.prototype.query;
  const record = (text: unknown, started: number) => {
    const key = String(text ?? '?').replace(/\s+/g, ' ').trim().slice(0, 110);
    const entry = statementTimes.get(key) ?? { calls: 0, ms: 0 };
    entry.calls += 1;
    entry.ms += performance.now() - started;
    statementTimes.set(key, entry);
  };
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text;
    const started = performance.now();
    // The callback form is pg-pool's own (pool.query), not the import's transaction: left alone.
    if (typeof args[args.length - 1] === 'function') return (original as (...a: unknown[]) => unknown).apply(this, args);
    const result = (original as (...a: unknown[]) => unknown).apply(this, args) as Promise<unknown>;
    return result.then(
      (r) => (record(text, started), r),
      (e: unknown) => {
        record(text, started);
        throw e;
      },
    );
  } as typeof original;
}

async function runInProcess(url: string, file: string, content: string): Promise<Timed & { result: ImportSummary }> {
  const db = await openDatabase({ databaseUrl: url, dataDir: os.tmpdir(), poolMax: 1 });
  try {
    const started = performance.now();
    const result = await importBankFile(db, file, content, { toleranceUsdMinor: TOLERANCE_USD_MINOR });
    return { seconds: (performance.now() - started) / 1000, summary: summaryLine(result), attention: result.attention.length, result };
  } finally {
    await db.close();
  }
}

async function checkAfter(url: string): Promise<{ problems: string[]; deposits: number; paid: number; tickets: number }> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    const problems = await auditLedger(pool);
    const [row] = (
      await pool.query<{ deposits: number; paid: number; tickets: number }>(
        `SELECT (SELECT count(*)::int FROM bank_deposits) AS deposits, (SELECT count(*)::int FROM orders WHERE status = 'placing') AS paid,
                (SELECT count(*)::int FROM handoff_tickets WHERE reason = 'unmatched_deposit') AS tickets`,
      )
    ).rows;
    return { problems, ...row! };
  } finally {
    await pool.end();
  }
}

// ------------------------------------------------------------------ main

async function cleanup(): Promise<void> {
  running?.kill('SIGKILL');
  for (const scratch of scratches.splice(0).reverse()) {
    await (values.keep ? scratch.close() : scratch.drop()).catch((error: unknown) => process.stderr.write(`could not remove ${scratch.label}: ${(error as Error).message}\n`));
  }
  await admin?.end().catch(() => undefined);
  admin = null;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'esimhub-bench-deposits-file-'));
  try {
    const setupStarted = performance.now();
    const a = await createScratch();
    const population = await populate(await a.open());
    const statement = buildStatementFile(population);
    const file = path.join(work, `statement-${statement.entries}.xml`);
    fs.writeFileSync(file, statement.xml);
    // Yesterday's statement, already imported: today's file overlaps it.
    {
      const db = await openDatabase({ databaseUrl: await a.open(), dataDir: work, poolMax: 1 });
      try {
        await importBankFile(db, path.join(work, 'statement-yesterday.xml'), statement.yesterday, { toleranceUsdMinor: TOLERANCE_USD_MINOR });
      } finally {
        await db.close();
      }
    }
    const b = await a.copy('b');
    const engineLabel = await (async () => {
      const pool = new pg.Pool({ connectionString: await a.open(), max: 1 });
      try {
        const version = String((await pool.query('SELECT version()')).rows[0].version);
        return ENGINE === 'pglite' ? `PGlite (embedded, ${version.split(',')[0]}), DATA_DIR served by this process` : `PostgreSQL (${version.split(' on ')[0]}), scratch database`;
      } finally {
        await pool.end();
      }
    })();
    const kinds = (k: OrderKind) => population.orders.filter((o) => o.kind === k).length;
    const setupSeconds = (performance.now() - setupStarted) / 1000;
    const out = (line = '') => process.stdout.write(`${line}\n`);
    out(`esim-hub deposits bench on ${engineLabel}`);
    out(`database: ${population.resellers.length} resellers; ${n(kinds('awaiting') + kinds('postpaid_open'))} open orders (${n(kinds('awaiting'))} prepaid awaiting payment, ${n(kinds('postpaid_open'))} delivered postpaid not paid), ${n(kinds('open_quote'))} open quotes, ${n(kinds('history'))} delivered prepaid orders; ${n(population.journalEntries)} journal entries; ${population.knownPayers.size} resellers with a confirmed payer account (set up in ${setupSeconds.toFixed(1)} s)`);
    out(`file: ${n(statement.entries)} entries, camt.053.001.08, ${(statement.xml.length / 1e6).toFixed(1)} MB, ${Object.keys(OUR_ACCOUNTS).length} statements; ${statement.overlapping} were in yesterday's statement, imported before`);
    out(`  mix: ${Object.entries(statement.mix).map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);

    const rate = (t: Timed) => `${n(statement.entries)} entries in ${t.seconds.toFixed(2)} s = ${n(Math.round(statement.entries / t.seconds))} entries/s`;
    let command: Timed | null = null;
    let afterCommand: Awaited<ReturnType<typeof checkAfter>> | null = null;
    if (!values['in-process-only']) {
      command = await runCommand(a.childEnv(), file);
      out(`esim-hub deposits import (command wall time): ${rate(command)}`);
      out(`  ${command.summary} (${n(command.attention)} lines for staff)`);
      const again = await runCommand(a.childEnv(), file);
      out(`  same file again:   ${rate(again)}`);
      out(`  ${again.summary}`);
      afterCommand = await checkAfter(await a.open());
    }
    await a.close();

    if (values['sql-profile']) profileSql();
    const content = fs.readFileSync(file, 'utf8');
    const urlB = await b.open();
    const inProcess = await runInProcess(urlB, file, content);
    out(`importBankFile in-process:                   ${rate(inProcess)}`);
    out(`  ${inProcess.summary}`);
    const profiled = new Map(statementTimes);
    statementTimes.clear();
    const inProcessAgain = await runInProcess(urlB, file, content);
    out(`  same file again:   ${rate(inProcessAgain)}`);
    out(`  ${inProcessAgain.summary}`);
    const afterInProcess = await checkAfter(urlB);
    const after = afterCommand ?? afterInProcess;
    out(`after the import: ${n(after.deposits)} deposits stored, ${n(after.paid)} orders paid and waiting for fulfilment, ${n(after.tickets)} unmatched_deposit tickets; ledger auditor: ${after.problems.length === 0 ? 'no problems' : after.problems.slice(0, 5).join('; ')}`);
    if (afterInProcess.deposits !== after.deposits || afterInProcess.paid !== after.paid || afterInProcess.problems.length > 0) out(`the in-process copy ended differently: ${JSON.stringify({ ...afterInProcess, problems: afterInProcess.problems.length })}`);
    const slowest = Math.max(command?.seconds ?? 0, inProcess.seconds);
    out(`goal (issue 12): above 1,000 entries/s: ${statement.entries / slowest > 1000 ? 'met' : 'NOT met'} (slowest of the two first imports: ${n(Math.round(statement.entries / slowest))} entries/s)`);
    if (values['sql-profile']) {
      out('in-process import, statements by total round-trip time:');
      for (const [text, t] of [...profiled.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 15)) out(`  ${t.ms.toFixed(0).padStart(7)} ms ${String(t.calls).padStart(7)} calls ${(t.ms / t.calls).toFixed(3).padStart(8)} ms  ${text}`);
    }
    if (values.keep) out(`kept: ${scratches.map((s) => s.label).join(', ')} and ${work}`);
  } finally {
    await cleanup();
    if (!values.keep) fs.rmSync(work, { recursive: true, force: true });
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`bench: ${signal}, removing the scratch databases\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

main().then(
  () => process.exit(0),
  async (error: unknown) => {
    process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
    await cleanup();
    process.exit(1);
  },
);
