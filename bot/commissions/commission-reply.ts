import { sql as raw } from 'kysely';
import { formatMoney } from '../../domain/money';
import { commissionReply } from '../../domain/replies/commission-texts';
import type { Sql } from '../db/sql';
import { q, run } from '../store/query-builder';

/** The answer to "my commission": the reseller's last three payouts, or why there is none. */
export async function commissionText(sql: Sql, language: string | null, customerId: string): Promise<string> {
  const [customer] = await run(sql, q.selectFrom('customers').select('reseller_type').where('customer_id', '=', customerId));
  const payouts = await run(
    sql,
    q.selectFrom('commission_payouts')
      .select(['currency', 'amount_minor', 'status', 'transfer_reference', raw<string>`to_char(month, 'YYYY-MM')`.as('month')])
      .where('customer_id', '=', customerId)
      .orderBy('month', 'desc')
      .limit(3),
  );
  return commissionReply(
    language,
    customer?.reseller_type === 'commission',
    payouts.map((p) => ({ month: p.month, amount: formatMoney({ amountMinor: Number(p.amount_minor), currency: p.currency }), status: p.status, transferReference: p.transfer_reference })),
  );
}
