import { sql as raw } from 'kysely';
import { suggestTiers, type Tier } from '../../domain/resellers/tier-suggestion';
import { can, refusal, type StaffRole } from '../../domain/staff/roles';
import type { Database } from '../db/database';
import { poolSql, transaction } from '../db/sql';
import { q, run } from '../store/query-builder';
import { editResellerIn, ResellerEditError } from './edit-reseller';

// Tier suggestions in the database: made once a month (the 1st, from the three months that ended, by
// the scheduler or `esim-hub tiers suggest`), each kept once per reseller and month; accepting one
// changes the tier through the reseller edit (owner only, audited), dismissing it needs the desk.

export class TierSuggestionError extends Error {}

const monthStart = (month: string) => `${month}-01`;
/** The `n` months ending with `month`, oldest first; and the month after it. */
function monthsEnding(month: string, n: number): { months: string[]; next: string } {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const key = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  const last = y * 12 + (m - 1);
  return { months: Array.from({ length: n }, (_, i) => key(last - (n - 1 - i))), next: key(last + 1) };
}

/** The suggestions from the three months ending with `month` (YYYY-MM, a month that has ended); run again, it adds nothing. */
export async function makeTierSuggestions(db: Database, month: string): Promise<{ created: number; months: string[] }> {
  const { months, next } = monthsEnding(month, 3);
  const sql = poolSql(db.pool);
  const resellers = await run(sql, q.selectFrom('customers').select(['customer_id', 'tier', 'parent_customer_id']).where('active', '=', true));
  const volume = await run(
    sql,
    q.selectFrom('orders as o')
      .innerJoin('order_lines as l', 'l.order_id', 'o.id')
      .select(['o.customer_id', raw<string>`to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM')`.as('month'), raw<number>`sum(l.quantity_delivered)::bigint`.as('cards')])
      .where('o.created_at', '>=', raw<Date>`${monthStart(months[0]!)}::timestamptz`)
      .where('o.created_at', '<', raw<Date>`${monthStart(next)}::timestamptz`)
      .groupBy(['o.customer_id', raw`2`]),
  );
  const cardsOf = (id: string) => months.map((m) => Number(volume.find((v) => v.customer_id === id && v.month === m)?.cards ?? 0));
  const suggestions = suggestTiers(resellers.map((r) => ({ customerId: r.customer_id, tier: r.tier as Tier, parentCustomerId: r.parent_customer_id, cards: cardsOf(r.customer_id) })));
  if (suggestions.length === 0) return { created: 0, months };
  const inserted = await run(
    sql,
    q.insertInto('tier_suggestions')
      .values(suggestions.map((s) => ({ customer_id: s.customerId, month, current_tier: s.currentTier, suggested_tier: s.suggestedTier, average_cards: s.averageCards })))
      .onConflict((oc) => oc.columns(['customer_id', 'month']).doNothing())
      .returning('id'),
  );
  return { created: inserted.length, months };
}

export async function pendingTierSuggestions(db: Database) {
  const rows = await run(
    poolSql(db.pool),
    q.selectFrom('tier_suggestions as t').innerJoin('customers as c', 'c.customer_id', 't.customer_id')
      .select(['t.id', 't.customer_id', 'c.company', 't.month', 't.current_tier', 't.suggested_tier', 't.average_cards', 'c.tier as tier_now'])
      .where('t.status', '=', 'pending')
      .orderBy('t.id'),
  );
  return rows.map((r) => ({ id: r.id, customerId: r.customer_id, company: r.company, month: r.month, currentTier: r.current_tier, suggestedTier: r.suggested_tier, averageCards: r.average_cards, tierNow: r.tier_now }));
}

/** Accept (owner: the tier changes, audited as a reseller edit) or dismiss (the desk) one suggestion. */
export async function decideTierSuggestion(db: Database, id: number, decision: 'accept' | 'dismiss', staff: { staffId: number; role: StaffRole }, now = new Date()): Promise<string> {
  const need = decision === 'accept' ? 'owner' : 'desk';
  if (!can(staff.role, need)) throw new TierSuggestionError(refusal(staff.role, need));
  // One transaction: the suggestion locked, the tier changed and the suggestion marked, or nothing.
  return transaction(db.pool, async (sql) => {
    const [s] = await run(sql, q.selectFrom('tier_suggestions as t').innerJoin('customers as c', 'c.customer_id', 't.customer_id').select(['t.id', 't.customer_id', 't.current_tier', 't.suggested_tier', 't.status', 'c.tier']).where('t.id', '=', id).forUpdate(['t']));
    if (!s) throw new TierSuggestionError(`no tier suggestion ${id}`);
    if (s.status !== 'pending') throw new TierSuggestionError(`tier suggestion ${id} was already ${s.status}`);
    if (decision === 'accept') {
      if (s.tier !== s.current_tier) throw new TierSuggestionError(`${s.customer_id} is ${s.tier} now, not the ${s.current_tier} the suggestion was made for: dismiss it`);
      try {
        await editResellerIn(sql, s.customer_id, { tier: s.suggested_tier }, staff, now);
      } catch (error) {
        if (error instanceof ResellerEditError) throw new TierSuggestionError(error.errors.join('; '));
        throw error;
      }
    }
    await run(sql, q.updateTable('tier_suggestions').set({ status: decision === 'accept' ? 'accepted' : 'dismissed', decided_by_id: staff.staffId, decided_at: now }).where('id', '=', id));
    return `${s.customer_id}: ${decision === 'accept' ? `now ${s.suggested_tier}` : `stays as it is`}`;
  });
}
