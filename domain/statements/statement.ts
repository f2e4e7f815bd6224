import type { StatementPeriod } from './period';
import { subResellerSection, type SubResellerOrder, type SubResellerSection } from './sub-resellers';

// A reseller's monthly statement, built from the ledger movements of its own accounts: the opening
// balance, every movement of the month, the closing balance, in the reseller's currency with the
// USD value (at the booking rates) alongside. Pure: the store loads the movements, this decides
// what the reseller reads, and the renderers print exactly these numbers.
//
// Sign convention, chosen so a reseller's accountant reads it as they read a bank statement:
// every movement is either a CHARGE (an order, or a reversed payment: the reseller's position gets
// worse) or a CREDIT (a payment, a top-up, a reversed order: it gets better), both printed as
// positive amounts in their own column. The balance is printed the way the reseller thinks of it:
// - prepaid: "balance available", money they paid us and have not spent (prepaid + held for
//   orders in progress). closing = opening - charges + credits.
// - postpaid: "balance due", what they owe us (receivable). closing = opening + charges - credits.
//   A negative amount due is a credit in their favour (an overpayment), printed with a minus.
// In the ledger both accounts follow the same rule: a debit on the reseller's account is a charge,
// a credit is a credit; only which way the balance is read differs.

export type StatementAccountType = 'prepaid' | 'postpaid';
export type MovementKind = 'order' | 'payment' | 'top_up' | 'adjustment' | 'reversal';
export type BalanceMeaning = 'available' | 'due';

/** The ledger codes whose postings a statement reads (domain/ledger/accounts.ts). */
export function statementAccountCodes(customerId: string, accountType: StatementAccountType): string[] {
  return accountType === 'prepaid' ? [`prepaid:${customerId}`, `prepaid_held:${customerId}`] : [`receivable:${customerId}`];
}

export interface OrderLineSummary {
  sku: string;
  quantity: number;
}

/** What an entry that a movement reverses was about (for its reference). */
export interface ReversedEntry {
  kind: string;
  idempotencyKey: string;
  orderReference: string | null;
  depositReference: string | null;
}

/** One journal entry as it touches the reseller's statement accounts. */
export interface LedgerMovement {
  entryId: number;
  /** The journal entry's kind: order_revenue, payment_received, prepaid_topup, reversal, ... */
  kind: string;
  idempotencyKey: string;
  occurredAt: string;
  description: string;
  /** Sum of the entry's postings on the statement accounts, in the reseller's currency, ledger sign (debit > 0). */
  amountMinor: number;
  usdMinor: number;
  orderReference: string | null;
  /** The reseller's own PO number of the order, printed in the details. */
  customerReference?: string | null;
  orderLines: readonly OrderLineSummary[];
  /** The bank's reference of the deposit the entry books, when it books one. */
  depositReference: string | null;
  reverses: ReversedEntry | null;
}

export interface StatementCustomer {
  id: string;
  company: string;
  legalEntity: string;
  currency: string;
  accountType: StatementAccountType;
}

export interface StatementLine {
  entryId: number;
  occurredAt: string;
  /** UTC calendar day, as printed. */
  date: string;
  kind: MovementKind;
  reference: string;
  details: string;
  chargeMinor: number;
  creditMinor: number;
  chargeUsdMinor: number;
  creditUsdMinor: number;
  /** The balance after this line, read as the statement's balance is read. */
  balanceMinor: number;
  balanceUsdMinor: number;
}

export interface StatementTotals {
  chargesMinor: number;
  creditsMinor: number;
  chargesUsdMinor: number;
  creditsUsdMinor: number;
}

export interface Statement {
  issuerName: string;
  customer: StatementCustomer;
  period: StatementPeriod;
  currency: string;
  balanceMeaning: BalanceMeaning;
  openingMinor: number;
  openingUsdMinor: number;
  lines: StatementLine[];
  totals: StatementTotals;
  closingMinor: number;
  closingUsdMinor: number;
  /** A parent reseller's: its sub-resellers' delivered orders of the month (information only). */
  subResellers: SubResellerSection | null;
}

export interface StatementInput {
  issuerName: string;
  customer: StatementCustomer;
  period: StatementPeriod;
  /** Sum of every posting on the statement accounts before the period, ledger sign (debit > 0). */
  openingLedgerMinor: number;
  openingLedgerUsdMinor: number;
  movements: readonly LedgerMovement[];
  /** Whether the reseller is a parent, and its sub-resellers' orders delivered in the period. */
  subResellers?: { hasSubResellers: boolean; orders: readonly SubResellerOrder[] };
}

/** A movement's lines are listed up to this many on a statement row; the rest as "+N more". */
export const ORDER_LINES_SHOWN_MAX = 4;
export const DETAILS_LENGTH_MAX = 160;

const KIND_BY_ENTRY: Readonly<Record<string, MovementKind>> = {
  order_revenue: 'order',
  payment_received: 'payment',
  prepaid_topup: 'top_up',
  reversal: 'reversal',
};

export const MOVEMENT_LABELS: Readonly<Record<MovementKind, string>> = {
  order: 'Order',
  payment: 'Payment',
  top_up: 'Top-up',
  adjustment: 'Adjustment',
  reversal: 'Reversal',
};

export function balanceMeaningOf(accountType: StatementAccountType): BalanceMeaning {
  return accountType === 'prepaid' ? 'available' : 'due';
}

/** The ledger's signed sum (debit > 0) read as the statement's balance. */
export function balanceFromLedger(ledgerMinor: number, meaning: BalanceMeaning): number {
  return meaning === 'available' ? 0 - ledgerMinor : ledgerMinor; // 0 - x: never -0
}

/** How a movement changes the printed balance. */
export function balanceEffect(line: Pick<StatementLine, 'chargeMinor' | 'creditMinor'>, meaning: BalanceMeaning): number {
  return meaning === 'available' ? line.creditMinor - line.chargeMinor : line.chargeMinor - line.creditMinor;
}

function usdEffect(line: Pick<StatementLine, 'chargeUsdMinor' | 'creditUsdMinor'>, meaning: BalanceMeaning): number {
  return meaning === 'available' ? line.creditUsdMinor - line.chargeUsdMinor : line.chargeUsdMinor - line.creditUsdMinor;
}

/** The reference a reseller recognises: the order's, the bank's, else what the key was made from. */
export function referenceOf(e: { kind: string; idempotencyKey: string; orderReference: string | null; depositReference: string | null }): string {
  if (e.orderReference) return e.orderReference;
  if (e.depositReference) return e.depositReference;
  const key = e.idempotencyKey;
  const deposit = /^deposit:(\d+):/.exec(key);
  if (deposit) return `DEP-${deposit[1]}`;
  const prefixed = /^(?:topup|payment|wire):(.+)$/.exec(key);
  if (prefixed) return prefixed[1]!;
  return key;
}

function orderDetails(lines: readonly OrderLineSummary[]): string {
  const shown = lines.slice(0, ORDER_LINES_SHOWN_MAX).map((l) => `${l.quantity} x ${l.sku}`);
  if (lines.length > ORDER_LINES_SHOWN_MAX) shown.push(`+${lines.length - ORDER_LINES_SHOWN_MAX} more`);
  return shown.join(', ');
}

function detailsOf(m: LedgerMovement, kind: MovementKind): string {
  let text: string;
  if (kind === 'reversal' && m.reverses) {
    text = `Reverses ${MOVEMENT_LABELS[KIND_BY_ENTRY[m.reverses.kind] ?? 'adjustment'].toLowerCase()} ${referenceOf(m.reverses)}`;
    const why = /\): (.+)$/.exec(m.description);
    if (why) text += `: ${why[1]}`;
  } else if (kind === 'order' && m.orderLines.length > 0) {
    text = `${m.customerReference ? `Your ref ${m.customerReference}: ` : ''}${orderDetails(m.orderLines)}`;
  } else {
    text = m.description;
  }
  return text.length > DETAILS_LENGTH_MAX ? `${text.slice(0, DETAILS_LENGTH_MAX - 1)}…` : text;
}

const byTime = (a: LedgerMovement, b: LedgerMovement) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.entryId - b.entryId);

/**
 * The statement of one reseller for one period. Movements outside the period are a programmer's
 * error (the store selects the period); entries that do not change the balance (a prepaid hold
 * moves money from available to held, both in the balance) are not printed.
 */
export function buildStatement(input: StatementInput): Statement {
  const { customer, period } = input;
  const meaning = balanceMeaningOf(customer.accountType);
  const openingMinor = balanceFromLedger(input.openingLedgerMinor, meaning);
  const openingUsdMinor = balanceFromLedger(input.openingLedgerUsdMinor, meaning);
  let balanceMinor = openingMinor;
  let balanceUsdMinor = openingUsdMinor;
  const totals: StatementTotals = { chargesMinor: 0, creditsMinor: 0, chargesUsdMinor: 0, creditsUsdMinor: 0 };
  const lines: StatementLine[] = [];
  for (const m of [...input.movements].sort(byTime)) {
    if (m.occurredAt < period.startsAt || m.occurredAt >= period.endsAt) {
      throw new Error(`statement ${customer.id} ${period.month}: entry ${m.entryId} at ${m.occurredAt} is outside the period`);
    }
    if (!Number.isSafeInteger(m.amountMinor) || !Number.isSafeInteger(m.usdMinor)) throw new Error(`statement: entry ${m.entryId} amounts are not integers`);
    if (m.amountMinor === 0 && m.usdMinor === 0) continue;
    const kind = KIND_BY_ENTRY[m.kind] ?? 'adjustment';
    // A debit on the reseller's account is a charge, a credit a credit (see the convention above);
    // the USD value follows the amount's side (it has the same sign whenever the amount is not zero).
    const charge = m.amountMinor > 0 || (m.amountMinor === 0 && m.usdMinor > 0);
    const line: StatementLine = {
      entryId: m.entryId,
      occurredAt: m.occurredAt,
      date: m.occurredAt.slice(0, 10),
      kind,
      reference: kind === 'reversal' && m.reverses ? referenceOf(m.reverses) : referenceOf(m),
      details: detailsOf(m, kind),
      chargeMinor: charge ? Math.abs(m.amountMinor) : 0,
      creditMinor: charge ? 0 : Math.abs(m.amountMinor),
      chargeUsdMinor: charge ? m.usdMinor : 0,
      creditUsdMinor: charge ? 0 : -m.usdMinor,
      balanceMinor: 0,
      balanceUsdMinor: 0,
    };
    balanceMinor += balanceEffect(line, meaning);
    balanceUsdMinor += usdEffect(line, meaning);
    line.balanceMinor = balanceMinor;
    line.balanceUsdMinor = balanceUsdMinor;
    totals.chargesMinor += line.chargeMinor;
    totals.creditsMinor += line.creditMinor;
    totals.chargesUsdMinor += line.chargeUsdMinor;
    totals.creditsUsdMinor += line.creditUsdMinor;
    lines.push(line);
  }
  const statement: Statement = {
    issuerName: input.issuerName,
    customer,
    period,
    currency: customer.currency,
    balanceMeaning: meaning,
    openingMinor,
    openingUsdMinor,
    lines,
    totals,
    closingMinor: balanceMinor,
    closingUsdMinor: balanceUsdMinor,
    subResellers: subResellerSection(input.subResellers?.hasSubResellers ?? false, input.subResellers?.orders ?? []),
  };
  assertStatementAddsUp(statement);
  return statement;
}

export type AddsUpProblem = 'running_balance' | 'totals' | 'closing' | 'closing_usd' | 'not_integer';

/** What does not add up as printed; empty when everything does. Checked again by the renderers' tests. */
export function statementProblems(s: Statement): AddsUpProblem[] {
  const problems = new Set<AddsUpProblem>();
  let balance = s.openingMinor;
  let usd = s.openingUsdMinor;
  const sums: StatementTotals = { chargesMinor: 0, creditsMinor: 0, chargesUsdMinor: 0, creditsUsdMinor: 0 };
  for (const line of s.lines) {
    for (const v of [line.chargeMinor, line.creditMinor, line.chargeUsdMinor, line.creditUsdMinor, line.balanceMinor]) {
      if (!Number.isSafeInteger(v)) problems.add('not_integer');
    }
    balance += balanceEffect(line, s.balanceMeaning);
    usd += usdEffect(line, s.balanceMeaning);
    if (line.balanceMinor !== balance || line.balanceUsdMinor !== usd) problems.add('running_balance');
    sums.chargesMinor += line.chargeMinor;
    sums.creditsMinor += line.creditMinor;
    sums.chargesUsdMinor += line.chargeUsdMinor;
    sums.creditsUsdMinor += line.creditUsdMinor;
  }
  const t = s.totals;
  if (sums.chargesMinor !== t.chargesMinor || sums.creditsMinor !== t.creditsMinor || sums.chargesUsdMinor !== t.chargesUsdMinor || sums.creditsUsdMinor !== t.creditsUsdMinor) problems.add('totals');
  if (s.openingMinor + balanceEffect({ chargeMinor: t.chargesMinor, creditMinor: t.creditsMinor }, s.balanceMeaning) !== s.closingMinor) problems.add('closing');
  if (s.openingUsdMinor + usdEffect({ chargeUsdMinor: t.chargesUsdMinor, creditUsdMinor: t.creditsUsdMinor }, s.balanceMeaning) !== s.closingUsdMinor) problems.add('closing_usd');
  return [...problems];
}

export function assertStatementAddsUp(s: Statement): void {
  const problems = statementProblems(s);
  if (problems.length > 0) throw new Error(`statement ${s.customer.id} ${s.period.month} does not add up: ${problems.join(', ')}`);
}
