import { loadConfig } from '../config';
import { migrateDatabase, openConfiguredDatabase } from '../db/prepare';
import { seed } from '../db/seed';

export async function seedCommand(): Promise<number> {
  const config = loadConfig();
  const db = await openConfiguredDatabase(config, 1);
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
