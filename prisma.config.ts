import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

// `prisma generate` reads the datasource url although it never connects; the bot itself always
// passes its own connection (embedded PGlite or DATABASE_URL) through the driver adapter.
process.env.DATABASE_URL ??= 'postgresql://unused@127.0.0.1:1/unused';

// The adapter route runs Prisma's schema engine as WebAssembly: no engine binary is downloaded.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const { pgPoolConfig } = await import('./bot/db/pg-pool-config');
    return new PrismaPg(pgPoolConfig(process.env.DATABASE_URL as string));
  },
});
