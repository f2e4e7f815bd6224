-- AlterTable
ALTER TABLE "statements" ADD COLUMN     "account_type" "AccountType" NOT NULL DEFAULT 'prepaid',
ADD COLUMN     "closing_usd_minor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "csv_text" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "movement_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "opening_usd_minor" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "pdf_bytes" BYTEA,
ADD COLUMN     "pdf_sha256" TEXT;

-- A statement as issued never changes (issue 14): its figures and its document bytes are fixed at
-- insert; only sent_at may be set later. A correction is a new document.
CREATE FUNCTION statement_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'statements are kept: statement % cannot be deleted', OLD.id;
  END IF;
  IF (NEW.customer_id, NEW.period_start, NEW.period_end, NEW.currency, NEW.opening_minor, NEW.orders_minor, NEW.payments_minor,
      NEW.closing_minor, NEW.opening_usd_minor, NEW.closing_usd_minor, NEW.account_type, NEW.movement_count, NEW.csv_text, NEW.pdf_bytes, NEW.pdf_sha256)
     IS DISTINCT FROM
     (OLD.customer_id, OLD.period_start, OLD.period_end, OLD.currency, OLD.opening_minor, OLD.orders_minor, OLD.payments_minor,
      OLD.closing_minor, OLD.opening_usd_minor, OLD.closing_usd_minor, OLD.account_type, OLD.movement_count, OLD.csv_text, OLD.pdf_bytes, OLD.pdf_sha256) THEN
    RAISE EXCEPTION 'statements are immutable once issued: statement % (only sent_at may change)', OLD.id;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER statements_immutable BEFORE UPDATE OR DELETE ON "statements"
  FOR EACH ROW EXECUTE FUNCTION statement_document_immutable();
