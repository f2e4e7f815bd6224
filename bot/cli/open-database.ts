import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';
import type { Database } from '../db/database';
import { findRunningServer } from '../db/embedded-server';
import { openConfiguredDatabase } from '../db/prepare';
import { CommandError } from './command-line';

// bot/db/embedded-server.ts keeps PGlite in DATA_DIR/pgdata; a folder that holds a database cluster
// has PG_VERSION.
const EMBEDDED_CLUSTER_MARK = path.join('pgdata', 'PG_VERSION');

/**
 * Opens the database a command works on. Only `start`, `migrate` and `seed` may create the embedded
 * one (`create`): any other command run from the wrong folder would otherwise answer from a new,
 * empty database ("Nothing waiting.") and leave it behind. Failing to open is the operator's to fix
 * (DATABASE_URL unreachable, the folder held by another process): one line, not a stack trace.
 */
export async function openCommandDatabase(config: Config, options: { create?: boolean } = {}): Promise<Database> {
  if (!config.DATABASE_URL && !options.create && !fs.existsSync(path.join(config.dataDir, EMBEDDED_CLUSTER_MARK)) && !(await findRunningServer(config.dataDir))) {
    throw new CommandError(
      `no database in ${config.dataDir} (DATA_DIR, default ./data): run this from the bot's folder, set DATA_DIR or DATABASE_URL to its database, or create one there with esim-hub start`,
    );
  }
  try {
    return await openConfiguredDatabase(config, 1);
  } catch (error) {
    throw new CommandError((error as Error).message, { cause: error });
  }
}
