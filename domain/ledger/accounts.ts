// The chart of accounts (SPEC "The ledger"). An account is one code in one currency; customer accounts
// carry the customer id in their code. Normal sides: assets and expenses are debit-normal, the rest
// credit-normal.

export const LEDGER_ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;
export type LedgerAccountType = (typeof LEDGER_ACCOUNT_TYPES)[number];

export const REVENUE_CHANNELS = ['whatsapp', 'wechat', 'email', 'web'] as const;
export type RevenueChannel = (typeof REVENUE_CHANNELS)[number];

export interface AccountDefinition {
  code: string;
  currency: string;
  type: LedgerAccountType;
  name: string;
  customerId: string | null;
  debitsMustNotExceedCredits: boolean;
  creditsMustNotExceedDebits: boolean;
}

function define(
  code: string,
  currency: string,
  type: LedgerAccountType,
  name: string,
  extra: Partial<Pick<AccountDefinition, 'customerId' | 'debitsMustNotExceedCredits' | 'creditsMustNotExceedDebits'>> = {},
): AccountDefinition {
  return {
    code,
    currency,
    type,
    name,
    customerId: extra.customerId ?? null,
    debitsMustNotExceedCredits: extra.debitsMustNotExceedCredits ?? false,
    creditsMustNotExceedDebits: extra.creditsMustNotExceedDebits ?? false,
  };
}

export const accounts = {
  bank: (currency: string) => define('bank', currency, 'asset', `Bank (${currency})`),
  receivable: (customerId: string, currency: string) =>
    define(`receivable:${customerId}`, currency, 'asset', `Receivable from ${customerId}`, { customerId }),
  /** Money a prepaid reseller has paid us and not yet spent: our liability, never below zero. */
  prepaid: (customerId: string, currency: string) =>
    define(`prepaid:${customerId}`, currency, 'liability', `Prepaid balance of ${customerId}`, {
      customerId,
      debitsMustNotExceedCredits: true,
    }),
  /** Prepaid money held for a confirmed order until the supplier delivers (two-phase). */
  prepaidHeld: (customerId: string, currency: string) =>
    define(`prepaid_held:${customerId}`, currency, 'liability', `Prepaid held for orders of ${customerId}`, {
      customerId,
      debitsMustNotExceedCredits: true,
    }),
  revenueB2b: (channel: RevenueChannel, currency: string) =>
    define(`revenue_b2b:${channel}`, currency, 'revenue', `B2B revenue via ${channel}`),
  revenueRetail: (currency: string) => define('revenue_retail', currency, 'revenue', 'Retail revenue'),
  cogs: (currency: string) => define('cogs_supplier', currency, 'expense', 'Supplier cost of goods sold'),
  supplierPayable: (currency: string) => define('supplier_payable', currency, 'liability', 'Payable to the supplier'),
  fxGainLoss: (currency: string) => define('fx_gain_loss', currency, 'expense', 'FX gain (credit) / loss (debit)'),
  commissionPayable: (customerId: string, currency: string) =>
    define(`commission_payable:${customerId}`, currency, 'liability', `Commission payable to ${customerId}`, { customerId }),
  commissionExpense: (currency: string) => define('commission_expense', currency, 'expense', 'Reseller commissions'),
  /** Clearing between currencies: a deposit in one currency credited to a reseller in another. */
  fxConversion: (currency: string) => define('fx_conversion', currency, 'equity', `Currency conversion (${currency})`),
  /** Unidentified money received: kept apart until staff match it. */
  suspense: (currency: string) => define('suspense', currency, 'liability', 'Unmatched receipts'),
} as const;

export function accountKey(code: string, currency: string): string {
  return `${code}|${currency}`;
}
