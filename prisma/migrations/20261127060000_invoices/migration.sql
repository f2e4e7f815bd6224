-- Invoices for postpaid resellers (issue 14). Written by hand for exactly these changes.

-- AlterTable
ALTER TABLE "customers" ADD COLUMN     "invoice_note" TEXT,
ADD COLUMN     "tax_number" TEXT,
ADD COLUMN     "zero_invoices" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable (no invoice was ever written before this migration)
ALTER TABLE "invoices" ADD COLUMN     "amount_usd_minor" BIGINT NOT NULL,
ADD COLUMN     "billed_to" JSONB NOT NULL,
ADD COLUMN     "csv_text" TEXT NOT NULL,
ADD COLUMN     "due_date" DATE NOT NULL,
ADD COLUMN     "issue_date" DATE NOT NULL,
ADD COLUMN     "paid_at" TIMESTAMPTZ(3),
ADD COLUMN     "payment_terms_days" INTEGER NOT NULL,
ADD COLUMN     "pdf_bytes" BYTEA,
ADD COLUMN     "pdf_sha256" TEXT;

-- CreateTable
CREATE TABLE "invoice_lines" (
    "id" SERIAL NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "entry_id" BIGINT NOT NULL,
    "order_reference" TEXT NOT NULL,
    "date" DATE NOT NULL,
    "kind" TEXT NOT NULL,
    "sku" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "unit_price_minor" BIGINT NOT NULL,
    "line_minor" BIGINT NOT NULL,
    "unit_price_usd_minor" BIGINT NOT NULL,
    "line_usd_minor" BIGINT NOT NULL,

    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_charges" (
    "entry_id" BIGINT NOT NULL,
    "invoice_id" INTEGER NOT NULL,

    CONSTRAINT "invoice_charges_pkey" PRIMARY KEY ("entry_id")
);

-- CreateIndex
CREATE INDEX "invoices_customer_id_issue_date_idx" ON "invoices"("customer_id", "issue_date");

-- CreateIndex
CREATE UNIQUE INDEX "invoice_lines_invoice_id_position_key" ON "invoice_lines"("invoice_id", "position");

-- CreateIndex
CREATE INDEX "invoice_charges_invoice_id_idx" ON "invoice_charges"("invoice_id");

-- AddForeignKey
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_charges" ADD CONSTRAINT "invoice_charges_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- What the database checks too (STYLE: the same property in two places): a billing day is a day
-- of the month; a line is quantity x unit price; an invoice's dates follow each other.
ALTER TABLE "customers" ADD CONSTRAINT "customers_billing_day_range" CHECK ("billing_day" BETWEEN 1 AND 31);
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_adds_up"
  CHECK ("line_minor" = "quantity"::bigint * "unit_price_minor" AND "line_usd_minor" = "quantity"::bigint * "unit_price_usd_minor");
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_dates_in_order"
  CHECK ("period_start" <= "period_end" AND "period_end" < "issue_date" AND "issue_date" <= "due_date");
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_number_format" CHECK ("number" ~ '^INV-[0-9]{4}-[0-9]{5}$');

-- An invoice as issued never changes: its figures and document are fixed at insert; only status and
-- paid_at may be set later. Its lines and the charges it billed are never changed or removed.
CREATE FUNCTION invoice_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'invoices are kept: invoice % cannot be deleted', OLD.number;
  END IF;
  IF (NEW.number, NEW.customer_id, NEW.period_start, NEW.period_end, NEW.currency, NEW.amount_minor, NEW.amount_usd_minor, NEW.issued_at,
      NEW.due_at, NEW.issue_date, NEW.due_date, NEW.payment_terms_days, NEW.billed_to, NEW.csv_text, NEW.pdf_bytes, NEW.pdf_sha256)
     IS DISTINCT FROM
     (OLD.number, OLD.customer_id, OLD.period_start, OLD.period_end, OLD.currency, OLD.amount_minor, OLD.amount_usd_minor, OLD.issued_at,
      OLD.due_at, OLD.issue_date, OLD.due_date, OLD.payment_terms_days, OLD.billed_to, OLD.csv_text, OLD.pdf_bytes, OLD.pdf_sha256) THEN
    RAISE EXCEPTION 'invoices are immutable once issued: invoice % (only status and paid_at may change)', OLD.number;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON "invoices"
  FOR EACH ROW EXECUTE FUNCTION invoice_document_immutable();

CREATE FUNCTION invoice_rows_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are kept as issued: no update or delete', TG_TABLE_NAME;
END $$;
CREATE TRIGGER invoice_lines_kept BEFORE UPDATE OR DELETE ON "invoice_lines"
  FOR EACH ROW EXECUTE FUNCTION invoice_rows_kept();
CREATE TRIGGER invoice_charges_kept BEFORE UPDATE OR DELETE ON "invoice_charges"
  FOR EACH ROW EXECUTE FUNCTION invoice_rows_kept();
