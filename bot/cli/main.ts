import { ConfigError } from '../config';
import { MigrationError } from '../db/migrate';
import { SeedDataError } from '../db/seed-data';
import { CommandError, helpAsked, type Command, isParseArgsError, UsageError } from './command-line';

const USAGE = `Usage: esim-hub <command> [arguments]      (esim-hub <command> --help: that command's usage)

Commands:
  start     migrate, seed an empty database, and run the bot (web chat, channels, staff app)
  migrate   apply the database migrations in prisma/migrations
  seed      load the reference data (prisma/seed/*.csv); running it twice changes nothing
  parse     read one message on stdin, print {"intent", "lines": [{"sku", "quantity"}], ...}
            --jsonl: read lines {"text", "channel"}, write one result per line, in order
            --llm: what the rules are unsure of is read by the LLM (OPENAI_API_KEY)
  webchat-token ADDRESS
            issue a web-chat access token for a reseller contact (needed outside demo mode)
  staff add EMAIL [--name NAME] [--role staff|finance|owner] | staff add EMAIL --reset-password
            create a staff sign-in for the staff app at /staff, or give one a new password
            (on stdin, or generated)
  staff list [--json] | staff set-role EMAIL ROLE | staff disable EMAIL
            who can sign in, with what role; change a role or take a sign-in away (audited)
  queue list | claim ID --as EMAIL | reply ID --as EMAIL TEXT | release ID --as EMAIL
            the handoff queue, as in the staff app
  deposits import FILE... [--map field=Column,...] [--decimal-comma] [--date-format F] [--json]
            import bank statements (camt.053 XML or CSV): match each credit or hand it to staff
  reseller show B2B-NNN [--json] | reseller list [--json]
            a reseller's account as it stands: balance, credit, outstanding, orders awaiting payment
  contacts list B2B-NNN | add B2B-NNN CHANNEL ADDRESS --role ROLE --as EMAIL | set ID [--role|--name|--active] --as EMAIL
            a reseller's contacts (the addresses the bot recognises), changed by staff and audited
  fx import FILE
            load FX rates from CSV (date,currency,units_per_usd)
  statements run --month YYYY-MM [--customer B2B-NNN] [--out DIR]
            issue the month's statements (PDF and CSV, once per reseller and month); prints each file written
  invoices run [--date YYYY-MM-DD] [--customer B2B-NNN] [--out DIR]
            issue the day's invoices of postpaid resellers (PDF and CSV); prints each file written
  prices propose|approve|reject|list
            customer-specific prices: any staff member proposes, an owner approves or rejects
  payouts snapshot|list|approve|pay
            commission payouts of commission resellers (finance: approve, then pay with the transfer reference)
  catalogue export|import FILE, tier-prices export|import FILE [--effective-from DATE]
            the catalogue and tier price tables as CSV; import checks every row first (owner)
  report profit --month YYYY-MM [--json]
            revenue, cost of goods and gross profit per sales channel for a month, in USD

The database is DATABASE_URL when set, else the embedded one in DATA_DIR (default ./data).
Commands connect to the running bot's embedded database when it is up. Only start, migrate and seed
create the embedded database; the others stop if DATA_DIR has none.`;

// Each command's modules load only when it runs: `deposits import` does not wait for the channel
// libraries that `start` needs (about 1.5 s of a command's start on the development machine).
// Each module exports its usage, which `esim-hub COMMAND --help` prints without running anything.
const commands: Record<string, () => Command> = {
  start: () => (require('./start-command') as typeof import('./start-command')).command,
  migrate: () => (require('./migrate-command') as typeof import('./migrate-command')).command,
  seed: () => (require('./seed-command') as typeof import('./seed-command')).command,
  parse: () => (require('./parse-command') as typeof import('./parse-command')).command,
  'webchat-token': () => (require('./webchat-token-command') as typeof import('./webchat-token-command')).command,
  staff: () => (require('./staff-command') as typeof import('./staff-command')).command,
  queue: () => (require('./queue-command') as typeof import('./queue-command')).command,
  deposits: () => (require('./deposits-command') as typeof import('./deposits-command')).command,
  reseller: () => (require('./reseller-command') as typeof import('./reseller-command')).command,
  contacts: () => (require('./contacts-command') as typeof import('./contacts-command')).command,
  fx: () => (require('./fx-command') as typeof import('./fx-command')).command,
  statements: () => (require('./statements-command') as typeof import('./statements-command')).command,
  invoices: () => (require('./invoices-command') as typeof import('./invoices-command')).command,
  report: () => (require('./report-command') as typeof import('./report-command')).command,
  prices: () => (require('./prices-command') as typeof import('./prices-command')).command,
  payouts: () => (require('./payouts-command') as typeof import('./payouts-command')).command,
  catalogue: () => (require('./price-tables-command') as typeof import('./price-tables-command')).priceTablesCommand('catalogue'),
  'tier-prices': () => (require('./price-tables-command') as typeof import('./price-tables-command')).priceTablesCommand('tier-prices'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name) {
    process.stdout.write(`${USAGE}\n`);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    // `esim-hub help queue` is `esim-hub queue --help`.
    const about = args[0] !== undefined ? commands[args[0]] : undefined;
    process.stdout.write(`${about ? about().usage : USAGE}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) throw new UsageError(`unknown command "${name}". Usage: esim-hub <command>; esim-hub --help lists the commands`);
  const command = load();
  if (helpAsked(args)) {
    process.stdout.write(`${command.usage.trimEnd()}\n`);
    return 0;
  }
  return command.run(args);
}

/**
 * The errors that are the operator's to fix, by their class: the message is written for them, so it
 * is all they see. Loaded only here, on the way out with an error: a class whose module the command
 * never loaded cannot be the error's class either.
 */
function isOperatorError(error: unknown): boolean {
  const classes: (() => unknown)[] = [
    () => ConfigError,
    () => MigrationError,
    () => SeedDataError,
    () => CommandError,
    () => (require('../db/database') as typeof import('../db/database')).DatabaseUnreachableError,
    () => (require('../staff/staff-users') as typeof import('../staff/staff-users')).StaffUserError,
    () => (require('../staff/queue') as typeof import('../staff/queue')).QueueError,
    () => (require('../commissions/payouts') as typeof import('../commissions/payouts')).PayoutError,
    () => (require('../prices/customer-prices') as typeof import('../prices/customer-prices')).PriceProposalError,
    () => (require('../prices/price-tables') as typeof import('../prices/price-tables')).PriceTableError,
    () => (require('../resellers/contacts') as typeof import('../resellers/contacts')).ContactError,
    () => (require('../resellers/edit-reseller') as typeof import('../resellers/edit-reseller')).ResellerEditError,
    () => (require('../resellers/tier-suggestions') as typeof import('../resellers/tier-suggestions')).TierSuggestionError,
    () => (require('../settlement/staff-deposits') as typeof import('../settlement/staff-deposits')).DepositError,
    () => (require('../../domain/settlement/bank-entry') as typeof import('../../domain/settlement/bank-entry')).BankFileError,
  ];
  return classes.some((get) => {
    try {
      return error instanceof (get() as new () => Error);
    } catch {
      return false; // the module itself did not load: not the class of this error
    }
  });
}

/** The one place an error becomes output: one line for what the operator can fix, the stack for our bugs. */
function report(error: unknown, commandName: string | undefined): number {
  if (error instanceof UsageError) {
    process.stderr.write(`esim-hub: ${error.message}\n`);
    return 2;
  }
  if (isParseArgsError(error)) {
    // "Unknown option '--x'. To specify a positional argument starting with a '-', ...": the first sentence says it.
    const what = error.message.split(/\.\s/)[0]!.replace(/^./, (c) => c.toLowerCase());
    process.stderr.write(`esim-hub: ${what}; esim-hub ${commandName ? `${commandName} ` : ''}--help lists the options\n`);
    return 2;
  }
  if (isOperatorError(error)) {
    process.stderr.write(`esim-hub: ${(error as Error).message}\n`);
    return 1;
  }
  process.stderr.write(`esim-hub: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error, argv[0] !== undefined && argv[0] in commands ? argv[0] : undefined);
  },
);
