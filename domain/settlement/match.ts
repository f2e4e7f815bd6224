import type { RemittanceReferences } from './references';

// Which reseller a deposit is from, and what it pays, in the order SPEC and the wholesaler's
// handbook give: (1) an order or quote reference in the remittance text, (2) the reseller id,
// (3) a payer account or name staff confirmed before, together with an amount equal to one open
// order of that reseller within the bank-fee tolerance. Never a guess: anything unsure goes to
// staff with the candidates to choose from.

export interface CustomerFact {
  id: string;
  currency: string;
  active: boolean;
}

export interface OrderFact {
  reference: string;
  customerId: string;
  /** What is still to pay on it, in the reseller's currency (0: paid). */
  openMinor: number;
}

export interface QuoteFact {
  reference: string;
  customerId: string;
  /** The order the quote became, if it was confirmed. */
  orderReference: string | null;
}

/** An invoice of a postpaid reseller that a remittance names (issue 14). */
export interface InvoiceFact {
  id: number;
  number: string;
  customerId: string;
  currency: string;
  amountMinor: number;
  /** Paid on it so far by deposits that named it, in its currency. */
  paidMinor: number;
  status: 'issued' | 'paid' | 'void';
  /** The orders it billed: a payment naming it pays these first. */
  orderIds: number[];
}

export interface MatchInput {
  references: RemittanceReferences;
  /** The deposit in the reseller's currency, for the reseller it would go to (converted at the value date's rate). */
  amountIn: (customerId: string) => number | null;
  toleranceIn: (customerId: string) => number;
  /** True when the deposit's currency differs from that reseller's. */
  foreignCurrency: (customerId: string) => boolean;
  customers: ReadonlyMap<string, CustomerFact>;
  orders: ReadonlyMap<string, OrderFact>;
  quotes: ReadonlyMap<string, QuoteFact>;
  /** Invoices the remittance names (absent: none). */
  invoices?: ReadonlyMap<string, InvoiceFact>;
  /** The reseller a confirmed payer account (first) or name belongs to. */
  payerCustomerId: string | null;
  /** Open orders of the payer's reseller (rule 3). */
  payerOpenOrders: readonly OrderFact[];
}

export type MatchRule = 'order_reference' | 'quote_reference' | 'invoice_number' | 'customer_id' | 'payer_and_amount';

export type Candidate = { customerId: string; orderReference: string | null; why: string };

export type MatchDecision =
  /** invoiceNumber: present when the remittance named an invoice of the reseller it matched. */
  | { kind: 'matched'; rule: MatchRule; customerId: string; orderReference: string | null; invoiceNumber?: string }
  | { kind: 'for_staff'; reason: string; candidates: Candidate[] };

const within = (a: number, b: number, tolerance: number) => Math.abs(a - b) <= tolerance;

export function matchDeposit(input: MatchInput): MatchDecision {
  const named: { customerId: string; orderReference: string | null; rule: MatchRule }[] = [];
  for (const ref of input.references.orders) {
    const order = input.orders.get(ref);
    if (order) named.push({ customerId: order.customerId, orderReference: order.reference, rule: 'order_reference' });
  }
  for (const ref of input.references.quotes) {
    const quote = input.quotes.get(ref);
    if (quote) named.push({ customerId: quote.customerId, orderReference: quote.orderReference, rule: 'quote_reference' });
  }
  // An invoice number (INV-2026-00001) names the postpaid reseller it was issued to, after order
  // and quote references: an order named too is paid first, and the invoice is recorded paid once
  // its amount is.
  const invoices = (input.references.invoices ?? []).flatMap((ref) => {
    const invoice = input.invoices?.get(ref);
    return invoice && invoice.status !== 'void' ? [invoice] : [];
  });
  for (const invoice of invoices) named.push({ customerId: invoice.customerId, orderReference: null, rule: 'invoice_number' });
  const byReference = new Set(named.map((n) => n.customerId));
  const byId = input.references.customers.filter((id) => input.customers.has(id));
  const everyone = new Set([...byReference, ...byId]);
  const candidates = (why: string): Candidate[] => [...everyone].map((customerId) => ({ customerId, orderReference: named.find((n) => n.customerId === customerId)?.orderReference ?? null, why }));

  if (everyone.size > 1) return { kind: 'for_staff', reason: `the remittance names more than one reseller (${[...everyone].join(', ')})`, candidates: candidates('named in the remittance') };

  if (everyone.size === 1) {
    const customerId = [...everyone][0]!;
    const customer = input.customers.get(customerId);
    if (customer && !customer.active) return { kind: 'for_staff', reason: `${customerId} is not active`, candidates: candidates('named in the remittance') };
    const first = named[0];
    const orderReference = named.find((n) => n.orderReference !== null)?.orderReference ?? null;
    const rule: MatchRule = first ? first.rule : 'customer_id';
    if (orderReference && input.foreignCurrency(customerId)) {
      // Paid in another currency: converted at the value date's rate, and looked at by a person
      // when it does not come to the order's amount within the tolerance.
      const order = input.orders.get(orderReference);
      const amount = input.amountIn(customerId);
      if (amount === null) return { kind: 'for_staff', reason: `no FX rate to convert the deposit into ${customer?.currency ?? 'the reseller currency'}`, candidates: candidates('named in the remittance') };
      if (order && order.openMinor > 0 && !within(amount, order.openMinor, input.toleranceIn(customerId))) {
        return { kind: 'for_staff', reason: `paid in another currency: converted it differs from ${orderReference} by more than the tolerance`, candidates: candidates('named in the remittance') };
      }
    }
    if (input.amountIn(customerId) === null) return { kind: 'for_staff', reason: `no FX rate to convert the deposit into ${customer?.currency ?? 'the reseller currency'}`, candidates: candidates('named in the remittance') };
    const invoice = invoices.find((i) => i.customerId === customerId);
    return { kind: 'matched', rule, customerId, orderReference, ...(invoice ? { invoiceNumber: invoice.number } : {}) };
  }

  if (input.payerCustomerId) {
    const customerId = input.payerCustomerId;
    const amount = input.amountIn(customerId);
    const fits = amount === null ? [] : input.payerOpenOrders.filter((o) => o.openMinor > 0 && within(amount, o.openMinor, input.toleranceIn(customerId)));
    if (fits.length === 1) return { kind: 'matched', rule: 'payer_and_amount', customerId, orderReference: fits[0]!.reference };
    const why = fits.length > 1 ? 'a known payer; the amount fits several open orders' : 'a known payer; the amount fits no open order';
    const options = (fits.length > 1 ? fits : input.payerOpenOrders).slice(0, 10).map((o) => ({ customerId, orderReference: o.reference, why }));
    return { kind: 'for_staff', reason: why, candidates: options.length > 0 ? options : [{ customerId, orderReference: null, why }] };
  }
  return { kind: 'for_staff', reason: 'no order, quote or reseller reference, and the payer is not known', candidates: [] };
}
