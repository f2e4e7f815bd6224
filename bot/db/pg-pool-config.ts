import pg from 'pg';
import { int8AsNumber } from './int8';

const NAME_OID = 19;
const TEXT_OID = 25;

/**
 * prisma/orm#27403: @prisma/adapter-pg cannot deserialize catalog columns of type `name` (OID 19),
 * which Prisma's schema engine reads during migrate. Reporting them as `text` is lossless.
 */
function reportNameAsText(result: unknown): void {
  const fields = (result as { fields?: { dataTypeID: number }[] } | undefined)?.fields;
  for (const field of fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
}

export class NameAsTextClient extends pg.Client {
  // pg.Pool calls query(config, values, callback); every other shape returns a promise.
  override query(...args: unknown[]): any {
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      const callback = last as (err: Error | null, result?: unknown) => void;
      const wrapped = (err: Error | null, result?: unknown) => {
        if (!err) reportNameAsText(result);
        callback(err, result);
      };
      return (super.query as (...a: unknown[]) => unknown)(...args.slice(0, -1), wrapped);
    }
    const returned = (super.query as (...a: unknown[]) => unknown)(...args);
    if (returned && typeof (returned as Promise<unknown>).then === 'function') {
      return (returned as Promise<unknown>).then((result) => {
        reportNameAsText(result);
        return result;
      });
    }
    return returned;
  }
}

export interface PoolOptions {
  max?: number;
}

/**
 * Host, user and database as separate fields: `prisma migrate dev` derives its shadow database from
 * these, and ignores a new database name when given a bare connectionString.
 */
export function pgPoolConfig(url: string, options: PoolOptions = {}): pg.PoolConfig {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get('sslmode');
  return {
    host: decodeURIComponent(parsed.hostname) || parsed.searchParams.get('host') || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 5432,
    user: decodeURIComponent(parsed.username) || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || undefined,
    ssl: sslmode && sslmode !== 'disable' ? { rejectUnauthorized: sslmode === 'verify-full' } : undefined,
    max: options.max ?? 10,
    Client: NameAsTextClient,
    types: int8AsNumber,
  };
}
