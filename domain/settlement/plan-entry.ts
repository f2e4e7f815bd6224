import * as events from '../ledger/events';
import { convertFromUsd, convertToUsd, pickFxRate, type FxRateRow } from '../pricing/fx';
import type { BankEntry } from './bank-entry';
import { creditToBook, type BookOrder, type SettlementBook, type SettlementEffect } from './book';
import { matchDeposit, type Candidate, type CustomerFact, type InvoiceFact, type OrderFact, type QuoteFact } from './match';
import { foldPayerAccount, foldPayerName, remittanceReferences, type RemittanceReferences } from './references';

// One booked credit of a bank file (or a payment staff record by hand), planned on the settlement
// book: the deposit row it becomes, whether it matches a reseller, and the ledger entries, order
// releases, messages and tickets that follow. Pure: bot/settlement reads the facts and the book
// before, and writes the effects after, for a whole file at once.

/** What the remittances of a file name, read once for the file: none of it changes while it imports. */
export interface FileFacts {
  orders: Map<string, { id: number; reference: string; customerId: string }>;
  quotes: Map<string, QuoteFact>;
  customers: Map<string, CustomerFact & { accountType: 'prepaid' | 'postpaid' }>;
  /** Payer accounts and names staff confirmed before (folded), to the reseller they belong to. */
  payerAccounts: Map<string, string>;
  payerNames: Map<string, string>;
  /** Invoices the remittances name, by number (absent: none). A payment naming one updates its paidMinor. */
  invoices?: Map<string, InvoiceFact>;
}

export interface PlanContext {
  fx: readonly FxRateRow[];
  /** The bank-fee tolerance, in USD minor units, for amounts that must equal an open order. */
  toleranceUsdMinor: number;
  now: Date;
  source: 'camt053' | 'csv' | 'manual';
  fileName: string | null;
  staffId: number | null;
  note: string | null;
  facts: FileFacts;
  book: SettlementBook;
}

export type EntryOutcome =
  | { kind: 'matched'; depositId: number; customerId: string; rule: string; orderReference: string | null; ordersToFulfil: number[]; released: string[] }
  | { kind: 'for_staff'; depositId: number; reason: string }
  | { kind: 'already_imported'; depositId: number | null }
  | { kind: 'not_deposit'; why: 'debit' | 'pending' | 'information only' }
  | { kind: 'reversed'; depositId: number }
  | { kind: 'reversal_for_staff'; reason: string };

export interface DepositRow {
  id: number;
  entry: BankEntry;
  valueDate: string;
  usdMinor: number;
  status: 'matched' | 'for_staff';
  matchRule: string | null;
  customerId: string | null;
  orderId: number | null;
  creditedMinor: number | null;
  reviewReason: string | null;
  candidates: Candidate[] | null;
}

export type PlannedEffect =
  | SettlementEffect
  | { kind: 'deposit'; row: DepositRow }
  | { kind: 'ticket'; depositId: number; customerId: string | null; detail: string }
  /** A deposit that named an invoice: what it brought towards it, and whether the invoice is now paid in full. */
  | { kind: 'invoice_payment'; invoiceId: number; depositId: number; amountMinor: number; paidInFull: boolean };

/** Entries that are not deposits: pending or information-only lines, debits. Reversals are handled apart. */
export function notADeposit(entry: BankEntry): Extract<EntryOutcome, { kind: 'not_deposit' }> | null {
  if (entry.status !== 'booked') return { kind: 'not_deposit', why: entry.status === 'pending' ? 'pending' : 'information only' };
  if (entry.direction === 'debit' || entry.reversal) return { kind: 'not_deposit', why: 'debit' };
  return null;
}

export function isBankReversal(entry: BankEntry): boolean {
  return entry.status === 'booked' && entry.reversal && entry.direction === 'debit';
}

/** A deposit's USD value at its value date's rate (the latest earlier one); null without a rate. */
export function depositUsd(fx: readonly FxRateRow[], amountMinor: number, currency: string, valueDate: string): number | null {
  const rate = pickFxRate(fx, currency, valueDate);
  return rate.ok ? convertToUsd(amountMinor, currency, rate.unitsPerUsdScaled) : null;
}

/** A deposit in the reseller's currency: as it arrived, or through USD at the value date's rates. */
export function amountInCurrency(fx: readonly FxRateRow[], deposit: { amountMinor: number; currency: string; usdMinor: number | null; valueDate: string }, currency: string): number | null {
  if (deposit.currency === currency) return deposit.amountMinor;
  if (deposit.usdMinor === null) return null;
  if (currency === 'USD') return deposit.usdMinor;
  const rate = pickFxRate(fx, currency, deposit.valueDate);
  return rate.ok ? convertFromUsd(deposit.usdMinor, currency, rate.unitsPerUsdScaled) : null;
}

/** The payer keys the facts are read by: folded, '' when absent. */
export function payerKeys(payer: { name: string | null; account: string | null }): { account: string; name: string } {
  return { account: payer.account ? foldPayerAccount(payer.account) : '', name: payer.name ? foldPayerName(payer.name) : '' };
}

const orderFact = (o: BookOrder): OrderFact & { id: number } => ({ id: o.id, reference: o.reference, customerId: o.customerId, openMinor: o.openMinor });

/** What the matcher reads for one entry: the file's facts, with the open amounts as the book has them now. */
function entryFacts(ctx: PlanContext, references: RemittanceReferences, payer: { name: string | null; account: string | null }) {
  const { facts, book } = ctx;
  const quotes = new Map(references.quotes.flatMap((ref) => (facts.quotes.has(ref) ? [[ref, facts.quotes.get(ref)!] as const] : [])));
  const orderRefs = [...references.orders, ...[...quotes.values()].flatMap((q) => (q.orderReference ? [q.orderReference] : []))];
  const orders = new Map(
    orderRefs.flatMap((ref) => {
      const named = facts.orders.get(ref);
      if (!named) return [];
      const known = book.orders.get(named.id);
      return [[ref, known ? orderFact(known) : { ...named, openMinor: 0 }] as const];
    }),
  );
  const keys = payerKeys(payer);
  const payerCustomerId = facts.payerAccounts.get(keys.account) ?? facts.payerNames.get(keys.name) ?? null;
  const invoices = new Map((references.invoices ?? []).flatMap((ref) => (facts.invoices?.has(ref) ? [[ref, facts.invoices.get(ref)!] as const] : [])));
  const named = new Set([
    ...references.customers,
    ...[...orders.values()].map((o) => o.customerId),
    ...[...quotes.values()].map((q) => q.customerId),
    ...[...invoices.values()].map((i) => i.customerId),
    ...(payerCustomerId ? [payerCustomerId] : []),
  ]);
  const customers = new Map([...named].flatMap((id) => (facts.customers.has(id) ? [[id, facts.customers.get(id)!] as const] : [])));
  const payerOpenOrders = () =>
    payerCustomerId === null
      ? []
      : (book.byCustomer.get(payerCustomerId) ?? [])
          .filter((o) => o.status === 'awaiting_payment' || o.paymentMethod === 'postpaid')
          .slice(-200)
          .filter((o) => o.openMinor > 0)
          .map(orderFact);
  return { customers, orders, quotes, invoices, payerCustomerId, payerOpenOrders };
}

/** When nothing pointed anywhere: any order waiting for exactly this amount, offered to staff. */
function sameAmountCandidates(ctx: PlanContext, entry: BankEntry): Candidate[] {
  const tolerance = entry.currency === 'USD' ? ctx.toleranceUsdMinor : 0;
  const found: Candidate[] = [];
  for (const o of ctx.book.awaitingNewestFirst) {
    if (found.length === 5) break;
    if (o.status === 'awaiting_payment' && o.currency === entry.currency && Math.abs(o.totalMinor - entry.amountMinor) <= tolerance) {
      found.push({ customerId: o.customerId, orderReference: o.reference, why: 'an order waiting for this amount' });
    }
  }
  return found;
}

/** A booked credit: its deposit row, matched to a reseller and credited, or in suspense with a ticket for staff. */
export function planCredit(ctx: PlanContext, entry: BankEntry, depositId: number): { outcome: EntryOutcome; effects: PlannedEffect[] } {
  const valueDate = entry.valueDate ?? entry.bookingDate ?? ctx.now.toISOString().slice(0, 10);
  const usdMinor = depositUsd(ctx.fx, entry.amountMinor, entry.currency, valueDate);
  const received = { amountMinor: entry.amountMinor, currency: entry.currency, usdMinor: usdMinor ?? 0 };
  const references = remittanceReferences(entry.remittance);
  const facts = entryFacts(ctx, references, { name: entry.payerName, account: entry.payerAccount });
  const deposit = { amountMinor: entry.amountMinor, currency: entry.currency, usdMinor, valueDate };
  const currencyOf = (customerId: string) => facts.customers.get(customerId)?.currency ?? entry.currency;
  const decision =
    usdMinor === null
      ? { kind: 'for_staff' as const, reason: `no FX rate for ${entry.currency} on or before ${valueDate}`, candidates: [] as Candidate[] }
      : matchDeposit({
          references,
          amountIn: (customerId) => amountInCurrency(ctx.fx, deposit, currencyOf(customerId)),
          toleranceIn: (customerId) => amountInCurrency(ctx.fx, { amountMinor: ctx.toleranceUsdMinor, currency: 'USD', usdMinor: ctx.toleranceUsdMinor, valueDate }, currencyOf(customerId)) ?? 0,
          foreignCurrency: (customerId) => currencyOf(customerId) !== entry.currency,
          customers: facts.customers,
          orders: facts.orders,
          quotes: facts.quotes,
          invoices: facts.invoices,
          payerCustomerId: facts.payerCustomerId,
          get payerOpenOrders() {
            return facts.payerOpenOrders();
          },
        });
  const row: DepositRow = { id: depositId, entry, valueDate, usdMinor: usdMinor ?? 0, status: 'for_staff', matchRule: null, customerId: null, orderId: null, creditedMinor: null, reviewReason: null, candidates: null };

  if (decision.kind === 'matched') {
    const orderId = decision.orderReference ? (facts.orders.get(decision.orderReference)?.id ?? facts.payerOpenOrders().find((o) => o.reference === decision.orderReference)?.id ?? null) : null;
    const credited = amountInCurrency(ctx.fx, deposit, currencyOf(decision.customerId))!;
    Object.assign(row, { status: 'matched', matchRule: decision.rule, customerId: decision.customerId, orderId, creditedMinor: credited });
    const invoice = decision.invoiceNumber ? facts.invoices.get(decision.invoiceNumber) ?? null : null;
    const credit = creditToBook(ctx.book, {
      depositId,
      customerId: decision.customerId,
      orderId,
      ...(invoice ? { firstOrderIds: invoice.orderIds } : {}),
      received,
      creditedMinor: credited,
      from: 'bank',
      entryKey: `deposit:${depositId}:1`,
      now: ctx.now,
    });
    const effects: PlannedEffect[] = [{ kind: 'deposit', row }, ...credit.effects];
    if (invoice) effects.push(invoicePayment(invoice, depositId, credited));
    return {
      outcome: { kind: 'matched', depositId, customerId: decision.customerId, rule: decision.rule, orderReference: decision.orderReference, ordersToFulfil: credit.ordersToFulfil, released: credit.released },
      effects,
    };
  }

  // Unsure: the money waits in suspense and staff decide, with the candidates (and, when nothing
  // pointed anywhere, any open order of exactly this amount) offered as one-click choices.
  const candidates = decision.candidates.length > 0 ? decision.candidates : sameAmountCandidates(ctx, entry);
  Object.assign(row, { reviewReason: decision.reason, candidates });
  const detail = `${decision.reason}: ${entry.currency} ${entry.amountMinor} from ${entry.payerName ?? 'unknown payer'}, "${entry.remittance.slice(0, 200)}"`.slice(0, 2000);
  return {
    outcome: { kind: 'for_staff', depositId, reason: decision.reason },
    effects: [
      { kind: 'deposit', row },
      { kind: 'ledger', draft: events.depositUnidentified(received, `deposit:${depositId}:1`, `Unidentified deposit ${depositId} (${entry.payerName ?? 'unknown payer'})`, ctx.now.toISOString()) },
      { kind: 'ticket', depositId, customerId: null, detail },
    ],
  };
}

/**
 * What a deposit naming an invoice does to it: the amount is recorded against the invoice, and the
 * invoice is paid once what the deposits naming it brought reaches its amount (a later deposit of
 * the same file sees this one: the fact is the file's working copy). More than it asks for stays
 * a credit on the reseller's account, as any overpayment does.
 */
function invoicePayment(invoice: InvoiceFact, depositId: number, creditedMinor: number): Extract<PlannedEffect, { kind: 'invoice_payment' }> {
  const wasPaid = invoice.status === 'paid';
  invoice.paidMinor += creditedMinor;
  const paidInFull = !wasPaid && invoice.status === 'issued' && invoice.paidMinor >= invoice.amountMinor;
  if (paidInFull) invoice.status = 'paid';
  return { kind: 'invoice_payment', invoiceId: invoice.id, depositId, amountMinor: creditedMinor, paidInFull };
}
