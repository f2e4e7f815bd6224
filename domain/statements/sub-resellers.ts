import type { OrderLineSummary } from './statement';

// A parent reseller's statement lists the orders its sub-resellers had delivered in the month. It
// is for information: those orders are charged to the sub-reseller's own account (and stated on
// its own statement), so the section never changes the parent's balance. Each order is printed in
// the currency it was charged in; the section's totals are in USD (the value at booking), because
// the sub-resellers may buy in different currencies.

export interface SubResellerOrder {
  customerId: string;
  company: string;
  reference: string;
  /** When it was delivered (UTC), within the statement's period. */
  deliveredAt: string;
  currency: string;
  totalMinor: number;
  totalUsdMinor: number;
  lines: readonly OrderLineSummary[];
}

export interface SubResellerTotal {
  customerId: string;
  company: string;
  orders: number;
  units: number;
  totalUsdMinor: number;
}

export interface SubResellerSection {
  orders: SubResellerOrder[];
  byReseller: SubResellerTotal[];
  units: number;
  totalUsdMinor: number;
}

const unitsOf = (o: SubResellerOrder) => o.lines.reduce((n, l) => n + l.quantity, 0);

/** The section from the period's delivered orders of the parent's sub-resellers (null: it has none). */
export function subResellerSection(hasSubResellers: boolean, orders: readonly SubResellerOrder[]): SubResellerSection | null {
  if (!hasSubResellers) return null;
  const sorted = [...orders].sort((a, b) => a.customerId.localeCompare(b.customerId) || a.deliveredAt.localeCompare(b.deliveredAt) || a.reference.localeCompare(b.reference));
  const totals = new Map<string, SubResellerTotal>();
  for (const o of sorted) {
    if (!Number.isSafeInteger(o.totalMinor) || !Number.isSafeInteger(o.totalUsdMinor)) throw new Error(`sub-reseller order ${o.reference}: amounts are not integers`);
    const t = totals.get(o.customerId) ?? { customerId: o.customerId, company: o.company, orders: 0, units: 0, totalUsdMinor: 0 };
    t.orders += 1;
    t.units += unitsOf(o);
    t.totalUsdMinor += o.totalUsdMinor;
    totals.set(o.customerId, t);
  }
  const byReseller = [...totals.values()];
  return {
    orders: sorted,
    byReseller,
    units: byReseller.reduce((n, t) => n + t.units, 0),
    totalUsdMinor: byReseller.reduce((n, t) => n + t.totalUsdMinor, 0),
  };
}

export function subResellerOrderDetails(o: SubResellerOrder): string {
  return o.lines.map((l) => `${l.quantity} x ${l.sku}`).join(', ');
}
