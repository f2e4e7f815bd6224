import path from 'node:path';
import { ConfigError, loadConfig } from '../../bot/config';

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
  ])('%p is refused with a message that says what to fix', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
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
