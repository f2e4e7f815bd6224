// One-line JSON logs on stderr for operators; stdout stays free for command output (e.g. `parse`).

import { types } from 'node:util';

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info';

export function setLogLevel(level: Level): void {
  threshold = level;
}

/**
 * The parts of an error an operator reads. A pg error carries its `client`, whose cancel key (and
 * connection settings) must not reach a log; the message, not enumerable, would be left out.
 */
const ERROR_FIELDS = ['name', 'message', 'code', 'errno', 'syscall', 'address', 'port', 'severity', 'detail', 'hint', 'where', 'schema', 'table', 'column', 'dataType', 'constraint', 'position', 'routine'] as const;
/** A cause of a cause of a cause is enough, and a cycle of causes ends. */
const NESTED_ERRORS_MAX = 3;

function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value); // errors from another realm (Node's own under jest)
}

function shownError(error: Error, depth: number): Record<string, unknown> {
  const fields = error as unknown as Record<string, unknown>;
  const shown: Record<string, unknown> = {};
  for (const field of ERROR_FIELDS) if (fields[field] !== undefined && fields[field] !== '') shown[field] = fields[field];
  if (depth >= NESTED_ERRORS_MAX) return shown;
  // A connection refused on every address of a host (::1 and 127.0.0.1) is an AggregateError with an empty message.
  if (Array.isArray(fields.errors)) shown.errors = fields.errors.map((inner: unknown) => (isError(inner) ? shownError(inner, depth + 1) : String(inner)));
  if (fields.cause !== undefined) shown.cause = isError(fields.cause) ? shownError(fields.cause, depth + 1) : String(fields.cause);
  return shown;
}

function loggable(_key: string, value: unknown): unknown {
  return isError(value) ? shownError(value, 0) : value;
}

/** A log line never throws: a field that cannot be written as JSON (a cycle, a BigInt) is written as text. */
function line(entry: Record<string, unknown>): string {
  try {
    return JSON.stringify(entry, loggable);
  } catch {
    const plain = (value: unknown) => (isError(value) || (typeof value !== 'object' && typeof value !== 'bigint') || value === null ? value : String(value));
    return JSON.stringify(Object.fromEntries(Object.entries(entry).map(([key, value]) => [key, plain(value)])), loggable);
  }
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  process.stderr.write(`${line({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
