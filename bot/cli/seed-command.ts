import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { seed } from '../db/seed';
import { UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage: esim-hub seed
  Loads the reference data (prisma/seed/*.csv: regions, catalogue, tier prices, resellers and
  their contacts, customer prices, FX rates)
  after migrating. Only rows that are missing are inserted: running it twice changes nothing, and
  it never overwrites what staff changed. Creates the embedded database in DATA_DIR if there is none.`;

async function seedCommand(args: string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`seed takes no arguments (got "${args[0]}")`);
  const config = loadConfig();
  const db = await openCommandDatabase(config, { create: true });
  try {
    await migrateDatabase(db);
    const { inserted, refused } = await seed(db.prisma);
    for (const reason of refused) process.stderr.write(`Refused (not loaded): ${reason}\n`);
    const total = Object.values(inserted).reduce((a, b) => a + b, 0);
    process.stdout.write(
      total === 0
        ? 'Reference data already present: nothing to insert.\n'
        : `Inserted: ${Object.entries(inserted).map(([table, n]) => `${table} ${n}`).join(', ')}\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: seedCommand };
