import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addStaffUser } from '../../bot/staff/staff-users';
import { BotHarness } from '../support/bot-harness';
import { until } from '../support/until';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Issue 19: approving a new reseller in the staff app, in headless Chromium at 1280x720 and in a
// narrow window (390x844). The application's card links to its conversation (opened in the inbox's
// detail pane); the approve form chooses currency (only those with an FX rate), tier, account type
// and, for postpaid, a credit limit in USD; every control is inside the window and its card, and
// nothing scrolls sideways. An owner approves a postpaid EUR reseller at tier 2; the database and
// the welcome on the applicant's thread say so. The server's refusals are checked through the API.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS ? path.resolve(__dirname, '../../docs/staff-approve-form.png') : path.join(os.tmpdir(), 'esimhub-staff-approve-form.png');
const OWNER = { email: 'olga@esimhub.test', password: 'owner password long' };
const DESK = { email: 'sam@esimhub.test', password: 'staff password long' };
const BERLIN = 'ops@berlin-roam.test';
const PORTO = 'hello@porto-viagens.test';
const CONTROLS = ['.open-conversation', 'form input', 'form select', 'form button'];

describe('approving a new reseller in the staff app', () => {
  let db: TestDatabase;
  let chat: BotHarness;
  let browser: Browser;
  const applicationOf = async (address: string) => db.prisma.onboardingApplication.findFirstOrThrow({ where: { address } });

  beforeAll(async () => {
    db = await createTestDatabase('pglite', { seed: true });
    chat = await BotHarness.start(db);
    await addStaffUser(db, { ...OWNER, name: 'Olga', role: 'owner' });
    await addStaffUser(db, { ...DESK, name: 'Sam', role: 'staff' });
    for (const [address, answers] of [
      [BERLIN, 'Company: Berlin Roam\nLegal entity: Berlin Roam GmbH\nRegistration no: HRB 219876 B\nCountry: DE\nSales channels: airport kiosks and an online shop in Germany, Austria and Switzerland\nEstimated monthly volume: 800\nContact: Jonas Weber'],
      [PORTO, 'Company: Porto Viagens\nLegal entity: Porto Viagens Lda\nCountry: PT\nEstimated monthly volume: 150\nContact: Rui Costa'],
    ] as const) {
      await chat.say(address, 'Hello, we would like to resell your eSIMs');
      await chat.say(address, answers);
      await chat.replies(address);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await chat?.stop();
    await db?.close();
  });

  async function signedIn(who: { email: string; password: string }, viewport: { width: number; height: number }): Promise<Page> {
    const page = await browser.newPage({ viewport });
    await page.goto(`${chat.url}/staff/login`);
    await page.fill('input[name=email]', who.email);
    await page.fill('input[name=password]', who.password);
    await page.click('button[type=submit]');
    await page.waitForURL(`${chat.url}/staff`);
    return page;
  }

  /**
   * The card's form scrolled into view, then every control in it: inside the window, inside its
   * card, and on top (a click at its middle reaches it, not a header or another panel); the page
   * does not scroll sideways.
   */
  async function approveFormFullyVisible(page: Page, company: string, viewport: { width: number; height: number }) {
    const card = page.locator('.approval.application', { hasText: company });
    const seen: string[] = [];
    for (const selector of CONTROLS) {
      // Scrolled as a person would scroll the list: the link heads the card; the form, below the
      // applicant's answers, is then in view all at once.
      if (selector === '.open-conversation') await card.locator(selector).scrollIntoViewIfNeeded();
      if (selector === 'form input') {
        await card.locator('form').scrollIntoViewIfNeeded();
        const form = (await card.locator('form').boundingBox())!;
        expect({ top: form.y >= 0, bottom: form.y + form.height <= viewport.height, height: form.height }).toEqual({ top: true, bottom: true, height: form.height });
      }
      for (const control of await card.locator(selector).all()) {
        if (!(await control.isVisible())) continue;
        const cardBox = (await card.boundingBox())!;
        const name = `${selector.replace('form ', '')}${(await control.getAttribute('name')) ? `[name=${await control.getAttribute('name')}]` : ''}`;
        seen.push(name);
        const box = (await control.boundingBox())!;
        const edges = { name, left: box.x, top: box.y, right: box.x + box.width, bottom: box.y + box.height };
        expect(edges).toEqual({ name, left: Math.max(edges.left, 0, cardBox.x), top: Math.max(edges.top, 0), right: Math.min(edges.right, viewport.width, cardBox.x + cardBox.width), bottom: Math.min(edges.bottom, viewport.height) });
        // Not clipped by the column that scrolls it (a control past the column's edge is cut off, not scrolled to).
        const column = await control.evaluate((element) => {
          const r = element.closest('section')!.getBoundingClientRect();
          return { left: r.left, right: r.right };
        });
        expect({ name, inColumn: edges.left >= column.left && edges.right <= column.right }).toEqual({ name, inColumn: true });
        const onTop = await control.evaluate((element) => {
          const r = element.getBoundingClientRect();
          const hit = element.ownerDocument.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
          return hit !== null && (hit === element || element.contains(hit));
        });
        expect({ name, onTop }).toEqual({ name, onTop: true });
      }
    }
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    // The header's links and Sign out, at the top of the page, are in the window too.
    await page.evaluate('window.scrollTo(0, 0)');
    for (const control of await page.locator('header nav a, #logout').all()) {
      const box = (await control.boundingBox())!;
      expect({ link: await control.textContent(), inside: box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height }).toEqual({ link: await control.textContent(), inside: true });
    }
    return seen;
  }

  test('1280x720: the conversation link, the whole form in view, a postpaid EUR reseller at tier 2 approved', async () => {
    const viewport = { width: 1280, height: 720 };
    const page = await signedIn(OWNER, viewport);
    const card = page.locator('.approval.application', { hasText: 'Berlin Roam' });
    await card.waitFor();
    // Only currencies with an FX rate are offered (the seed has none for GBP).
    const currencies = await card.locator('select[name=currency] option').allTextContents();
    expect(currencies).toContain('EUR');
    expect(currencies).not.toContain('GBP');
    expect(await card.locator('select[name=tier] option').allTextContents()).toEqual(['Tier 1', 'Tier 2', 'Tier 3']);
    // Prepaid by default: no credit limit asked for.
    expect(await card.locator('input[name=creditLimit]').isVisible()).toBe(false);
    expect(await card.locator('button[type=submit]').textContent()).toBe('Approve at tier 3, prepaid');

    // The card links to the applicant's conversation, opened beside the list.
    const { conversationId } = await applicationOf(BERLIN);
    await card.locator('.open-conversation').click();
    await page.waitForSelector('#detail .transcript .msg.inbound:has-text("Berlin Roam GmbH")');
    expect(await page.locator('#detail .transcript').textContent()).toContain('Hello, we would like to resell your eSIMs');
    expect(new URL(page.url()).searchParams.get('conversation')).toBe(String(conversationId));

    // Postpaid in EUR at tier 2: the credit limit appears and is required.
    await card.locator('select[name=currency]').selectOption('EUR');
    await card.locator('select[name=tier]').selectOption('tier_2');
    await card.locator('select[name=accountType]').selectOption('postpaid');
    expect(await card.locator('input[name=creditLimit]').isVisible()).toBe(true);
    expect(await card.locator('button[type=submit]').textContent()).toBe('Approve at tier 2, postpaid');
    const seen = await approveFormFullyVisible(page, 'Berlin Roam', viewport);
    expect(seen).toEqual(expect.arrayContaining(['input[name=company]', 'input[name=legalEntity]', 'input[name=country]', 'select[name=currency]', 'select[name=tier]', 'select[name=accountType]', 'input[name=creditLimit]', 'button', '.open-conversation']));
    // A limit the server cannot read is refused in the form, in words.
    await card.locator('input[name=creditLimit]').fill('5,00');
    await card.locator('button[type=submit]').click();
    await card.locator('.form-error:has-text("the credit limit is an amount in USD")').waitFor();
    await card.locator('input[name=creditLimit]').fill('5,000.00');
    // At 1280x720 the page itself never scrolls (the columns do), whatever the header holds.
    expect(await page.evaluate('[document.documentElement.scrollHeight <= document.documentElement.clientHeight, window.scrollY]')).toEqual([true, 0]);
    await card.evaluate((element) => element.scrollIntoView({ block: 'end' }));
    await page.screenshot({ path: SCREENSHOT });
    await card.locator('button[type=submit]').click();
    await card.waitFor({ state: 'detached' });
    // The conversation stays open beside the list through the live update, and shows the welcome (sent in the approver's name).
    await page.waitForSelector('#detail .transcript .msg.staff:has-text("Welcome to eSIM Hub, Berlin Roam!")');

    const customer = await db.prisma.customer.findFirstOrThrow({ where: { company: 'Berlin Roam' } });
    expect(customer).toMatchObject({ tier: 'tier_2', accountType: 'postpaid', currency: 'EUR', country: 'DE', creditLimitMinor: 500_000n, trialOrderPending: true, legalEntity: 'Berlin Roam GmbH' });
    const audit = await db.prisma.auditEvent.findFirstOrThrow({ where: { action: 'reseller.approve', customerId: customer.id } });
    expect(audit.actor).toBe(OWNER.email);
    expect(audit.after).toMatchObject({ tier: 'tier_2', accountType: 'postpaid', currency: 'EUR', creditLimitMinor: 500_000 });
    const welcome = (await until(async () => {
      const replies = await chat.replies(BERLIN);
      return replies.length ? replies : null;
    }, 'the welcome')).map((m) => m.text).join('\n');
    expect(welcome).toContain(`Welcome to eSIM Hub, Berlin Roam! Your account ${customer.id} is open (postpaid, credit limit USD 5,000.00; your first order is a small trial).`);
    expect(welcome).toContain('Your price list (tier 2, USD per eSIM, before volume discounts):');
    expect(welcome).toContain('ESIM-JP-10GB-15D: USD 13.67'); // tier_2 at quantity 1 (tier_3 is 15.57)
    await page.close();
  }, 90_000);

  test('390x844: the form and the conversation link fit a narrow window', async () => {
    const viewport = { width: 390, height: 844 };
    const page = await signedIn(OWNER, viewport);
    const card = page.locator('.approval.application', { hasText: 'Porto Viagens' });
    await card.waitFor();
    await card.locator('select[name=accountType]').selectOption('postpaid');
    const seen = await approveFormFullyVisible(page, 'Porto Viagens', viewport);
    expect(seen).toContain('input[name=creditLimit]');
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await card.locator('.open-conversation').click();
    const transcript = page.locator('#detail .transcript .msg.inbound', { hasText: 'Porto Viagens Lda' });
    await transcript.waitFor();
    await transcript.scrollIntoViewIfNeeded();
    const box = (await transcript.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(390);
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await page.close();
  }, 90_000);

  test('the server refuses what the rules refuse, naming the field; the desk approves at tier 3 prepaid only', async () => {
    // In the app, the desk sees tier and account type locked at the default.
    const page = await signedIn(DESK, { width: 1280, height: 720 });
    const card = page.locator('.approval.application', { hasText: 'Porto Viagens' });
    await card.waitFor();
    expect([await card.locator('select[name=tier]').isDisabled(), await card.locator('select[name=accountType]').isDisabled(), await card.locator('select[name=currency]').isDisabled()]).toEqual([true, true, false]);
    expect(await card.locator('.owner-only').textContent()).toBe('An owner chooses another tier, postpaid or a credit limit.');
    expect(await card.locator('button[type=submit]').textContent()).toBe('Approve at tier 3, prepaid');
    await page.close();

    const session = async (who: { email: string; password: string }) => {
      const login = await fetch(`${chat.url}/staff/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(who) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /<meta name="csrf-token" content="([^"]+)">/.exec(await (await fetch(`${chat.url}/staff`, { headers: { cookie } })).text())![1]!;
      return async (url: string, body: unknown) => {
        const response = await fetch(`${chat.url}${url}`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' }, body: JSON.stringify(body) });
        return { status: response.status, body: (await response.json()) as Record<string, unknown> };
      };
    };
    const owner = await session(OWNER);
    const desk = await session(DESK);
    const { id } = await applicationOf(PORTO);
    const url = `/staff/api/onboarding/${id}/approve`;
    const porto = { company: 'Porto Viagens', legalEntity: 'Porto Viagens Lda', country: 'PT', currency: 'EUR' };
    const customersBefore = await db.prisma.customer.count();

    const refusals: [string, typeof owner, Record<string, unknown>, { status: number; body: Record<string, unknown> }][] = [
      ['postpaid without a limit', owner, { ...porto, accountType: 'postpaid' }, { status: 400, body: { error: 'creditLimit: a postpaid account needs a credit limit in USD above zero, e.g. 5000 or 5,000.00' } }],
      ['postpaid with a zero limit', owner, { ...porto, accountType: 'postpaid', creditLimit: '0' }, { status: 400, body: { error: 'creditLimit: a postpaid account needs a credit limit in USD above zero, e.g. 5000 or 5,000.00' } }],
      ['prepaid with a limit', owner, { ...porto, accountType: 'prepaid', creditLimit: '5000' }, { status: 400, body: { error: 'creditLimit: a prepaid account has no credit limit (it pays from its balance): leave the credit limit empty, or choose postpaid' } }],
      ['a limit with cents the dollar has not', owner, { ...porto, accountType: 'postpaid', creditLimit: '5000.001' }, { status: 400, body: { error: 'creditLimit: the credit limit: "5000.001" has more decimals than USD allows (2)' } }],
      ['an unknown tier', owner, { ...porto, tier: 'tier_4' }, { status: 400, body: { error: 'tier: the tier must be one of tier_1, tier_2, tier_3' } }],
      ['an unknown account type', owner, { ...porto, accountType: 'credit' }, { status: 400, body: { error: 'accountType: the account type must be one of prepaid, postpaid' } }],
      ['a currency without an FX rate', owner, { ...porto, currency: 'GBP' }, { status: 409, body: { error: 'there is no FX rate for GBP: load one with esim-hub fx import before approving a reseller in it' } }],
      ['postpaid by the desk (the owner\'s call)', desk, { ...porto, accountType: 'postpaid', creditLimit: '2000' }, { status: 403, body: { error: 'approving at tier_3, postpaid: this needs the owner role; you are signed in as staff (staff approve at tier_3, prepaid)' } }],
      ['a better tier by the desk', desk, { ...porto, tier: 'tier_1' }, { status: 403, body: { error: 'approving at tier_1, prepaid: this needs the owner role; you are signed in as staff (staff approve at tier_3, prepaid)' } }],
    ];
    for (const [name, as, body, expected] of refusals) expect({ name, ...(await as(url, body)) }).toEqual({ name, ...expected });
    const currencyError = await owner(url, { ...porto, currency: 'XYZ' });
    expect(currencyError.status).toBe(400);
    expect(currencyError.body.error).toMatch(/^currency: /);
    expect(await db.prisma.customer.count()).toBe(customersBefore);
    expect((await applicationOf(PORTO)).status).toBe('submitted');

    // The desk approves with today's defaults (no tier, account type or limit sent): tier 3, prepaid.
    const approved = await desk(url, porto);
    expect(approved.status).toBe(200);
    const customer = await db.prisma.customer.findUniqueOrThrow({ where: { id: approved.body.customerId as string } });
    expect(customer).toMatchObject({ tier: 'tier_3', accountType: 'prepaid', currency: 'EUR', creditLimitMinor: 0n, trialOrderPending: true });
    const welcome = (await until(async () => {
      const replies = await chat.replies(PORTO);
      return replies.length ? replies : null;
    }, 'the welcome')).map((m) => m.text).join('\n');
    expect(welcome).toContain(`Your account ${customer.id} is open (prepaid; your first order is a small trial).`);
    expect(welcome).toContain('ESIM-JP-10GB-15D: USD 15.57');
  }, 60_000);
});
