import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';

export async function migrateCommand(): Promise<number> {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config, 1);
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
