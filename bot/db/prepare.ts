import type { Config } from '../config';
import { log } from '../log';
import { openDatabase, type Database } from './database';
import { migrate, type MigrateResult } from './migrate';
import { isEmpty, seed, type SeedResult } from './seed';

export function openConfiguredDatabase(config: Config, poolMax?: number): Promise<Database> {
  return openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolMax: poolMax ?? (config.DATABASE_URL ? config.DATABASE_POOL_MAX : undefined) });
}

export async function migrateDatabase(db: Database): Promise<MigrateResult> {
  const client = await db.pool.connect();
  try {
    return await migrate(client);
  } finally {
    client.release();
  }
}

/** What `start` does before serving: migrate, and seed a database that has no data yet. */
export async function prepareDatabase(db: Database): Promise<{ migrated: MigrateResult; seeded: SeedResult | null }> {
  const migrated = await migrateDatabase(db);
  if (migrated.applied.length > 0) log.info('database migrated', { applied: migrated.applied });
  const found = (await isEmpty(db.prisma)) ? await seed(db.prisma) : null;
  // Another process starting at the same moment may have seeded it first (its rows are skipped here): that one says so.
  const seeded = found && Object.values(found.inserted).some((n) => n > 0) ? found : null;
  if (seeded) log.info('empty database seeded with the reference data', seeded.inserted);
  for (const reason of seeded?.refused ?? []) log.warn('seed: price refused, fix it in the staff app or the CSV', { reason });
  return { migrated, seeded };
}
