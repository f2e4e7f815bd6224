import { createHash } from 'node:crypto';
import { sql as raw } from 'kysely';
import type { Statement } from '../../domain/statements/statement';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

// Issued statements, kept as issued: one row per (reseller, month), unique in the database, with the
// CSV text and the PDF bytes. Whoever inserts first issues it; anyone else (a second run, another
// bot process) reads that one. A trigger refuses to change a statement's figures or bytes.

export interface IssuedStatement {
  id: number;
  customerId: string;
  month: string;
  closingMinor: number;
  closingUsdMinor: number;
  openingMinor: number;
  csv: string;
  pdf: Buffer;
  pdfSha256: string;
  createdAt: Date;
}

function issued(row: { id: number; customer_id: string; period_start: Date; opening_minor: number; closing_minor: number; closing_usd_minor: number; csv_text: string; pdf_bytes: Buffer | null; pdf_sha256: string | null; created_at: Date }): IssuedStatement {
  return {
    id: row.id,
    customerId: row.customer_id,
    month: row.period_start.toISOString().slice(0, 7),
    openingMinor: Number(row.opening_minor),
    closingMinor: Number(row.closing_minor),
    closingUsdMinor: Number(row.closing_usd_minor),
    csv: row.csv_text,
    pdf: row.pdf_bytes ?? Buffer.alloc(0),
    pdfSha256: row.pdf_sha256 ?? '',
    createdAt: row.created_at,
  };
}

const COLUMNS = ['id', 'customer_id', 'period_start', 'opening_minor', 'closing_minor', 'closing_usd_minor', 'csv_text', 'pdf_bytes', 'pdf_sha256', 'created_at'] as const;

export async function findStatement(sql: Sql, customerId: string, firstDay: string): Promise<IssuedStatement | null> {
  const [row] = await run(sql, q.selectFrom('statements').select([...COLUMNS]).where('customer_id', '=', customerId).where('period_start', '=', raw<Date>`${firstDay}::date`));
  return row ? issued(row) : null;
}

/** Keeps the statement unless one for the same reseller and month exists; returns the one kept and whether it is this one. */
export async function keepStatement(sql: Sql, s: Statement, csv: string, pdf: Buffer, issuedAt: Date): Promise<{ statement: IssuedStatement; created: boolean }> {
  const inserted = await run(
    sql,
    q.insertInto('statements')
      .values({
        customer_id: s.customer.id,
        period_start: raw<Date>`${s.period.firstDay}::date`,
        period_end: raw<Date>`${s.period.lastDay}::date`,
        currency: s.currency,
        account_type: s.customer.accountType,
        opening_minor: s.openingMinor,
        orders_minor: s.totals.chargesMinor,
        payments_minor: s.totals.creditsMinor,
        closing_minor: s.closingMinor,
        opening_usd_minor: s.openingUsdMinor,
        closing_usd_minor: s.closingUsdMinor,
        movement_count: s.lines.length,
        csv_text: csv,
        pdf_bytes: pdf,
        pdf_sha256: createHash('sha256').update(pdf).digest('hex'),
        // Issued when the run says (its clock, as printed on the PDF), not when the row happened to be written.
        created_at: issuedAt,
      })
      .onConflict((oc) => oc.columns(['customer_id', 'period_start']).doNothing())
      .returning([...COLUMNS]),
  );
  if (inserted[0]) return { statement: issued(inserted[0]), created: true };
  const existing = await findStatement(sql, s.customer.id, s.period.firstDay);
  if (!existing) throw new Error(`statement ${s.customer.id} ${s.period.month}: neither inserted nor found`);
  return { statement: existing, created: false };
}

/** The statement issued for the month before, if any: its closing balance is this month's opening. */
export async function previousStatement(sql: Sql, customerId: string, firstDayOfPrevious: string): Promise<IssuedStatement | null> {
  return findStatement(sql, customerId, firstDayOfPrevious);
}
