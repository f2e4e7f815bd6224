import { ConfigError } from '../config';
import { MigrationError } from '../db/migrate';
import { SeedDataError } from '../db/seed-data';

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
Commands connect to the running bot's embedded database when it is up.`;

// Each command's modules load only when it runs: `deposits import` does not wait for the channel
// libraries that `start` needs (about 1.5 s of a command's start on the development machine).
const commands: Record<string, () => (args: string[]) => Promise<number>> = {
  start: () => (require('./start-command') as typeof import('./start-command')).startCommand,
  migrate: () => (require('./migrate-command') as typeof import('./migrate-command')).migrateCommand,
  seed: () => (require('./seed-command') as typeof import('./seed-command')).seedCommand,
  parse: () => (require('./parse-command') as typeof import('./parse-command')).parseCommand,
  'webchat-token': () => (require('./webchat-token-command') as typeof import('./webchat-token-command')).webchatTokenCommand,
  staff: () => (require('./staff-command') as typeof import('./staff-command')).staffCommand,
  queue: () => (require('./queue-command') as typeof import('./queue-command')).queueCommand,
  deposits: () => (require('./deposits-command') as typeof import('./deposits-command')).depositsCommand,
  reseller: () => (require('./reseller-command') as typeof import('./reseller-command')).resellerCommand,
  contacts: () => (require('./contacts-command') as typeof import('./contacts-command')).contactsCommand,
  fx: () => (require('./fx-command') as typeof import('./fx-command')).fxCommand,
  statements: () => (require('./statements-command') as typeof import('./statements-command')).statementsCommand,
  invoices: () => (require('./invoices-command') as typeof import('./invoices-command')).invoicesCommand,
  report: () => (require('./report-command') as typeof import('./report-command')).reportCommand,
  prices: () => (require('./prices-command') as typeof import('./prices-command')).pricesCommand,
  payouts: () => (require('./payouts-command') as typeof import('./payouts-command')).payoutsCommand,
  catalogue: () => (require('./price-tables-command') as typeof import('./price-tables-command')).priceTablesCommand('catalogue'),
  'tier-prices': () => (require('./price-tables-command') as typeof import('./price-tables-command')).priceTablesCommand('tier-prices'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return name ? 0 : 2;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`esim-hub: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  return load()(args);
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
