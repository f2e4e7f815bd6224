import path from 'node:path';
import { ConfigError, loadConfig, whatsAppCloudOn } from '../../bot/config';

const CLOUD = { WHATSAPP_CLOUD_ACCESS_TOKEN: 'EAAG', WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922', WHATSAPP_CLOUD_APP_SECRET: 's3cret', WHATSAPP_CLOUD_VERIFY_TOKEN: 'v' };

describe('configuration from the environment', () => {
  test('nothing set: the embedded defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 3000, DATA_DIR: './data', SUPPLIER: 'sandbox', demoMode: true, QUOTE_TTL_HOURS: 24 });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.dataDir).toBe(path.resolve('data'));
    expect(config.whatsappSessionDir).toBe(path.resolve('data', 'whatsapp'));
  });

  test('a real PostgreSQL turns demo mode off unless asked for', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h:5432/db' }).demoMode).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@h:5432/db', DEMO_MODE: '1' }).demoMode).toBe(true);
  });

  test('empty variables count as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).PORT).toBe(3000);
  });

  test.each([
    [{ PORT: 'abc' }, /PORT: PORT must be a number \(got "abc"\)/],
    [{ PORT: '70000' }, /PORT must be 0-65535/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL: must start with postgresql:\/\/.*\(value hidden\)/],
    [{ SUPPLIER: 'http' }, /SUPPLIER_BASE_URL: is required when SUPPLIER=http/],
    [{ IMAP_URL: 'imap://u:p@h:143/INBOX' }, /email needs IMAP_URL, SMTP_URL and EMAIL_FROM together/],
    [{ SMTP_URL: 'http://x' }, /SMTP_URL: must look like smtp:\/\//],
    [{ EMAIL_FROM: 'nobody' }, /EMAIL_FROM must be an email address/],
    [{ QUANTITY_PER_LINE_MAX: '1.5' }, /QUANTITY_PER_LINE_MAX must be a whole number/],
    [{ TRIAL_ORDER_QUANTITY_MAX: '50000' }, /TRIAL_ORDER_QUANTITY_MAX: cannot exceed QUANTITY_PER_ORDER_MAX/],
    [{ WHATSAPP_CLOUD_ACCESS_TOKEN: 'EAAG', WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922' }, /needs WHATSAPP_CLOUD_ACCESS_TOKEN, .* together \(missing: WHATSAPP_CLOUD_APP_SECRET, WHATSAPP_CLOUD_VERIFY_TOKEN\)/],
    [{ ...CLOUD, WHATSAPP_ENABLED: '1' }, /WHATSAPP_ENABLED: one WhatsApp number is served by one adapter/],
    [{ ...CLOUD, WHATSAPP_CLOUD_PHONE_NUMBER_ID: '+65 6800 0000' }, /the number's id from the app's WhatsApp > API Setup page/],
    [{ ...CLOUD, WHATSAPP_CLOUD_TEMPLATE: 'Order Update!' }, /WHATSAPP_CLOUD_TEMPLATE must be a template name/],
    [{ ...CLOUD, WHATSAPP_CLOUD_APP_SECRET: 'x', WHATSAPP_CLOUD_GRAPH_URL: 'graph' }, /WHATSAPP_CLOUD_GRAPH_URL: .*\(value hidden\)/],
    [{ ...CLOUD, WHATSAPP_CLOUD_ORDER_WAIT_MS: '-1' }, /WHATSAPP_CLOUD_ORDER_WAIT_MS cannot be negative/],
    [{ ...CLOUD, WHATSAPP_CLOUD_ORDER_WAIT_MS: '0.5s' }, /WHATSAPP_CLOUD_ORDER_WAIT_MS must be a whole number of milliseconds/],
    [{ ...CLOUD, WHATSAPP_CLOUD_ORDER_WAIT_MS: '60000' }, /WHATSAPP_CLOUD_ORDER_WAIT_MS is at most 10000/],
  ])('%p is refused with a message that says what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('the WhatsApp Cloud API is on with its four settings, on the public Graph URL unless told', () => {
    expect(whatsAppCloudOn(loadConfig({}))).toBe(false);
    const config = loadConfig(CLOUD);
    expect(whatsAppCloudOn(config)).toBe(true);
    expect(config.WHATSAPP_CLOUD_GRAPH_URL).toMatch(/^https:\/\/graph\.facebook\.com\/v\d+\.\d+$/);
    expect(config.WHATSAPP_CLOUD_MESSAGES_PER_SECOND).toBe(80);
    expect(config.WHATSAPP_CLOUD_ORDER_WAIT_MS).toBe(300);
    expect(loadConfig({ ...CLOUD, WHATSAPP_CLOUD_TEMPLATE: 'order_update:pt_BR' }).WHATSAPP_CLOUD_TEMPLATE).toBe('order_update:pt_BR');
  });

  test('every problem is listed at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'loud' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});
