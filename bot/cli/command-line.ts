// What every `esim-hub` command shares: how `--help` is recognised and how a mistake is reported
// (how a command finds its database: open-database.ts). main.ts turns these errors into output in
// one place: one line on stderr, never a stack trace; exit 2 for a usage error, 1 otherwise.

/** The command was called the wrong way (unknown subcommand, missing or bad argument): exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** The command line was right but the operator has something to fix first (no database here): exit 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}

/** What a command module exports: main.ts prints `usage` for `--help` and never calls `run` then. */
export interface Command {
  usage: string;
  run: (args: string[]) => Promise<number>;
}

/** `--help` or `-h` anywhere before a `--`, or `help` as the first word: print the usage and do nothing else. */
export function helpAsked(args: readonly string[]): boolean {
  if (args[0] === 'help') return true;
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => arg === '--help' || arg === '-h');
}

/** An option parser's complaint (node:util parseArgs), which is the caller's mistake, not ours. */
export function isParseArgsError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** The subcommand the usage names, or a UsageError that lists the ones there are. */
export function subcommand<T extends string>(command: string, action: string | undefined, actions: readonly T[]): T {
  if (action !== undefined && (actions as readonly string[]).includes(action)) return action as T;
  const list = actions.length === 1 ? actions[0] : `${actions.slice(0, -1).join(', ')} or ${actions.at(-1)}`;
  throw new UsageError(
    action === undefined ? `${command} needs a subcommand: ${list} (esim-hub ${command} --help)` : `unknown ${command} subcommand "${action}": use ${list} (esim-hub ${command} --help)`,
  );
}
