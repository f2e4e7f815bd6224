import { parseArgs } from 'node:util';
import { staffActor } from './staff-actor';
import { can, refusal } from '../../domain/staff/roles';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';
import { listPrices, PriceProposalError, proposePrice, rejectPrice } from '../prices/customer-prices';
import { QueueError } from '../staff/queue';
import { approvePrice } from '../staff/approvals';
import { decideReview, priceReview, reviewCsv } from '../prices/price-review';
import { isQuarter, quarterOf } from '../../domain/pricing/quarter';

const USAGE = `Usage: esim-hub prices propose B2B-NNN SKU PRICE --valid-to YYYY-MM-DD --reason TEXT --as STAFF_EMAIL [--valid-from YYYY-MM-DD]
         Proposes a customer-specific unit price in USD (e.g. 7.60), from --valid-from (default today) to
         --valid-to (at most 12 months ahead). Refused, with the reason, below the supplier cost or above
         the reseller's tier price at quantity 1. Prints the proposal's id as the last word.
       esim-hub prices approve ID --as OWNER_EMAIL     (owner only; the price applies from now)
       esim-hub prices reject ID --as OWNER_EMAIL      (owner only; it never applies)
       esim-hub prices list [B2B-NNN] [--json]
       esim-hub prices review [--quarter YYYY-QN] [--json]   (CSV on standard output: every approved price in
         force in the quarter with cards, revenue, cost and margin, and the decision recorded)
       esim-hub prices keep|end ID --quarter YYYY-QN --as OWNER_EMAIL [--reason NOTE]   (end: stops after today)`;

const fail = (message: string) => {
  process.stderr.write(`esim-hub: ${message}\n`);
  return 1;
};

/** `esim-hub prices propose|approve|reject|list|review|keep|end`: customer-specific prices, as the app's staff would. */
async function pricesCommand(args: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'valid-to': { type: 'string' }, 'valid-from': { type: 'string' }, reason: { type: 'string' }, as: { type: 'string' }, quarter: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const [actionArg, ...rest] = positionals;
  const action = subcommand('prices', actionArg, ['propose', 'approve', 'reject', 'list', 'review', 'keep', 'end'] as const);
  const quarterOk = values.quarter !== undefined && isQuarter(values.quarter.toUpperCase());
  if (values.quarter !== undefined && !quarterOk) throw new UsageError(`--quarter ${JSON.stringify(values.quarter)} is not a quarter; write it as YYYY-QN, e.g. 2026-Q4`);
  const decides = action === 'approve' || action === 'reject' || action === 'keep' || action === 'end';
  const missing = [
    action === 'propose' && rest.length !== 3 && 'B2B-NNN SKU PRICE',
    decides && (rest.length !== 1 || !/^\d+$/.test(rest[0]!)) && 'ID (from esim-hub prices list)',
    action === 'propose' && !values['valid-to'] && '--valid-to YYYY-MM-DD',
    action === 'propose' && !values.reason && '--reason TEXT',
    (action === 'keep' || action === 'end') && !values.quarter && '--quarter YYYY-QN',
    (action === 'propose' || decides) && !values.as && `--as ${action === 'propose' ? 'STAFF' : 'OWNER'}_EMAIL`,
  ].filter((m): m is string => typeof m === 'string');
  if (missing.length > 0) throw new UsageError(`prices ${action} needs ${missing.join(', ')}; see esim-hub prices --help`);
  if (action === 'list' && rest.length > 1) throw new UsageError(`prices list takes at most one reseller id (got "${rest.join(' ')}"): esim-hub prices list [B2B-NNN] [--json]`);
  if (action === 'review' && rest.length > 0) throw new UsageError(`prices review does not take "${rest[0]}": esim-hub prices review [--quarter YYYY-QN] [--json]`);
  const db = await openCommandDatabase(loadConfig());
  try {
    await migrateDatabase(db);
    if (action === 'list') {
      const rows = await listPrices(db, rest[0] ?? null);
      if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else if (rows.length === 0) process.stdout.write('No customer-specific prices.\n');
      else for (const r of rows) process.stdout.write(`#${r.id}\t${r.customerId}\t${r.sku}\tUSD ${r.price}\t${r.validFrom} to ${r.validTo}\t${r.status}${r.decidedBy ? ` by ${r.decidedBy}` : ''}\t${r.reason}\n`);
      return 0;
    }
    if (action === 'review') {
      const quarter = values.quarter?.toUpperCase() ?? quarterOf(new Date().toISOString().slice(0, 10));
      const rows = await priceReview(db, quarter);
      process.stdout.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : reviewCsv(rows));
      return 0;
    }
    const staff = await staffActor(db, values.as);
    if (!staff) return 1;
    if (action === 'propose') {
      const [customerId, sku, price] = rest as [string, string, string];
      const id = await proposePrice(db, { customerId, sku, price, validTo: values['valid-to']!, reason: values.reason!, staffId: staff.id, staffEmail: staff.email, ...(values['valid-from'] ? { validFrom: values['valid-from'] } : {}) });
      process.stdout.write(`Proposed USD ${price} for ${sku} to ${customerId.toUpperCase()} until ${values['valid-to']}; an owner approves it with: esim-hub prices approve ${id} --as OWNER_EMAIL. Proposal ${id}\n`);
      return 0;
    }
    if (!can(staff.role, 'owner')) return fail(`${staff.email} cannot ${action} a price: ${refusal(staff.role, 'owner')}`);

    const id = Number(rest[0]);
    if (action === 'keep' || action === 'end') {
      await decideReview(db, { priceId: id, quarter: values.quarter!.toUpperCase(), decision: action, ...(values.reason ? { note: values.reason } : {}), staffId: staff.id });
      process.stdout.write(`Price ${id}: ${action === 'keep' ? 'kept' : 'ended (it no longer applies after today)'} at the ${values.quarter!.toUpperCase()} review\n`);
      return 0;
    }
    if (action === 'approve') await approvePrice(db, id, { staffId: staff.id, email: staff.email });
    else await rejectPrice(db, id, { staffId: staff.id, email: staff.email });
    process.stdout.write(`Price ${id} ${action === 'approve' ? 'approved: it applies to quotes from now (a running bot reads prices again within a second)' : 'rejected: it will not apply'}\n`);
    return 0;
  } catch (error) {
    if (error instanceof PriceProposalError || error instanceof QueueError) return fail(error.message);
    throw error;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: pricesCommand };
