import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { z } from 'zod';
import { PgliteWireServer } from './pglite-wire-server';

// The embedded default: PostgreSQL compiled to WebAssembly (PGlite), kept in DATA_DIR and served on a
// loopback port over the ordinary wire protocol, so the bot, `esim-hub` commands and Prisma all talk
// to it exactly as to a real PostgreSQL. PGlite has one writer: whoever opened the folder serves it,
// and every other process connects to that server instead of opening the folder itself.

const lockSchema = z.object({ pid: z.number().int(), port: z.number().int(), startedAt: z.string() });
export type EmbeddedLock = z.infer<typeof lockSchema>;

export const EMBEDDED_LOCK_FILE = 'embedded-db.json';
const PGDATA_DIR = 'pgdata';
const CONNECTIONS_MAX = 32;

export function embeddedUrl(port: number): string {
  return `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portAnswers(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The server another process runs on this data folder, if it is alive. */
export async function findRunningServer(dataDir: string): Promise<EmbeddedLock | null> {
  const file = path.join(dataDir, EMBEDDED_LOCK_FILE);
  let lock: EmbeddedLock;
  try {
    lock = lockSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch {
    return null;
  }
  if (lock.pid === process.pid) return null;
  if (processAlive(lock.pid) && (await portAnswers(lock.port))) return lock;
  return null;
}

export interface EmbeddedServer {
  url: string;
  port: number;
  db: PGlite;
  stop(): Promise<void>;
}

/** Serves an in-memory PGlite (tests) or the folder `dataDir/pgdata` on 127.0.0.1. */
export async function startEmbeddedServer(options: { dataDir: string | null; port?: number }): Promise<EmbeddedServer> {
  const lockFile = options.dataDir ? path.join(options.dataDir, EMBEDDED_LOCK_FILE) : null;
  if (options.dataDir && lockFile) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    claimLock(lockFile, options.dataDir);
  }
  let db: PGlite | null = null;
  try {
    db = options.dataDir ? await PGlite.create(path.join(options.dataDir, PGDATA_DIR)) : await PGlite.create();
    const server = new PgliteWireServer(db, CONNECTIONS_MAX);
    await server.start('127.0.0.1', options.port ?? 0);
    const port = server.port;
    if (lockFile) {
      const lock: EmbeddedLock = { pid: process.pid, port, startedAt: new Date().toISOString() };
      fs.writeFileSync(lockFile, JSON.stringify(lock));
    }
    const opened = db;
    let stopped = false;
    return {
      url: embeddedUrl(port),
      port,
      db: opened,
      async stop() {
        if (stopped) return;
        stopped = true;
        await server.stop();
        await opened.close();
        if (lockFile) releaseLock(lockFile);
      },
    };
  } catch (error) {
    await db?.close().catch(() => undefined);
    if (lockFile) releaseLock(lockFile);
    throw error;
  }
}

/** Takes the data folder for this process, or says which live process has it. */
function claimLock(lockFile: string, dataDir: string): void {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const placeholder: EmbeddedLock = { pid: process.pid, port: 0, startedAt: new Date().toISOString() };
      fs.writeFileSync(lockFile, JSON.stringify(placeholder), { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder: EmbeddedLock | null = null;
      try {
        holder = lockSchema.parse(JSON.parse(fs.readFileSync(lockFile, 'utf8')));
      } catch {
        holder = null;
      }
      if (holder && holder.pid !== process.pid && processAlive(holder.pid)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${holder.pid}. ` +
            'Commands connect to it automatically once it is serving; if that process is not esim-hub, stop it or choose another DATA_DIR.',
        );
      }
      fs.rmSync(lockFile, { force: true }); // left behind by a process that died
    }
  }
  throw new Error(`Could not lock ${lockFile}; remove it if no esim-hub process is running.`);
}

function releaseLock(lockFile: string): void {
  try {
    const holder = lockSchema.parse(JSON.parse(fs.readFileSync(lockFile, 'utf8')));
    if (holder.pid === process.pid) fs.rmSync(lockFile, { force: true });
  } catch {
    // nothing to release
  }
}
