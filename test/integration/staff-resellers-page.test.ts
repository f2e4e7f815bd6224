import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser, type Page } from 'playwright-core';
import { makeTierSuggestions } from '../../bot/resellers/tier-suggestions';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The resellers page (issue 15) in headless Chromium at 1280x720 on a slow network: search and
// filters, the CSV export, a reseller's page with its contacts, prices, sub-resellers and audit
// trail; an owner edits the credit limit and the change shows in the trail; a staff user finds the
// owner's fields locked and the server refuses a forged change.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-reseller.png') : path.join(os.tmpdir(), 'esimhub-staff-reseller.png');

describe('the resellers page', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;

  async function signedIn(email: string, password: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // A missing file or a server error is counted by its response below (with its URL); refusals the test provokes (409) are answers, not faults; the browser's own favicon request has no response event.
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
    page.on('response', (r) => { if (r.status() >= 500 || r.status() === 404) problems.push(`${r.status()} ${r.url()}`); });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 300, downloadThroughput: 256 * 1024, uploadThroughput: 128 * 1024 });
    await page.goto(`${chat.url}/staff/login`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);
    await page.goto(`${chat.url}/staff/resellers`);
    await page.waitForSelector('#resellers tbody tr');
    (page as unknown as { problems: string[] }).problems = problems;
    return page;
  }

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    await addStaffUser(db, { email: 'olga@esimhub.test', name: 'Olga', password: 'owner password long', role: 'owner' });
    await addStaffUser(db, { email: 'sam@esimhub.test', name: 'Sam', password: 'staff password long', role: 'staff' });
    await makeTierSuggestions(db, '2026-11'); // no cards yet: tier 1 and 2 resellers are suggested tier 3
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
    await db?.close();
  });

  test('an owner filters, opens Bangkok Roam, raises its credit limit, and sees the change in the audit trail', async () => {
    const page = await signedIn('olga@esimhub.test', 'owner password long');
    expect(await page.locator('#list-count').textContent()).toBe('20 resellers');
    await page.selectOption('select[name=accountType]', 'postpaid');
    await page.click('#filters button[type=submit]');
    await page.waitForSelector('#list-count:text-is("4 resellers")');
    await page.fill('input[name=q]', 'bangkok');
    await page.click('#filters button[type=submit]');
    await page.waitForSelector('#list-count:text-is("1 reseller")');

    // The CSV export follows the filters.
    const csvUrl = await page.getAttribute('#csv', 'href');
    const csv = await (await page.request.get(`${chat.url}${csvUrl}`)).text();
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.customer_id, r.account_type, r.currency, r.credit_limit_usd])).toEqual([['B2B-002', 'postpaid', 'THB', '40000.00']]);

    // A tier suggestion dismissed from the panel above the list.
    const suggestions = await page.locator('#suggestions tr[data-suggestion]').count();
    expect(suggestions).toBeGreaterThan(0);
    await page.locator('#suggestions tr', { hasText: 'B2B-006' }).locator('button[data-decision="dismiss"]').click();
    await page.waitForSelector('#suggestions p:has-text("B2B-006: stays as it is")');
    expect(await page.locator('#suggestions tr[data-suggestion]').count()).toBe(suggestions - 1);

    await page.click('#resellers tbody tr[data-id="B2B-002"]');
    await page.waitForSelector('#detail h2:has-text("B2B-002")');
    expect(await page.locator('#detail').textContent()).toContain('B2B-020 Chiang Mai Nomad'); // its sub-reseller
    expect(await page.locator('#detail').textContent()).toContain('+66812345601'); // a contact
    await page.fill('#edit input[name=creditLimit]', '45000');
    await page.click('#edit button[type=submit]');
    await page.waitForSelector('#edit-status.ok');
    expect(await page.locator('#edit-status').textContent()).toBe('Saved: credit limit.');
    const trail = await page.locator('.audit tbody tr').first().textContent();
    expect(trail).toContain('olga@esimhub.test');
    expect(trail).toContain('reseller.edit');
    expect(trail).toContain('{"creditLimitMinor":4000000} → {"creditLimitMinor":4500000}');
    await page.waitForSelector('#resellers tbody tr:has-text("45,000.00")'); // the list read again after the save
    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    expect((page as unknown as { problems: string[] }).problems).toEqual([]);
    await page.close();
  }, 90_000);

  test("a staff user finds the owner's fields locked, can correct the company details, and a forged tier change is refused", async () => {
    const page = await signedIn('sam@esimhub.test', 'staff password long');
    await page.click('#resellers tbody tr[data-id="B2B-003"]');
    await page.waitForSelector('#detail h2:has-text("B2B-003")');
    for (const name of ['tier', 'accountType', 'creditLimit', 'active']) expect(await page.locator(`#edit [name=${name}]`).isDisabled()).toBe(true);
    for (const name of ['taxNumber', 'billingDay']) expect(await page.locator(`#edit [name=${name}]`).isDisabled()).toBe(true);
    await page.fill('#edit input[name=legalEntity]', 'Viajes Conecta S.L.U.');
    await page.click('#edit button[type=submit]');
    await page.waitForSelector('#edit-status.ok');
    // Contacts: add one (its number in one spelling), make it a viewer, deactivate it; an address of another reseller is refused.
    await page.selectOption('#add-contact select[name=channel]', 'whatsapp');
    await page.fill('#add-contact input[name=address]', '+34 611 22 33 44');
    await page.fill('#add-contact input[name=name]', 'Lucía Gómez');
    await page.click('#add-contact button[type=submit]');
    await page.waitForSelector('#contacts tr:has-text("+34611223344")');
    const row = page.locator('#contacts tr', { hasText: '+34611223344' });
    await row.locator('select[name=role]').selectOption('viewer');
    await page.waitForSelector('#edit-status:has-text("Contact changed.")');
    await page.locator('#contacts tr', { hasText: '+34611223344' }).locator('[data-deactivate]').click();
    await page.waitForSelector('#contacts tr:has-text("+34611223344") .tag.inactive');
    await page.fill('#add-contact input[name=address]', '+66812345601');
    await page.click('#add-contact button[type=submit]');
    await page.waitForSelector('#contact-status:has-text("already a contact of B2B-002")');
    const { rows: contactTrail } = await db.pool.query(`SELECT actor, action FROM audit_events WHERE action LIKE 'contact.%' ORDER BY id`);
    expect(contactTrail).toEqual([
      { actor: 'sam@esimhub.test', action: 'contact.add' },
      { actor: 'sam@esimhub.test', action: 'contact.change' },
      { actor: 'sam@esimhub.test', action: 'contact.deactivate' },
    ]);

    const csrf = (await page.getAttribute('meta[name="csrf-token"]', 'content'))!;
    expect((await page.request.post(`${chat.url}/staff/api/resellers/B2B-003/contacts`, { headers: { 'x-csrf-token': csrf }, data: { channel: 'whatsapp', address: '12345', role: 'buyer' } })).status()).toBe(400);
    const forged = await page.request.post(`${chat.url}/staff/api/resellers/B2B-003`, { headers: { 'x-csrf-token': csrf }, data: { tier: 'tier_2' } });
    expect(forged.status()).toBe(403);
    expect((await forged.json()).error).toBe('changing tier: this needs the owner role; you are signed in as staff');
    const invalid = await page.request.post(`${chat.url}/staff/api/resellers/B2B-003`, { headers: { 'x-csrf-token': csrf }, data: { country: 'Spain' } });
    expect(invalid.status()).toBe(400);
    expect((await page.request.post(`${chat.url}/staff/api/resellers/B2B-003`, { headers: { 'x-csrf-token': csrf }, data: { nope: 'x' } })).status()).toBe(400);
    expect((page as unknown as { problems: string[] }).problems).toEqual([]);
    await page.close();
  }, 90_000);
});
