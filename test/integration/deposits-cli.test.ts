import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, startBot, type RunningBot } from '../support/cli';
import { camt053 } from '../support/camt053-files';

// The whole path as an operator meets it, outside demo mode on the embedded database, with the bot
// running while the import runs: a prepaid reseller orders in web chat, is told how to pay, the
// finance person imports the bank's camt.053 file, the eSIMs arrive on the same thread.

describe('esim-hub deposits import while the bot runs', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'esim-hub-deposits-'));
  const env = { DATA_DIR: dataDir, DEMO_MODE: '0' };
  let bot: RunningBot;
  let token: string;
  const lisboa = 'geral@lisboaviagens.pt'; // B2B-015, prepaid EUR, no balance outside demo mode
  let cursor = 0;

  const post = (text: string, id: string) =>
    fetch(`${bot.url}/webchat/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ from: lisboa, text, id }) });
  /** Long-polls as the web-chat page does until a reply matching `pattern` arrives. */
  const waitFor = async (pattern: RegExp, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    const seen: { text: string; images: unknown[] }[] = [];
    while (Date.now() < deadline) {
      const response = await fetch(`${bot.url}/webchat/messages?from=${encodeURIComponent(lisboa)}&after=${cursor}&wait=5000`, { headers: { authorization: `Bearer ${token}` } });
      const body = (await response.json()) as { messages: { text: string; images: unknown[] }[]; cursor: number };
      cursor = body.cursor;
      seen.push(...body.messages);
      const hit = seen.find((m) => pattern.test(m.text));
      if (hit) return { hit, seen };
    }
    throw new Error(`no reply matching ${pattern} in ${timeoutMs} ms; got ${JSON.stringify(seen.map((m) => m.text))}`);
  };

  beforeAll(async () => {
    bot = await startBot(env);
    const issued = await runCli(['webchat-token', lisboa], env);
    expect(issued.code).toBe(0);
    token = issued.stdout.trim();
  });
  afterAll(async () => {
    await bot?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('ordered, told how to pay, the statement imported, delivered on the same thread within seconds', async () => {
    expect((await post('Olá, preciso de 3 Japão 10GB 15 dias', 'm1')).status).toBe(202);
    const { hit: quote } = await waitFor(/^Orçamento Q-\d{6}/);
    const quoteRef = /Q-\d{6}/.exec(quote.text)![0];
    expect((await post('sim', 'm2')).status).toBe(202);
    const { hit: waiting } = await waitFor(/aguarda pagamento|aguardar pagamento|espera|falta/i);
    const orderRef = /ORD-\d{6}/.exec(waiting.text)![0];
    expect(waiting.text).toContain(quoteRef);

    const shown = await runCli(['reseller', 'show', 'B2B-015', '--json'], env);
    expect(shown.code).toBe(0);
    const account = JSON.parse(shown.stdout) as { customerId: string; currency: string; accountType: string; active: boolean; prepaidBalance: string; creditLimit: string; outstanding: string; awaitingPayment: { orderRef: string; amount: string }[] };
    expect(account).toMatchObject({ customerId: 'B2B-015', currency: 'EUR', accountType: 'prepaid', active: true, prepaidBalance: '0.00' });
    expect(account.awaitingPayment).toEqual([{ orderRef, amount: expect.stringMatching(/^\d+\.\d{2}$/) }]);
    const amount = account.awaitingPayment[0]!.amount;

    const file = path.join(dataDir, 'BANK-2026-11-27.camt053.xml');
    fs.writeFileSync(
      file,
      camt053('001.08', [{ id: 'STMT-2026-11-27', iban: 'PT50000201231234567890154', currency: 'EUR', entries: [{ amount, currency: 'EUR', bookingDate: '2026-11-27', acctSvcrRef: 'CGD-20261127-0001', transactions: [{ debtorName: 'Lisboa Viagens, Lda.', debtorIban: 'PT50003300004555698867005', ustrd: [`Pagamento ${quoteRef.replace('-', ' ')}`] }] }] }]),
    );
    const started = Date.now();
    const imported = await runCli(['deposits', 'import', file], env);
    expect(imported).toMatchObject({ code: 0, stdout: '1 entries: 1 matched, 0 for staff, 0 already imported, 0 not deposits (debits, pending)\n' });
    const { seen } = await waitFor(/eSIM/i, 30_000);
    const { hit: delivered } = seen.some((m) => m.images.length === 3) ? { hit: seen.find((m) => m.images.length === 3)! } : await waitFor(/./, 30_000);
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`deposit import to eSIMs in the reseller's web chat: ${seconds.toFixed(1)} s\n`);
    expect(delivered.images).toHaveLength(3);
    expect(seen.map((m) => m.text).join('\n')).toMatch(new RegExp(`O seu pagamento de EUR ${amount.replace('.', '\\.')} chegou\\. A encomenda ${orderRef} está paga`));
    expect(seconds).toBeLessThan(15);

    const again = await runCli(['deposits', 'import', file, '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual([expect.objectContaining({ entries: 1, matched: 0, alreadyImported: 1 })]);
  });

  test('a bad file is refused in one line naming the file and the element; nothing of it is imported', async () => {
    const file = path.join(dataDir, 'broken.xml');
    fs.writeFileSync(file, camt053('001.02', [{ id: 'S', iban: 'X', currency: 'EUR', entries: [{ amount: '1O.00', currency: 'EUR', bookingDate: '2026-11-27', acctSvcrRef: 'B-1' }] }]));
    const result = await runCli(['deposits', 'import', file], env);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['esim-hub: broken.xml, Stmt 1, Ntry 1 Amt: not an amount: "1O.00" (nothing of this file was imported)']);
    expect((await runCli(['deposits', '--help'], env))).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: esim-hub deposits import FILE/) });
  });

  test('reseller set: a low-balance threshold in the reseller currency, by a named staff member', async () => {
    expect(await runCli(['staff', 'add', 'finance@esimhub.test', '--role', 'finance'], env, 'correct horse battery\n')).toMatchObject({ code: 0 });
    expect(await runCli(['reseller', 'set', 'B2B-015', '--low-balance-threshold', '250.00', '--as', 'finance@esimhub.test'], env)).toMatchObject({ code: 0, stdout: 'B2B-015: low-balance threshold EUR 250.00 (was the default); set by finance@esimhub.test\n' });
    expect((await runCli(['reseller', 'set', 'B2B-015', '--low-balance-threshold', '2,5', '--as', 'finance@esimhub.test'], env)).code).toBe(2);
    expect((await runCli(['reseller', 'set', 'B2B-015', '--low-balance-threshold', '1', '--as', 'nobody@esimhub.test'], env)).code).toBe(1);
    const shown = JSON.parse((await runCli(['reseller', 'show', 'B2B-015', '--json'], env)).stdout) as { lowBalanceThreshold: string };
    expect(shown.lowBalanceThreshold).toBe('250.00');
  });

  test('fx import loads a day of rates; a bad row refuses the file', async () => {
    const good = path.join(dataDir, 'rates.csv');
    fs.writeFileSync(good, 'date,currency,units_per_usd\n2026-11-27,EUR,0.8712\n2026-11-27,THB,32.105\n');
    expect(await runCli(['fx', 'import', good], env)).toMatchObject({ code: 0, stdout: '2 rates imported (2026-11-27: EUR, THB)\n' });
    const bad = path.join(dataDir, 'bad-rates.csv');
    fs.writeFileSync(bad, 'date,currency,units_per_usd\n2026-11-27,EUR,0,87\n');
    const refused = await runCli(['fx', 'import', bad], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^esim-hub: .*bad-rates\.csv.*\(nothing was imported\)\n$/);
  });
});
