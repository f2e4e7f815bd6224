import { formatMoney } from '../money';
import type { AccountTerms } from '../resellers/new-account';

// The message a newly approved reseller gets on the channel they applied on (issue 19): their
// account number, the account type as approved (with the credit limit for postpaid, in USD as the
// limit is kept), the trial rule when it applies to them, and the price list at their tier.

export interface WelcomeInput {
  company: string;
  customerId: string;
  terms: AccountTerms;
  /** The account's first order is a trial (customers.trial_order_pending): a new reseller's is. */
  trial: boolean;
  /** Tier prices at quantity 1 (USD minor units), one per active SKU, in the order to list them. */
  prices: { sku: string; unitPriceMinor: number }[];
}

export function welcomeText(w: WelcomeInput): string {
  const account = w.terms.accountType === 'postpaid' ? `postpaid, credit limit ${formatMoney({ amountMinor: w.terms.creditLimitMinor, currency: 'USD' })}` : 'prepaid';
  return [
    `Welcome to eSIM Hub, ${w.company}! Your account ${w.customerId} is open (${account}${w.trial ? '; your first order is a small trial' : ''}).`,
    `Your price list (${w.terms.tier.replace('_', ' ')}, USD per eSIM, before volume discounts):`,
    ...w.prices.map((p) => `${p.sku}: ${formatMoney({ amountMinor: p.unitPriceMinor, currency: 'USD' })}`),
    'Order by writing e.g. "Japan 10GB 15 days x 20".',
  ].join('\n');
}
