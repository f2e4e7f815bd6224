-- Currencies are text with a check (three capital letters), not char(3): no padding to trim, and a
-- lower-case or two-letter code is refused where it is written.
-- AlterTable
ALTER TABLE "customers" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "fx_rates" DROP CONSTRAINT "fx_rates_pkey",
ALTER COLUMN "currency" SET DATA TYPE TEXT,
ADD CONSTRAINT "fx_rates_pkey" PRIMARY KEY ("rate_date", "currency");
-- AlterTable
ALTER TABLE "quotes" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "orders" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "ledger_accounts" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "postings" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "account_balances" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "bank_deposits" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "statements" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "invoices" ALTER COLUMN "currency" SET DATA TYPE TEXT;
-- AlterTable
ALTER TABLE "commission_payouts" ALTER COLUMN "currency" SET DATA TYPE TEXT;

ALTER TABLE "customers" ADD CONSTRAINT "customers_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "fx_rates" ADD CONSTRAINT "fx_rates_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "quotes" ADD CONSTRAINT "quotes_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "orders" ADD CONSTRAINT "orders_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "postings" ADD CONSTRAINT "postings_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "bank_deposits" ADD CONSTRAINT "bank_deposits_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "statements" ADD CONSTRAINT "statements_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');
ALTER TABLE "commission_payouts" ADD CONSTRAINT "commission_payouts_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$');

-- The posting check read the account's currency into a char(3) variable.
CREATE OR REPLACE FUNCTION ledger_posting_currency_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE account_currency text;
BEGIN
  SELECT currency INTO account_currency FROM ledger_accounts WHERE id = NEW.account_id;
  IF account_currency IS DISTINCT FROM NEW.currency THEN
    RAISE EXCEPTION 'ledger: posting currency % differs from account % currency %',
      NEW.currency, NEW.account_id, account_currency USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
