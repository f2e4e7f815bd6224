import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type pg from 'pg';
import { createTestDatabase, targets } from '../support/test-database';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Partial indexes, which Prisma 6's schema cannot state: made by a migration only (each named in a
 * comment in schema.prisma). They must exist on the migrated database; the comparison leaves them out.
 */
const MIGRATION_ONLY_INDEXES = ['messages_unprocessed_inbound_idx'];

/** Tables, columns, keys, indexes and enums as PostgreSQL reports them (our triggers aside). */
async function describeSchema(pool: pg.Pool) {
  const q = async (sql: string) => (await pool.query(sql)).rows;
  return {
    columns: await q(`SELECT table_name, column_name, udt_name, is_nullable, column_default FROM information_schema.columns
                      WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`),
    constraints: await q(`SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
                          WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')
                          AND conrelid::regclass::text <> '_prisma_migrations' ORDER BY 1, 2`),
    indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'
                      AND tablename <> '_prisma_migrations' AND indexname <> ALL ('{${MIGRATION_ONLY_INDEXES.join(',')}}') ORDER BY 1, 2`),
    enums: await q(`SELECT t.typname, e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY 1, 3`),
  };
}

// Prisma's CLI takes ~10 s per call, and the SQL is the same on both: check the last target only.
const target = targets[targets.length - 1]!;

describe(`prisma/migrations match prisma/schema.prisma on ${target}`, () => {
  test('the migrated database has exactly the schema Prisma derives from schema.prisma', async () => {
    const migrated = await createTestDatabase(target);
    const fromSchema = await createTestDatabase(target, { migrate: false });
    try {
      // Prisma's own schema engine (WebAssembly, no download) writes the SQL for the schema file.
      const { stdout } = await run(
        path.join(ROOT, 'node_modules', '.bin', 'prisma'),
        ['migrate', 'diff', '--from-empty', '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: fromSchema.url }, maxBuffer: 16 * 1024 * 1024 },
      );
      expect(stdout).toMatch(/CREATE TABLE "customers"/);
      await fromSchema.pool.query(stdout);
      expect(await describeSchema(migrated.pool)).toEqual(await describeSchema(fromSchema.pool));
      const partial = await migrated.pool.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND indexname = ANY ($1) ORDER BY 1`, [MIGRATION_ONLY_INDEXES]);
      expect(partial.rows.map((r) => r.indexname)).toEqual([...MIGRATION_ONLY_INDEXES].sort());
    } finally {
      await migrated.close();
      await fromSchema.close();
    }
  });
});
