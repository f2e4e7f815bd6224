import { loadConfig } from '../config';
import { log, setLogLevel } from '../log';
import { UsageError, type Command } from './command-line';

const SHUTDOWN_DEADLINE_MS = 4_500;

const USAGE = `Usage: esim-hub start
  Migrates the database, seeds it when it is empty, and runs the bot (web chat, channels, staff app)
  on PORT until SIGINT or SIGTERM. The database is DATABASE_URL when set, else the embedded one in
  DATA_DIR (default ./data), created there on the first start.`;

async function startCommand(args: string[]): Promise<number> {
  if (args.length > 0) throw new UsageError(`start takes no arguments (got "${args[0]}"); settings are environment variables (README, "Configuration")`);
  const config = loadConfig();
  setLogLevel(config.LOG_LEVEL);
  // Loaded here, not at the top: `esim-hub start --help` needs none of the channel libraries.
  const { startApp } = require('../app') as typeof import('../app');
  const app = await startApp(config).catch((error: unknown) => {
    // startApp closed the database, but what it opened before the failure (the HTTP port, the
    // process registry's beat, the notifications connection) would keep this process alive, serving
    // errors and looking alive to the others: it exits once the error is printed, so that a
    // supervisor starts it again.
    setTimeout(() => process.exit(1), 500).unref();
    throw error;
  });
  const shared = app.db.kind === 'postgres';
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      log.info('shutting down', { signal });
      // A container runtime kills what is still running after its grace period (often 10 s): what
      // this process holds is in the database and is taken over by another process either way.
      // The embedded PGlite is one process with its data in a folder: it is always closed properly.
      if (shared) setTimeout(() => {
        log.warn('shutdown overran 4.5 s; exiting now (unfinished work is retried by another process)', { waitingFor: app.stopping.step });
        process.exit(0);
      }, SHUTDOWN_DEADLINE_MS).unref();
      app.stop().then(resolve, (error: unknown) => {
        log.error('shutdown failed', { error });
        resolve();
      });
    };
    process.once('SIGINT', () => shutdown('SIGINT'));
    process.once('SIGTERM', () => shutdown('SIGTERM'));
  });
  log.info('stopped');
  // On PostgreSQL what was left running (see stop) must not keep the process alive.
  if (shared) process.exit(0);
  return 0;
}

export const command: Command = { usage: USAGE, run: startCommand };
