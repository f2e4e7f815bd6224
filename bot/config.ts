import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';
import { GRAPH_URL_DEFAULT } from '../channels/whatsapp-cloud/graph-api';

// Every setting comes from the environment and is checked here, at start, with a message that says
// what to set. Every part has an embedded default, so `npm start` runs with nothing configured.

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', ''])
  .default('0')
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'must start with postgresql:// (e.g. postgresql://user:pass@127.0.0.1:5432/esimhub)')
  .refine((v) => URL.canParse(v), 'is not a valid URL');

const positiveInt = (name: string, fallback: number) =>
  z.coerce
    .number({ error: `${name} must be a whole number` })
    .int(`${name} must be a whole number`)
    .positive(`${name} must be above 0`)
    .default(fallback);

/** One TRUSTED_PROXY entry: what Fastify's trustProxy (proxy-addr) accepts. */
function isProxyAddress(entry: string): boolean {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, bits, extra] = entry.split('/');
  const version = isIP(address ?? '');
  if (version === 0 || extra !== undefined) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (version === 4 ? 32 : 128));
}

const CLOUD_REQUIRED = ['WHATSAPP_CLOUD_ACCESS_TOKEN', 'WHATSAPP_CLOUD_PHONE_NUMBER_ID', 'WHATSAPP_CLOUD_APP_SECRET', 'WHATSAPP_CLOUD_VERIFY_TOKEN'] as const;

const mailUrl = (schemes: string[], example: string) =>
  z
    .string()
    .refine((v) => URL.canParse(v) && schemes.includes(new URL(v).protocol.replace(':', '')), `must look like ${example}`)
    .optional();

export const configSchema = z
  .object({
    DATABASE_URL: postgresUrl.optional(),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_POOL_MAX: positiveInt('DATABASE_POOL_MAX', 10),
    /** Jobs (messages, fulfilments) a process works at once, on PostgreSQL. */
    JOB_CONCURRENCY: positiveInt('JOB_CONCURRENCY', 8),
    /** A process silent this long is dead: its jobs run again elsewhere (and its channel sessions move sooner: their lock goes with its connection). */
    JOB_TAKEOVER_SECONDS: positiveInt('JOB_TAKEOVER_SECONDS', 12),
    PORT: z.coerce.number({ error: 'PORT must be a number' }).int().min(0).max(65535, 'PORT must be 0-65535').default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    PUBLIC_BASE_URL: z.string().url().optional(),
    /** Reverse proxies whose X-Forwarded-For is believed (addresses, CIDRs, or loopback/linklocal/uniquelocal); unset: none. */
    TRUSTED_PROXY: z
      .string()
      .optional()
      .transform((v) => (v ?? '').split(',').map((a) => a.trim()).filter(Boolean))
      .refine((list) => list.every(isProxyAddress), 'must be a comma list of IP addresses or CIDRs (e.g. 127.0.0.1,10.0.0.0/8) or loopback, linklocal, uniquelocal'),
    STAFF_LOGIN_FAILURES_PER_ACCOUNT: positiveInt('STAFF_LOGIN_FAILURES_PER_ACCOUNT', 5),
    STAFF_LOGIN_ATTEMPTS_PER_ADDRESS: positiveInt('STAFF_LOGIN_ATTEMPTS_PER_ADDRESS', 50),
    STAFF_LOGIN_WINDOW_MINUTES: positiveInt('STAFF_LOGIN_WINDOW_MINUTES', 15),
    WEBCHAT_MESSAGES_PER_IDENTITY: positiveInt('WEBCHAT_MESSAGES_PER_IDENTITY', 20),
    WEBCHAT_MESSAGES_PER_ADDRESS: positiveInt('WEBCHAT_MESSAGES_PER_ADDRESS', 120),
    WEBCHAT_RATE_WINDOW_SECONDS: positiveInt('WEBCHAT_RATE_WINDOW_SECONDS', 60),
    /** Long polls (GET with wait > 0) open at once, per sender and per client address, in each process. */
    WEBCHAT_OPEN_POLLS_PER_IDENTITY: positiveInt('WEBCHAT_OPEN_POLLS_PER_IDENTITY', 10),
    WEBCHAT_OPEN_POLLS_PER_ADDRESS: positiveInt('WEBCHAT_OPEN_POLLS_PER_ADDRESS', 300),

    QUOTE_TTL_HOURS: positiveInt('QUOTE_TTL_HOURS', 24),
    QUANTITY_PER_LINE_MAX: positiveInt('QUANTITY_PER_LINE_MAX', 5000),
    QUANTITY_PER_ORDER_MAX: positiveInt('QUANTITY_PER_ORDER_MAX', 20000),
    TRIAL_ORDER_QUANTITY_MAX: positiveInt('TRIAL_ORDER_QUANTITY_MAX', 20),
    LINES_PER_ORDER_MAX: positiveInt('LINES_PER_ORDER_MAX', 50),
    MESSAGE_TIME_BUDGET_MS: positiveInt('MESSAGE_TIME_BUDGET_MS', 30_000),
    MESSAGE_ATTEMPTS_MAX: positiveInt('MESSAGE_ATTEMPTS_MAX', 3),
    DEPOSIT_TOLERANCE_USD: z.coerce.number({ error: 'DEPOSIT_TOLERANCE_USD must be an amount in USD, e.g. 20' }).min(0).max(10_000).default(20),
    LOW_BALANCE_THRESHOLD_USD: z.coerce.number({ error: 'LOW_BALANCE_THRESHOLD_USD must be an amount in USD, e.g. 500' }).min(0).max(10_000_000).default(500),
    HANDOFF_ORDER_VALUE_USD_MAX: positiveInt('HANDOFF_ORDER_VALUE_USD_MAX', 50000),
    INVOICE_PAYMENT_TERMS_DAYS: z.coerce
      .number({ error: 'INVOICE_PAYMENT_TERMS_DAYS must be a whole number of days, e.g. 30' })
      .int('INVOICE_PAYMENT_TERMS_DAYS must be a whole number of days, e.g. 30')
      .min(0, 'INVOICE_PAYMENT_TERMS_DAYS cannot be negative')
      .max(365, 'INVOICE_PAYMENT_TERMS_DAYS is at most 365')
      .default(30),
    DEMO_MODE: z.enum(['auto', '0', '1']).default('auto'),

    SUPPLIER: z.enum(['sandbox', 'http']).default('sandbox'),
    SUPPLIER_BASE_URL: z.string().url().optional(),
    SUPPLIER_API_KEY: z.string().optional(),
    SUPPLIER_TIMEOUT_MS: positiveInt('SUPPLIER_TIMEOUT_MS', 10_000),
    SUPPLIER_REQUESTS_PER_SECOND: positiveInt('SUPPLIER_REQUESTS_PER_SECOND', 8),

    WHATSAPP_ENABLED: flag,
    WHATSAPP_SESSION_DIR: z.string().optional(),
    PUPPETEER_EXECUTABLE_PATH: z.string().default('/usr/bin/chromium'),

    /** WhatsApp through Meta's Cloud API (on when the first four are set): a system user's token, the number's id, the app's secret, the webhook's verify token. */
    WHATSAPP_CLOUD_ACCESS_TOKEN: z.string().trim().optional(),
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: z.string().regex(/^\d{5,20}$/, 'WHATSAPP_CLOUD_PHONE_NUMBER_ID must be the number\'s id from the app\'s WhatsApp > API Setup page (digits, not the phone number itself)').optional(),
    WHATSAPP_CLOUD_APP_SECRET: z.string().trim().optional(),
    WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().trim().optional(),
    WHATSAPP_CLOUD_GRAPH_URL: z.string().url().default(GRAPH_URL_DEFAULT),
    /** The approved template that starts a conversation outside the 24-hour window: `name` or `name:language` (one text parameter in its body). */
    WHATSAPP_CLOUD_TEMPLATE: z.string().regex(/^[a-z0-9_]+(:[A-Za-z_]{2,6})?$/, 'WHATSAPP_CLOUD_TEMPLATE must be a template name, optionally with its language: order_update or order_update:en_US').optional(),
    WHATSAPP_CLOUD_MESSAGES_PER_SECOND: positiveInt('WHATSAPP_CLOUD_MESSAGES_PER_SECOND', 80),
    /** A webhook delivery of a message is taken in this long after it arrived, so that a sender's messages are answered in the order written (Meta posts them without waiting for each other); 0: no wait (what is already stored is still taken in by the time written). */
    WHATSAPP_CLOUD_ORDER_WAIT_MS: z.coerce
      .number({ error: 'WHATSAPP_CLOUD_ORDER_WAIT_MS must be a whole number of milliseconds' })
      .int('WHATSAPP_CLOUD_ORDER_WAIT_MS must be a whole number of milliseconds')
      .min(0, 'WHATSAPP_CLOUD_ORDER_WAIT_MS cannot be negative')
      .max(10_000, 'WHATSAPP_CLOUD_ORDER_WAIT_MS is at most 10000 (a reseller would wait for every answer)')
      .default(300),

    WECHATY_PUPPET: z.string().optional(),
    WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),

    IMAP_URL: mailUrl(['imap', 'imaps'], 'imap://user:password@host:143/INBOX (imaps:// for TLS)'),
    SMTP_URL: mailUrl(['smtp', 'smtps'], 'smtp://user:password@host:587 (smtps:// for TLS)'),
    EMAIL_FROM: z.string().email('EMAIL_FROM must be an email address, e.g. orders@esimhub.example').optional(),
    EMAIL_AUTHSERV_ID: z.string().optional(),
    EMAIL_FALLBACK_AFTER_MINUTES: z.coerce.number({ error: 'EMAIL_FALLBACK_AFTER_MINUTES must be a number of minutes' }).int().min(0).default(10),

    OPENAI_API_KEY: z.string().optional(),
    OPENAI_BASE_URL: z.string().url().optional(),
    OPENAI_MODEL: z.string().default('gpt-4o-mini'),
    OPENAI_TIMEOUT_MS: z.coerce.number({ error: 'OPENAI_TIMEOUT_MS must be a number of milliseconds' }).int().min(100).default(15_000),
    OPENAI_MAX_RETRIES: z.coerce.number({ error: 'OPENAI_MAX_RETRIES must be a whole number' }).int().min(0).max(10).default(2),
    OPENAI_INPUT_USD_PER_MTOK: z.coerce.number({ error: 'OPENAI_INPUT_USD_PER_MTOK must be a number (USD per million tokens)' }).min(0).default(0.15),
    OPENAI_OUTPUT_USD_PER_MTOK: z.coerce.number({ error: 'OPENAI_OUTPUT_USD_PER_MTOK must be a number (USD per million tokens)' }).min(0).default(0.6),
  })
  .superRefine((c, ctx) => {
    if (c.SUPPLIER === 'http' && !c.SUPPLIER_BASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['SUPPLIER_BASE_URL'], message: 'is required when SUPPLIER=http' });
    }
    if ((c.IMAP_URL || c.SMTP_URL) && !(c.IMAP_URL && c.SMTP_URL && c.EMAIL_FROM)) {
      ctx.addIssue({ code: 'custom', path: ['IMAP_URL'], message: 'email needs IMAP_URL, SMTP_URL and EMAIL_FROM together' });
    }
    const cloud = CLOUD_REQUIRED.filter((name) => c[name]);
    if (cloud.length > 0 && cloud.length < CLOUD_REQUIRED.length) {
      ctx.addIssue({ code: 'custom', path: [CLOUD_REQUIRED.find((name) => !c[name])!], message: `the WhatsApp Cloud API needs ${CLOUD_REQUIRED.join(', ')} together (missing: ${CLOUD_REQUIRED.filter((name) => !c[name]).join(', ')})` });
    }
    if (c.WHATSAPP_CLOUD_TEMPLATE && cloud.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_CLOUD_TEMPLATE'], message: `is set but the WhatsApp Cloud API is off: set ${CLOUD_REQUIRED.join(', ')} as well, or unset it` });
    }
    if (cloud.length === CLOUD_REQUIRED.length && c.WHATSAPP_ENABLED) {
      ctx.addIssue({ code: 'custom', path: ['WHATSAPP_ENABLED'], message: 'one WhatsApp number is served by one adapter: set WHATSAPP_ENABLED=1 (WhatsApp Web, a linked phone) or the WHATSAPP_CLOUD_* settings (the Cloud API), not both' });
    }
    if (c.TRIAL_ORDER_QUANTITY_MAX > c.QUANTITY_PER_ORDER_MAX) {
      ctx.addIssue({ code: 'custom', path: ['TRIAL_ORDER_QUANTITY_MAX'], message: 'cannot exceed QUANTITY_PER_ORDER_MAX' });
    }
    if (c.QUANTITY_PER_LINE_MAX > c.QUANTITY_PER_ORDER_MAX) {
      ctx.addIssue({ code: 'custom', path: ['QUANTITY_PER_LINE_MAX'], message: 'cannot exceed QUANTITY_PER_ORDER_MAX' });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;

/** Whether the WhatsApp Cloud API adapter is on (all four of CLOUD_REQUIRED set). */
export function whatsAppCloudOn(config: RawConfig): boolean {
  return CLOUD_REQUIRED.every((name) => Boolean(config[name]));
}

export interface Config extends RawConfig {
  /** Absolute data folder of the embedded database, sessions and files. */
  dataDir: string;
  /** True on the embedded default: web chat may act as any seeded identity. */
  demoMode: boolean;
  whatsappSessionDir: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}\nFix these environment variables and start again (see README, "Configuration").`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable means "not set": `FOO= npm start` must not fail validation.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.') || '(environment)';
        const got = typeof issue.path[0] === 'string' ? present[issue.path[0]] : undefined;
        const shown = got === undefined ? '' : /KEY|TOKEN|PASSWORD|SECRET|URL/.test(name) ? ' (value hidden)' : ` (got ${JSON.stringify(got)})`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const raw = parsed.data;
  return {
    ...raw,
    dataDir: path.resolve(raw.DATA_DIR),
    demoMode: raw.DEMO_MODE === '1' || (raw.DEMO_MODE === 'auto' && !raw.DATABASE_URL),
    whatsappSessionDir: path.resolve(raw.WHATSAPP_SESSION_DIR ?? path.join(raw.DATA_DIR, 'whatsapp')),
  };
}
