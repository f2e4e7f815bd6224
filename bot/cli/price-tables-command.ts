import fs from 'node:fs';
import { staffActor } from './staff-actor';
import { parseArgs } from 'node:util';
import { can, refusal } from '../../domain/staff/roles';
import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { subcommand, UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';
import { exportCatalogue, exportTierPrices, importCatalogue, importTierPrices, PriceTableError } from '../prices/price-tables';

const USAGE = {
  catalogue: `Usage: esim-hub catalogue export FILE
       esim-hub catalogue import FILE --as OWNER_EMAIL
         Columns: sku,type,region_code,data_gb,validity_days,retail_price_usd,supplier_cost_usd,supplier_package_code,active
         (data_gb "unlimited" for no cap). Every row is checked first: an unknown region, a retail price
         below cost, a supplier cost above a tier price in force, a repeated SKU refuse the whole file,
         each bad row named. FILE "-" is standard output / input.`,
  'tier-prices': `Usage: esim-hub tier-prices export FILE
       esim-hub tier-prices import FILE --as OWNER_EMAIL [--effective-from YYYY-MM-DD]
         Columns: sku,tier,min_qty,unit_price_usd. Each SKU and tier in the file gets a new table from
         --effective-from (default today), replacing the one in force whole; quotes already made keep
         their prices. An unknown SKU, a price below supplier cost, a table that does not start at 1 or
         gets dearer with quantity refuse the whole file, each bad row named. FILE "-" is standard output / input.`,
};

/** `esim-hub catalogue|tier-prices export|import FILE`: the price tables as CSV, for an owner. */
export function priceTablesCommand(which: 'catalogue' | 'tier-prices'): Command {
  const run = async (args: string[]): Promise<number> => {
    const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { as: { type: 'string' }, 'effective-from': { type: 'string' } } });
    const [actionArg, file, extra] = positionals;
    const action = subcommand(which, actionArg, ['export', 'import'] as const);
    if (!file) throw new UsageError(`${which} ${action} needs a file ("-" for standard ${action === 'export' ? 'output' : 'input'}): esim-hub ${which} ${action} FILE${action === 'import' ? ' --as OWNER_EMAIL' : ''}`);
    if (extra !== undefined) throw new UsageError(`${which} ${action} takes one file (got "${extra}" too)`);
    if (action === 'import' && !values.as) throw new UsageError(`${which} import needs --as OWNER_EMAIL (who is changing the prices): esim-hub ${which} import FILE --as OWNER_EMAIL`);
    if (values['effective-from'] !== undefined && (which !== 'tier-prices' || action !== 'import')) throw new UsageError('--effective-from goes with tier-prices import only');
    let text = '';
    if (action === 'import') {
      try {
        text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
      } catch (error) {
        process.stderr.write(`esim-hub: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`);
        return 1;
      }
    }
    const db = await openCommandDatabase(loadConfig());
    try {
      await migrateDatabase(db);
      if (action === 'export') {
        const csv = which === 'catalogue' ? await exportCatalogue(db) : await exportTierPrices(db);
        if (file === '-') process.stdout.write(csv);
        else {
          fs.writeFileSync(file, csv, 'utf8');
          process.stdout.write(`${file}\n`);
        }
        return 0;
      }
      const staff = await staffActor(db, values.as);
      if (!staff) return 1;
      if (!can(staff.role, 'owner')) {
        process.stderr.write(`esim-hub: ${staff.email} cannot change the ${which === 'catalogue' ? 'catalogue' : 'tier prices'}: ${refusal(staff.role, 'owner')}\n`);
        return 1;
      }
      if (which === 'catalogue') {
        const done = await importCatalogue(db, text, staff.id);
        process.stdout.write(`catalogue: ${done.added} added, ${done.changed} changed, ${done.unchanged} unchanged\n`);
      } else {
        const done = await importTierPrices(db, text, staff.id, values['effective-from'] ? { effectiveFrom: values['effective-from'] } : {});
        process.stdout.write(`tier prices: ${done.tables} tables in force from ${done.effectiveFrom} (a running bot quotes from them within a second, or within a minute of that day)\n`);
      }
      return 0;
    } catch (error) {
      if (error instanceof PriceTableError) {
        process.stderr.write(`esim-hub: ${error.message}\n`);
        return 1;
      }
      throw error;
    } finally {
      await db.close();
    }
  };
  return { usage: USAGE[which], run };
}
