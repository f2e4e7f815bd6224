-- Credit notes correcting issued invoices, and deposits whose match to an invoice was undone (issue 14).
-- AlterTable
ALTER TABLE "invoice_payments" ADD COLUMN     "withdrawn_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "credit_notes" (
    "id" SERIAL NOT NULL,
    "number" TEXT NOT NULL,
    "customer_id" TEXT NOT NULL,
    "invoice_id" INTEGER NOT NULL,
    "issue_date" DATE NOT NULL,
    "currency" TEXT NOT NULL,
    "amount_minor" BIGINT NOT NULL,
    "amount_usd_minor" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "billed_to" JSONB NOT NULL,
    "csv_text" TEXT NOT NULL,
    "pdf_bytes" BYTEA,
    "pdf_sha256" TEXT,
    "issued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "access_token" TEXT NOT NULL DEFAULT replace(((gen_random_uuid())::text || (gen_random_uuid())::text), '-'::text, ''::text),

    CONSTRAINT "credit_notes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_note_lines" (
    "id" SERIAL NOT NULL,
    "credit_note_id" INTEGER NOT NULL,
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

    CONSTRAINT "credit_note_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_note_reversals" (
    "entry_id" BIGINT NOT NULL,
    "credit_note_id" INTEGER NOT NULL,

    CONSTRAINT "credit_note_reversals_pkey" PRIMARY KEY ("entry_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_number_key" ON "credit_notes"("number");

-- CreateIndex
CREATE UNIQUE INDEX "credit_notes_access_token_key" ON "credit_notes"("access_token");

-- CreateIndex
CREATE INDEX "credit_notes_invoice_id_idx" ON "credit_notes"("invoice_id");

-- CreateIndex
CREATE INDEX "credit_notes_customer_id_issue_date_idx" ON "credit_notes"("customer_id", "issue_date");

-- CreateIndex
CREATE UNIQUE INDEX "credit_note_lines_credit_note_id_position_key" ON "credit_note_lines"("credit_note_id", "position");

-- CreateIndex
CREATE INDEX "credit_note_reversals_credit_note_id_idx" ON "credit_note_reversals"("credit_note_id");

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customers"("customer_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_invoice_id_fkey" FOREIGN KEY ("invoice_id") REFERENCES "invoices"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_note_reversals" ADD CONSTRAINT "credit_note_reversals_credit_note_id_fkey" FOREIGN KEY ("credit_note_id") REFERENCES "credit_notes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- What the database checks too: a line is quantity x unit price; a number has its format; a credit
-- note credits something.
ALTER TABLE "credit_note_lines" ADD CONSTRAINT "credit_note_lines_adds_up"
  CHECK ("line_minor" = "quantity"::bigint * "unit_price_minor" AND "line_usd_minor" = "quantity"::bigint * "unit_price_usd_minor");
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_number_format" CHECK ("number" ~ '^CN-[0-9]{4}-[0-9]{5}$');
ALTER TABLE "credit_notes" ADD CONSTRAINT "credit_notes_credit_something" CHECK ("amount_minor" > 0);

-- A credit note as issued never changes and is never removed, nor are its lines and the reversals it credited.
CREATE FUNCTION credit_note_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are kept as issued: no update or delete', TG_TABLE_NAME;
END $$;
CREATE TRIGGER credit_notes_kept BEFORE UPDATE OR DELETE ON "credit_notes"
  FOR EACH ROW EXECUTE FUNCTION credit_note_kept();
CREATE TRIGGER credit_note_lines_kept BEFORE UPDATE OR DELETE ON "credit_note_lines"
  FOR EACH ROW EXECUTE FUNCTION credit_note_kept();
CREATE TRIGGER credit_note_reversals_kept BEFORE UPDATE OR DELETE ON "credit_note_reversals"
  FOR EACH ROW EXECUTE FUNCTION credit_note_kept();
