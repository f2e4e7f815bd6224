import type { Config } from './config';
import type { Database } from './db/database';
import { openConfiguredDatabase, prepareDatabase } from './db/prepare';
import { buildHttpServer } from './http/server';
import { log } from './log';

export interface RunningApp {
  db: Database;
  url: string;
  stop(): Promise<void>;
}

/** `esim-hub start`: database ready (migrated, seeded when empty), then the HTTP server. */
export async function startApp(config: Config): Promise<RunningApp> {
  const db = await openConfiguredDatabase(config);
  try {
    await prepareDatabase(db);
    const http = buildHttpServer({ db, startedAt: new Date() });
    const address = await http.listen({ port: config.PORT, host: config.HOST });
    log.info('esim-hub is running', {
      url: address,
      database: db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`,
      demoMode: config.demoMode,
      supplier: config.SUPPLIER,
    });
    return {
      db,
      url: address,
      async stop() {
        await http.close();
        await db.close();
      },
    };
  } catch (error) {
    await db.close();
    throw error;
  }
}
