// How a confirmed order is paid (SPEC "Payment"): a prepaid reseller's balance holds its total,
// or it waits for the missing amount; a postpaid reseller is charged while receivables plus this
// order stay within the credit limit, else a person decides.

export interface PaymentInput {
  accountType: 'prepaid' | 'postpaid';
  /** The order's total in the reseller's currency, and in USD. */
  amountMinor: number;
  usdMinor: number;
  /** Prepaid: what the balance can spend now (in the order's currency). */
  prepaidAvailableMinor: number;
  /** Postpaid, USD: receivables plus orders confirmed and not yet booked, and the limit. */
  outstandingUsdMinor: number;
  creditLimitUsdMinor: number;
}

export type PaymentDecision =
  | { kind: 'hold'; amountMinor: number; leftMinor: number }
  | { kind: 'wait'; missingMinor: number }
  | { kind: 'charge'; outstandingAfterUsdMinor: number }
  | { kind: 'over_limit'; overUsdMinor: number };

export function decidePayment(input: PaymentInput): PaymentDecision {
  if (input.accountType === 'prepaid') {
    const left = input.prepaidAvailableMinor - input.amountMinor;
    return left >= 0 ? { kind: 'hold', amountMinor: input.amountMinor, leftMinor: left } : { kind: 'wait', missingMinor: -left };
  }
  const after = input.outstandingUsdMinor + input.usdMinor;
  return after <= input.creditLimitUsdMinor ? { kind: 'charge', outstandingAfterUsdMinor: after } : { kind: 'over_limit', overUsdMinor: after - input.creditLimitUsdMinor };
}
