-- Ledger invariants enforced by PostgreSQL itself, a second line behind the checks in domain/ledger.
-- Prisma's schema language cannot express these; `prisma migrate diff` does not read them either.

-- A posting moves money: never zero. Positive = debit, negative = credit.
ALTER TABLE "postings" ADD CONSTRAINT "postings_amount_not_zero" CHECK ("amount_minor" <> 0);
ALTER TABLE "account_balances" ADD CONSTRAINT "account_balances_sides_not_negative"
  CHECK ("debits_minor" >= 0 AND "credits_minor" >= 0);

-- A posting's currency is its account's currency.
CREATE FUNCTION ledger_posting_currency_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE account_currency char(3);
BEGIN
  SELECT currency INTO account_currency FROM ledger_accounts WHERE id = NEW.account_id;
  IF account_currency IS DISTINCT FROM NEW.currency THEN
    RAISE EXCEPTION 'ledger: posting currency % differs from account % currency %',
      NEW.currency, NEW.account_id, account_currency USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER postings_currency_check BEFORE INSERT ON "postings"
  FOR EACH ROW EXECUTE FUNCTION ledger_posting_currency_check();

-- Every journal entry balances per currency and has at least two postings. An entry's postings are
-- written by one INSERT statement, and are checked when that statement ends. (Not a deferred
-- constraint trigger: an error raised at COMMIT leaks the connection in @prisma/adapter-pg 6.19,
-- which releases its pool client only after a successful COMMIT/ROLLBACK statement.)
CREATE FUNCTION ledger_entry_balanced_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE problem record;
BEGIN
  SELECT p.entry_id, count(*) AS postings INTO problem
    FROM postings p WHERE p.entry_id IN (SELECT DISTINCT entry_id FROM inserted)
    GROUP BY p.entry_id HAVING count(*) < 2 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger: journal entry % has % postings, needs at least 2', problem.entry_id, problem.postings
      USING ERRCODE = '23514';
  END IF;
  SELECT p.entry_id, p.currency, sum(p.amount_minor) AS total INTO problem
    FROM postings p WHERE p.entry_id IN (SELECT DISTINCT entry_id FROM inserted)
    GROUP BY p.entry_id, p.currency HAVING sum(p.amount_minor) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger: journal entry % is unbalanced in %: debits - credits = %',
      problem.entry_id, problem.currency, problem.total USING ERRCODE = '23514';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER postings_balanced AFTER INSERT ON "postings"
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION ledger_entry_balanced_check();

-- Entries and postings are immutable: a correction is a reversing entry.
CREATE FUNCTION ledger_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ledger: % rows are immutable; post a reversing entry instead', TG_TABLE_NAME
    USING ERRCODE = '55000';
END $$;
CREATE TRIGGER journal_entries_immutable BEFORE UPDATE OR DELETE ON "journal_entries"
  FOR EACH ROW EXECUTE FUNCTION ledger_immutable();
CREATE TRIGGER postings_immutable BEFORE UPDATE OR DELETE ON "postings"
  FOR EACH ROW EXECUTE FUNCTION ledger_immutable();

-- An account flagged like a prepaid balance can never be overdrawn, whatever wrote the balance.
CREATE FUNCTION ledger_balance_limits_check() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE account record;
BEGIN
  SELECT currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits INTO account
    FROM ledger_accounts WHERE id = NEW.account_id;
  IF account.currency IS DISTINCT FROM NEW.currency THEN
    RAISE EXCEPTION 'ledger: balance currency % differs from account % currency %',
      NEW.currency, NEW.account_id, account.currency USING ERRCODE = '23514';
  END IF;
  IF account.debits_must_not_exceed_credits AND NEW.debits_minor > NEW.credits_minor THEN
    RAISE EXCEPTION 'ledger: account % would be overdrawn (debits % > credits %)',
      NEW.account_id, NEW.debits_minor, NEW.credits_minor USING ERRCODE = '23514';
  END IF;
  IF account.credits_must_not_exceed_debits AND NEW.credits_minor > NEW.debits_minor THEN
    RAISE EXCEPTION 'ledger: account % would go past zero (credits % > debits %)',
      NEW.account_id, NEW.credits_minor, NEW.debits_minor USING ERRCODE = '23514';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER account_balances_limits BEFORE INSERT OR UPDATE ON "account_balances"
  FOR EACH ROW EXECUTE FUNCTION ledger_balance_limits_check();
