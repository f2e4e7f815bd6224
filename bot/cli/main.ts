import { ConfigError } from '../config';
import { MigrationError } from '../db/migrate';
import { SeedDataError } from '../db/seed-data';
import { migrateCommand } from './migrate-command';
import { parseCommand } from './parse-command';
import { queueCommand } from './queue-command';
import { staffCommand } from './staff-command';
import { seedCommand } from './seed-command';
import { startCommand } from './start-command';
import { webchatTokenCommand } from './webchat-token-command';
import { depositsCommand } from './deposits-command';
import { fxCommand } from './fx-command';
import { resellerCommand } from './reseller-command';

const USAGE = `Usage: esim-hub <command>

Commands:
  start     migrate, seed an empty database, and run the bot (web chat, channels, staff app)
  migrate   apply the database migrations in prisma/migrations
  seed      load the reference data (prisma/seed/*.csv); running it twice changes nothing
  parse     read one message on stdin, print {"intent", "lines": [{"sku", "quantity"}], ...}
            --jsonl: read lines {"text", "channel"}, write one result per line, in order
            --llm: what the rules are unsure of is read by the LLM (OPENAI_API_KEY)
  webchat-token ADDRESS
            issue a web-chat access token for a reseller contact (needed outside demo mode)
  staff add EMAIL [--name NAME] [--role staff|finance|owner]
            create a staff sign-in for the staff app at /staff (password on stdin, or generated)
  queue list | claim ID --as EMAIL | reply ID --as EMAIL TEXT | release ID --as EMAIL
            the handoff queue, as in the staff app
  deposits import FILE... [--map field=Column,...] [--decimal-comma] [--date-format F] [--json]
            import bank statements (camt.053 XML or CSV): match each credit or hand it to staff
  reseller show B2B-NNN [--json] | reseller list [--json]
            a reseller's account as it stands: balance, credit, outstanding, orders awaiting payment
  fx import FILE
            load FX rates from CSV (date,currency,units_per_usd)

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (default ./data).
Commands connect to the running bot's embedded database when it is up.`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  start: startCommand,
  migrate: migrateCommand,
  seed: seedCommand,
  parse: parseCommand,
  'webchat-token': webchatTokenCommand,
  staff: staffCommand,
  queue: queueCommand,
  deposits: depositsCommand,
  reseller: resellerCommand,
  fx: fxCommand,
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`esim-hub: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  return command(args);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof ConfigError || error instanceof MigrationError || error instanceof SeedDataError;
    process.stderr.write(`esim-hub: ${known ? (error as Error).message : (error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
