import { mulDivRound } from '../money';

// What a finished order books (SPEC "Ledger"): the delivered part of each eSIM line becomes revenue
// (a prepaid hold captured, or a postpaid charge) with its supplier cost; what could not be
// delivered goes back to a prepaid balance (the hold voided). Physical SIMs are booked when shipped.

export interface DeliveredLine {
  type: 'esim' | 'sim';
  quantity: number;
  quantityDelivered: number;
  /** The line's quoted total in the order's currency (null: a USD order, the USD total), and in USD. */
  lineTotalMinor: number | null;
  lineTotalUsdMinor: number;
  /** Per eSIM, USD minor units. */
  supplierCostMinor: number;
}

export interface DeliverySettlement {
  deliveredMinor: number;
  deliveredUsd: number;
  costUsd: number;
  undeliverableMinor: number;
  undeliverableUsd: number;
  /** A physical SIM line: shipped by staff, booked then. */
  physicalPending: boolean;
}

export function settleDelivery(lines: readonly DeliveredLine[]): DeliverySettlement {
  const s: DeliverySettlement = { deliveredMinor: 0, deliveredUsd: 0, costUsd: 0, undeliverableMinor: 0, undeliverableUsd: 0, physicalPending: false };
  for (const line of lines) {
    if (line.type === 'sim') {
      s.physicalPending = true;
      continue;
    }
    const minor = line.lineTotalMinor ?? line.lineTotalUsdMinor;
    // The delivered share of a line, rounded once: what is left of it is exactly what goes back.
    const part = (total: number) => (line.quantityDelivered === line.quantity ? total : mulDivRound(total, line.quantityDelivered, line.quantity));
    s.deliveredMinor += part(minor);
    s.deliveredUsd += part(line.lineTotalUsdMinor);
    s.costUsd += line.supplierCostMinor * line.quantityDelivered;
    s.undeliverableMinor += minor - part(minor);
    s.undeliverableUsd += line.lineTotalUsdMinor - part(line.lineTotalUsdMinor);
  }
  return s;
}
