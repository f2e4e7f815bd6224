// One-line JSON logs on stderr for operators; stdout stays free for command output (e.g. `parse`).

type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

let threshold: Level = (process.env.LOG_LEVEL as Level | undefined) ?? 'info';

export function setLogLevel(level: Level): void {
  threshold = level;
}

/** The parts of an error an operator reads. A pg error carries its `client`, whose cancel key (and connection settings) must not reach a log. */
const ERROR_FIELDS = ['name', 'message', 'code', 'severity', 'detail', 'hint', 'where', 'table', 'constraint', 'routine'] as const;

function loggable(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const shown: Record<string, unknown> = {};
  for (const field of ERROR_FIELDS) if ((value as unknown as Record<string, unknown>)[field] !== undefined) shown[field] = (value as unknown as Record<string, unknown>)[field];
  return shown;
}

function write(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (ORDER[level] < ORDER[threshold]) return;
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }, loggable)}\n`);
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write('error', msg, fields),
};
