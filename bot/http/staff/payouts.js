// The payouts page of the staff app: commission payouts filtered by month, status and reseller, their
// CSV, and (for finance and owners) Approve and Mark paid. No inline script or style (the page's
// policy forbids both); the CSRF token comes in a <meta>. Whether the steps are offered is the
// server's answer (mayDecide), and the server checks again on every step. A step's controls are
// disabled from the click until the answer, so a second click on a slow network does nothing; the
// list is read again after each step, and an answer arriving late never replaces a newer one.
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const $ = (selector) => document.querySelector(selector);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** "12,345.67" from "12345.67": digits grouped, the decimals as the server gave them (the currency's own, never re-rounded). */
function grouped(amount) {
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, fraction] = text.replace('-', '').split('.');
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
}
/** "EUR 1,250.00": the code first, then the grouped amount. */
const money = (amount, currency) => `${currency} ${grouped(amount)}`;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthName = (ym) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
const pad = (n) => String(n).padStart(2, '0');
/** "27 Nov 2026, 09:05 UTC": one zone for everyone who reads the same payout. */
function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
const STATUS = { pending: 'pending', approved: 'approved', paid: 'paid' };

let seq = 0;
let busy = false;
let mayDecide = false;
let said = null; // { text, error }: what the last step did, kept over the reload that follows it

function filters() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($('#filters'))) if (String(value)) params.set(key, String(value));
  return params;
}

function say(text, error = false) {
  $('#status').textContent = text;
  $('#status').classList.toggle('status-error', error);
}

async function load() {
  const params = filters();
  const mine = ++seq;
  history.replaceState(null, '', params.size ? `?${params}` : location.pathname);
  const csv = new URLSearchParams(params);
  csv.set('format', 'csv');
  $('#csv').href = `/staff/api/payouts?${csv}`;
  if (!said) say('Loading…');
  try {
    const response = await fetch(`/staff/api/payouts?${params}`, { headers: { accept: 'application/json' } });
    if (response.status === 401) { location.href = '/staff/login'; return; }
    const body = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
    if (!response.ok) throw new Error(body.error ?? `the server answered ${response.status}`);
    if (mine !== seq) return;
    mayDecide = body.mayDecide === true;
    const picker = $('#filters select[name=customer]');
    const chosen = picker.value;
    picker.innerHTML = `<option value="">All commission resellers</option>${body.resellers.map((r) => `<option value="${esc(r.customerId)}">${esc(r.customerId)} · ${esc(r.company)}</option>`).join('')}`;
    picker.value = chosen;
    draw(body.payouts, body.totals);
    if (said) say(said.text, said.error);
    else say(body.payouts.length === 0 ? 'No payouts match these filters.' : `${body.payouts.length} payouts, newest month first. Commission in the reseller's currency and in USD at the month's rates.`);
  } catch (error) {
    if (mine === seq) say(`Could not load the payouts: ${error.message}`, true);
  } finally {
    if (mine === seq) said = null;
  }
}

/** The Approve button sits where the approval will show, the Pay form where the transfer reference will: only for those who may. */
function approvedCell(p) {
  if (p.approvedBy) return `<span class="who">${esc(p.approvedBy)}</span><span class="muted">${esc(when(p.approvedAt))}</span>`;
  return mayDecide && p.status === 'pending' ? `<span class="step"><button type="button" data-approve="${p.id}" aria-label="Approve payout ${p.id}">Approve</button></span>` : '';
}
function referenceCell(p) {
  if (p.transferReference) return esc(p.transferReference);
  if (!mayDecide || p.status !== 'approved') return '';
  return `<form class="step" data-pay="${p.id}"><input name="transferReference" required minlength="3" maxlength="140" placeholder="Reference" aria-label="Transfer reference for payout ${p.id}"><button type="submit">Mark paid</button></form>`;
}

function draw(payouts, totals) {
  $('#payouts-table tbody').innerHTML = payouts
    .map((p) => `<tr data-payout="${p.id}" data-status="${esc(p.status)}">`
      + `<td class="text"><strong>${esc(p.customerId)}</strong><span class="muted">${esc(p.company)}</span></td>`
      + `<td class="text">${esc(monthName(p.month))}</td>`
      + `<td class="sales">${esc(money(p.sales, p.currency))}</td><td class="rate">${esc(p.rate)}</td>`
      + `<td class="amount">${esc(money(p.amount, p.currency))}</td><td class="amount-usd">${esc(money(p.amountUsd, 'USD'))}</td>`
      + `<td class="text"><span class="tag status-${esc(p.status)}">${esc(STATUS[p.status] ?? p.status)}</span></td>`
      + `<td class="text approved">${approvedCell(p)}</td>`
      + `<td class="text paid">${p.paidBy ? `<span class="who">${esc(p.paidBy)}</span><span class="muted">${esc(when(p.paidAt))}</span>` : ''}</td>`
      + `<td class="text reference">${referenceCell(p)}</td></tr>`)
    .join('');
  const span = 4; // status to the end
  const rows = [];
  if (totals.byCurrency.length > 1) {
    for (const c of totals.byCurrency) {
      rows.push(`<tr class="subtotal" data-currency="${esc(c.currency)}"><td class="label" colspan="4">${esc(c.currency)} payouts (${c.count})</td><td class="amount">${esc(money(c.amount, c.currency))}</td><td>${esc(money(c.amountUsd, 'USD'))}</td><td colspan="${span}"></td></tr>`);
    }
  }
  if (totals.count > 0) {
    const one = totals.byCurrency.length === 1 ? totals.byCurrency[0] : null;
    rows.push(`<tr class="total"><td class="label" colspan="4">Total (${totals.count} payouts)</td><td class="amount">${one ? esc(money(one.amount, one.currency)) : ''}</td><td class="total-usd">${esc(money(totals.amountUsd, 'USD'))}</td><td colspan="${span}"></td></tr>`);
  }
  $('#payouts-table tfoot').innerHTML = rows.join('');
}

/** One step at a time: every step control disabled until the answer, then the list read again. */
async function step(url, body, control) {
  if (busy) return;
  busy = true;
  const controls = document.querySelectorAll('#payouts-table .step button, #payouts-table .step input');
  for (const c of controls) c.disabled = true;
  if (control) control.textContent = 'Working…';
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(body) });
    if (response.status === 401) { location.href = '/staff/login'; return; }
    const answer = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
    said = response.ok ? { text: `${answer.message[0].toUpperCase()}${answer.message.slice(1)}.`, error: false } : { text: `Refused: ${answer.error ?? `the server answered ${response.status}`}`, error: true };
  } catch (error) {
    said = { text: `No answer from the server (${error.message}); the list shows what was done.`, error: true };
  } finally {
    busy = false;
  }
  await load();
}

$('#payouts-table tbody').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-approve]');
  if (!button || button.disabled || busy) return;
  step(`/staff/api/payouts/${encodeURIComponent(button.dataset.approve)}/approve`, {}, button);
});
$('#payouts-table tbody').addEventListener('submit', (event) => {
  const form = event.target.closest('form[data-pay]');
  if (!form) return;
  event.preventDefault();
  if (busy) return;
  step(`/staff/api/payouts/${encodeURIComponent(form.dataset.pay)}/pay`, { transferReference: form.transferReference.value }, form.querySelector('button'));
});

$('#filters').addEventListener('change', () => load());
$('#filters').addEventListener('submit', (event) => { event.preventDefault(); load(); });
$('#logout').addEventListener('click', async () => {
  await fetch('/staff/logout', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: '{}' });
  location.href = '/staff/login';
});

const preset = new URLSearchParams(location.search);
$('#filters input[name=month]').value = preset.get('month') ?? '';
$('#filters select[name=status]').value = preset.get('status') ?? '';
if (preset.get('customer')) {
  // The picker fills from the first answer; the preset reseller is asked for meanwhile.
  $('#filters select[name=customer]').insertAdjacentHTML('beforeend', `<option value="${esc(preset.get('customer').toUpperCase())}" selected>${esc(preset.get('customer').toUpperCase())}</option>`);
}
load();
