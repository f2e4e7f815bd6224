import { loadConfig } from '../config';
import { migrateDatabase } from '../db/prepare';
import { UsageError, type Command } from './command-line';
import { openCommandDatabase } from './open-database';

const USAGE = `Usage: esim-hub migrate
  Applies the migrations in prisma/migrations that the database does not have yet (start does the
  same). The database is DATABASE_URL when set, else the embedded one in DATA_DIR (default ./data),
  created there if it does not exist.`;

async function migrateCommand(args: string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`migrate takes no arguments (got "${args[0]}")`);
  const config = loadConfig();
  const db = await openCommandDatabase(config, { create: true });
  try {
    const result = await migrateDatabase(db);
    const where = db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `the embedded database in ${config.dataDir}`;
    if (result.applied.length === 0) process.stdout.write(`${where} is up to date (${result.alreadyApplied.length} migrations).\n`);
    else process.stdout.write(`Applied to ${where}: ${result.applied.join(', ')}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

export const command: Command = { usage: USAGE, run: migrateCommand };
