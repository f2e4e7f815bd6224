// The deposits page of the staff app: what came into the bank and what became of it. No inline
// script or style (the page's policy forbids both); the CSRF token comes in a <meta>. Every action
// button is disabled from the click until the answer, so a second click on a slow network does
// nothing, and the list and the deposit are read again after each action.
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const $ = (selector, root = document) => root.querySelector(selector);

/** "EUR 1,250.00" from "1250.00" and "EUR": the code first, digits grouped, the decimals as given. */
function money(amount, currency) {
  if (amount === null || amount === undefined || amount === '') return '';
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, fraction] = text.replace('-', '').split('.');
  return `${currency ?? ''} ${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`.trim();
}
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "27 Nov 2026, 09:05 UTC": one zone for everyone who reads the same deposit. */
function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
const day = (isoDate) => {
  const [y, m, d] = String(isoDate).split('-').map(Number);
  return y && m && d ? `${d} ${MONTHS[m - 1]} ${y}` : esc(isoDate);
};
const RULES = { order_reference: 'order reference', quote_reference: 'quote reference', customer_id: 'reseller id', payer_and_amount: 'known payer and amount', staff: 'by staff' };
const STATES = { for_staff: 'waiting for staff', matched: 'matched', not_ours: 'not ours', reversed: 'reversed' };
const SOURCES = { camt053: 'camt.053 statement', csv: 'CSV statement', manual: 'recorded by hand' };

let selectedId = Number(new URLSearchParams(location.search).get('deposit')) || null;
let shown = null; // the deposit in the detail panel, as last read
let overview = { resellers: [], currencies: [], lowBalances: [], fxWarnings: [], today: '' };
let rows = [];
let listSeq = 0;
let detailSeq = 0;
let busy = false;
let flash = null; // { id, text }: what the last action did, shown above the deposit

async function api(url, init) {
  const response = await fetch(url, init);
  if (response.status === 401) {
    location.href = '/staff/login';
    throw new Error('signed out');
  }
  return response;
}
async function post(url, body) {
  const response = await api(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(body ?? {}) });
  let answer = {};
  try {
    answer = await response.json();
  } catch {
    answer = { error: `the server answered ${response.status}` };
  }
  return { ok: response.ok, answer };
}

function filters() {
  const data = new FormData($('#filters'));
  const params = new URLSearchParams();
  for (const [key, value] of data) if (String(value).trim()) params.set(key, String(value).trim());
  return params;
}

function stateCell(d) {
  const tag = `<span class="tag state-${esc(d.status)}">${esc(STATES[d.status] ?? d.status)}</span>`;
  if (d.status === 'matched') {
    const to = `${esc(d.customerId)}${d.orderRef ? ` · ${esc(d.orderRef)}` : ''}`;
    const how = d.matchRule === 'staff' ? `by ${esc(d.decidedBy ?? 'staff')}` : `${esc(RULES[d.matchRule] ?? d.matchRule ?? '')}${d.source === 'manual' && d.decidedBy ? ` · recorded by ${esc(d.decidedBy)}` : ''}`;
    return `${tag} ${to}<div class="muted">${esc(d.company ?? '')}${how ? ` · ${how}` : ''}</div>`;
  }
  if (d.status === 'for_staff') return `${tag}<div class="muted clip">${esc(d.reviewReason ?? '')}</div>`;
  const who = d.decidedBy ? `by ${d.decidedBy}` : d.status === 'reversed' ? `by the bank${d.customerId ? ` (was ${d.customerId})` : ''}` : null;
  return `${tag}<div class="muted">${esc([who, d.decidedAt ? when(d.decidedAt) : null].filter(Boolean).join(' · '))}</div>`;
}

async function loadList() {
  const mine = ++listSeq;
  const response = await api(`/staff/api/deposits?${filters()}`);
  const body = await response.json();
  if (mine !== listSeq) return; // a newer read is on its way
  if (!response.ok) {
    $('#list-count').textContent = body.error;
    return;
  }
  rows = body.deposits;
  const waiting = rows.filter((d) => d.status === 'for_staff').length;
  $('#list-count').textContent = `${rows.length} shown${waiting ? ` · ${waiting} waiting for staff` : ''}`;
  $('#list-empty').hidden = rows.length > 0;
  $('#deposits tbody').innerHTML = rows.map((d) => `
    <tr data-deposit="${d.id}" class="${d.id === selectedId ? 'selected' : ''} row-${esc(d.status)}" tabindex="0">
      <td><strong>#${d.id}</strong><div class="muted">${day(d.valueDate)}</div></td>
      <td class="num">${esc(money(d.amount, d.currency))}</td>
      <td><div>${esc(d.payerName ?? 'unknown payer')}</div><div class="muted clip">${esc(d.remittance || '(no remittance text)')}</div></td>
      <td>${stateCell(d)}</td>
    </tr>`).join('');
  for (const tr of document.querySelectorAll('#deposits tbody tr')) {
    const open = () => select(Number(tr.dataset.deposit));
    tr.addEventListener('click', open);
    tr.addEventListener('keydown', (event) => { if (event.key === 'Enter') open(); });
  }
  // Someone else decided the deposit on screen: show it as it is now (unless a form is being filled in).
  const row = rows.find((d) => d.id === selectedId);
  if (row && shown && shown.id === row.id && (row.status !== shown.status || row.decidedAt !== shown.decidedAt) && !busy && !typing()) await loadDetail();
}

/** Staff are filling in a form of the deposit on screen: it is not re-drawn under them. */
const typing = () => [...document.querySelectorAll('#detail input, #detail textarea, #detail select')].some((f) => f.value.trim() !== '' || f === document.activeElement);

async function select(id) {
  if (busy) return;
  selectedId = id;
  flash = flash && flash.id === id ? flash : null;
  history.replaceState(null, '', `/staff/deposits?deposit=${id}`);
  for (const tr of document.querySelectorAll('#deposits tbody tr')) tr.classList.toggle('selected', Number(tr.dataset.deposit) === id);
  await loadDetail();
}

async function loadDetail() {
  const detail = $('#detail');
  if (!selectedId) {
    detail.innerHTML = '<p class="muted none">Pick a deposit on the left.</p>';
    return;
  }
  const mine = ++detailSeq;
  if (!shown || shown.id !== selectedId) detail.innerHTML = `<p class="muted none">Loading deposit #${selectedId}…</p>`;
  const response = await api(`/staff/api/deposits/${selectedId}`);
  const body = await response.json();
  if (mine !== detailSeq) return;
  if (!response.ok) {
    shown = null;
    detail.innerHTML = `<p class="status none">Deposit #${selectedId}: ${esc(body.error)}</p>`;
    return;
  }
  render(body);
}

function matchButton(customerId, orderRef, extra) {
  const label = `Match to ${customerId}${orderRef ? ` / ${orderRef}` : ''}`;
  return `<button type="button" class="match" data-action="match" data-customer="${esc(customerId)}" data-order="${esc(orderRef ?? '')}">${esc(label)}</button>${extra ? ` <span class="muted">${extra}</span>` : ''}`;
}

function render(d) {
  shown = d;
  const decided = d.decidedBy
    ? `${esc(d.decidedBy)} · ${esc(when(d.decidedAt))}`
    : d.status === 'matched' ? `automatically, on import · ${esc(when(d.importedAt))}`
    : d.status === 'reversed' && d.decidedAt ? `the bank reversed it · ${esc(when(d.decidedAt))}` : '';
  const resellerName = (id) => overview.resellers.find((r) => r.customerId === id)?.company ?? '';
  const facts = [
    ['Payer', `${esc(d.payerName ?? 'unknown')}${d.payerAccount ? ` <span class="muted">${esc(d.payerAccount)}</span>` : ''}`],
    ['Remittance', d.remittance ? `“${esc(d.remittance)}”` : '<span class="muted">none</span>'],
    ['Came from', `${esc(SOURCES[d.source] ?? d.source)}${d.fileName ? ` · ${esc(d.fileName)}` : ''}<div class="muted">${esc(when(d.importedAt))}</div>`],
  ];
  if (d.status === 'matched') {
    facts.push(['Matched to', `<strong>${esc(d.customerId)}</strong> ${esc(d.company ?? '')}${d.orderRef ? ` · ${esc(d.orderRef)}` : ''} <span class="muted">(${esc(RULES[d.matchRule] ?? d.matchRule ?? '')})</span>`]);
    const currency = overview.resellers.find((r) => r.customerId === d.customerId)?.currency;
    if (d.credited !== null) facts.push(['Credited', esc(money(d.credited, currency))]);
    if (d.released.length) facts.push(['Paid orders', esc(d.released.join(', '))]);
  }
  if (d.status === 'reversed' && d.customerId) facts.push(['Was matched to', `<strong>${esc(d.customerId)}</strong> ${esc(d.company ?? '')}${d.orderRef ? ` · ${esc(d.orderRef)}` : ''}`]);
  if (d.status === 'for_staff' && d.reviewReason) facts.push(['Why staff', esc(d.reviewReason)]);
  if (decided) facts.push([d.status === 'for_staff' ? 'Last decided' : 'Decided', decided]);
  if (d.note) facts.push(['Note', `<span class="pre">${esc(d.note)}</span>`]);

  let actions = '';
  if (d.status === 'for_staff') {
    const pairs = [];
    const seen = new Set();
    const add = (customerId, orderRef, extra) => {
      const key = `${customerId}/${orderRef ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      pairs.push(`<li>${matchButton(customerId, orderRef, extra)}</li>`);
    };
    for (const c of d.candidates) add(c.customerId, c.orderReference, esc(c.why));
    for (const o of d.openOrders) add(o.customerId, o.orderRef, `${esc(money(o.open, o.currency))} open`);
    for (const c of d.candidates) add(c.customerId, null, `${esc(resellerName(c.customerId))}: a top-up, oldest order first`);
    actions = `
      <h3>Candidates</h3>
      ${pairs.length ? `<ul class="candidates">${pairs.join('')}</ul>` : '<p class="muted">No candidates: choose below.</p>'}
      <h3>Another reseller, order or invoice</h3>
      <form id="pick" class="inline">
        <select name="customerId" required aria-label="Reseller"><option value="">Reseller…</option>${overview.resellers.map((r) => `<option value="${esc(r.customerId)}">${esc(r.customerId)} · ${esc(r.company)} (${esc(r.currency)}, ${esc(r.accountType)})</option>`).join('')}</select>
        <select name="orderRef" aria-label="Order or invoice"><option value="">No order (top-up)</option></select>
        <button type="submit" data-action="pick">Match</button>
      </form>
      <h3>Not ours</h3>
      <form id="not-ours" class="inline">
        <input name="note" required maxlength="1000" placeholder="Note (required), e.g. sent back to the payer on 27 Nov" aria-label="Note">
        <button type="submit" class="danger" data-action="not-ours">Not ours</button>
      </form>`;
  } else if (d.status === 'matched') {
    actions = `
      <h3>Undo match</h3>
      <p class="muted">Reverses what the match booked (never deletes) and puts the money back in suspense for staff.</p>
      <form id="undo" class="inline">
        <input name="reason" required maxlength="500" placeholder="Reason (required), e.g. payer is another reseller" aria-label="Reason">
        <button type="submit" class="danger" data-action="undo">Undo match</button>
      </form>`;
  }

  $('#detail').innerHTML = `
    <div class="card">
      <div class="title"><h2>Deposit #${d.id}</h2><span class="tag state-${esc(d.status)}">${esc(STATES[d.status] ?? d.status)}</span></div>
      <p class="amount">${esc(money(d.amount, d.currency))}${d.currency !== 'USD' ? ` <span class="muted">≈ ${esc(money(d.usd, 'USD'))}</span>` : ''} <span class="muted">value date ${day(d.valueDate)}</span></p>
      <dl class="facts">${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
      ${flash && flash.id === d.id ? `<p class="ok" role="status">${esc(flash.text)}</p>` : ''}
      <p id="detail-status" class="status" role="alert"></p>
      ${actions}
    </div>`;

  for (const button of document.querySelectorAll('#detail button.match')) {
    button.addEventListener('click', () => act(button, `/staff/api/deposits/${d.id}/match`, { customerId: button.dataset.customer, orderRef: button.dataset.order || null }));
  }
  const pick = $('#pick');
  if (pick) {
    pick.customerId.addEventListener('change', () => loadOrders(pick));
    pick.addEventListener('submit', (event) => {
      event.preventDefault();
      // One picker for both: an order (ORD-…) or an invoice the deposit pays (INV-…).
      const chosen = pick.orderRef.value;
      const invoice = chosen.startsWith('INV-');
      act(pick.querySelector('button'), `/staff/api/deposits/${d.id}/match`, { customerId: pick.customerId.value, orderRef: invoice ? null : chosen || null, invoiceNumber: invoice ? chosen : null });
    });
  }
  const notOurs = $('#not-ours');
  notOurs?.addEventListener('submit', (event) => {
    event.preventDefault();
    act(notOurs.querySelector('button'), `/staff/api/deposits/${d.id}/not-ours`, { note: notOurs.note.value });
  });
  const undo = $('#undo');
  undo?.addEventListener('submit', (event) => {
    event.preventDefault();
    act(undo.querySelector('button'), `/staff/api/deposits/${d.id}/undo`, { reason: undo.reason.value });
  });
}

async function loadOrders(form) {
  const select = form.orderRef;
  const customerId = form.customerId.value;
  select.innerHTML = '<option value="">No order (top-up)</option>';
  if (!customerId) return;
  const response = await api(`/staff/api/resellers/${encodeURIComponent(customerId)}/open-orders`);
  if (!response.ok || form.customerId.value !== customerId) return;
  const { orders, invoices } = await response.json();
  select.innerHTML += orders.map((o) => `<option value="${esc(o.orderRef)}">${esc(o.orderRef)} · ${esc(money(o.open, o.currency))} open</option>`).join('')
    + (invoices ?? []).map((i) => `<option value="${esc(i.number)}">${esc(i.number)} · ${esc(money(i.due, i.currency))} due ${esc(i.dueDate)}</option>`).join('');
}

/** One action at a time: every action button is off from the click until the answer and the fresh read. */
async function act(button, url, body) {
  if (busy) return;
  busy = true;
  const buttons = [...document.querySelectorAll('#detail button')];
  for (const b of buttons) b.disabled = true;
  const label = button.textContent;
  button.textContent = 'Working…';
  const status = $('#detail-status');
  status.textContent = '';
  const id = shown.id;
  try {
    const { ok, answer } = await post(url, body);
    if (!ok) {
      status.textContent = answer.error;
      button.textContent = label;
      for (const b of buttons) b.disabled = false;
      return;
    }
    flash = { id, text: `${answer.message}.` };
    busy = false;
    if (answer.deposit && answer.deposit.id === selectedId) render(answer.deposit);
    else await loadDetail();
    await Promise.all([loadList(), loadOverview()]);
  } catch (error) {
    status.textContent = `Not sent: ${error.message}. Check the list before trying again.`;
    button.textContent = label;
    for (const b of buttons) b.disabled = false;
  } finally {
    busy = false;
  }
}

async function loadOverview() {
  const response = await api('/staff/api/money');
  if (!response.ok) return;
  overview = await response.json();
  const filter = $('#filters').customer;
  if (filter.options.length <= 1) {
    filter.innerHTML += overview.resellers.map((r) => `<option value="${esc(r.customerId)}">${esc(r.customerId)} · ${esc(r.company)}</option>`).join('');
  }
  const currency = $('#manual').currency;
  if (currency.options.length === 0) {
    currency.innerHTML = overview.currencies.map((c) => `<option${c === 'EUR' ? ' selected' : ''}>${esc(c)}</option>`).join('');
    if (!$('#manual').valueDate.value) $('#manual').valueDate.value = overview.today;
  }
  $('#low').innerHTML = overview.lowBalances.length === 0 ? '<p class="muted none">No prepaid balance is below its threshold.</p>' : `<ul class="plain">${overview.lowBalances.map((r) => `
    <li><a href="/staff/deposits?customer=${esc(r.customerId)}" data-customer="${esc(r.customerId)}"><strong>${esc(r.customerId)}</strong> ${esc(r.company)}</a>
      <div><span class="low">${esc(money(r.balance, r.currency))}</span> <span class="muted">${r.threshold ? `below ${esc(money(r.threshold, r.currency))}${r.defaultThreshold ? ' (default)' : ''}` : 'below its threshold'}</span></div></li>`).join('')}</ul>`;
  for (const link of document.querySelectorAll('#low a[data-customer]')) link.addEventListener('click', (event) => {
    event.preventDefault();
    $('#filters').customer.value = link.dataset.customer;
    loadList();
  });
  $('#fx').innerHTML = overview.fxWarnings.length === 0 ? '<p class="muted none">Every rate in use is recent.</p>' : `<ul class="plain warnings">${overview.fxWarnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`;
  if (shown && !busy && !typing()) render(shown); // reseller names and currencies for the panel
}

$('#filters').addEventListener('submit', (event) => {
  event.preventDefault();
  loadList();
});
for (const field of ['status', 'customer']) $('#filters')[field].addEventListener('change', () => loadList());

/**
 * The payment form's submission key: made once per filling of the form and sent with it, so the
 * server books a payment sent twice (a double click, a request the network retried, a retry after
 * a timeout) once. A new one only after a payment was recorded. randomUUID needs a secure context
 * (https or localhost): elsewhere the same version-4 UUID from getRandomValues.
 */
function newSubmissionKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
$('#manual').submissionKey.value = newSubmissionKey();

$('#manual').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.target;
  const button = form.querySelector('button');
  if (button.disabled) return;
  button.disabled = true;
  button.textContent = 'Recording…';
  const status = $('#manual-status');
  status.className = 'status';
  status.textContent = '';
  const looking = selectedId; // the new deposit is shown unless staff picked another one meanwhile
  try {
    const data = Object.fromEntries(new FormData(form));
    let sent;
    try {
      sent = await post('/staff/api/deposits/manual', data);
    } catch {
      // Nothing came back: it may have been booked. The key is kept, so sending it again books it once.
      status.textContent = 'No answer from the server. Send it again: it is booked only once.';
      return;
    }
    const { ok, answer } = sent;
    if (!ok) {
      status.textContent = answer.error;
      return;
    }
    status.className = 'ok';
    status.textContent = `${answer.message}.`;
    for (const name of ['amount', 'reference', 'payerName', 'note']) form[name].value = '';
    form.submissionKey.value = newSubmissionKey();
    await loadList();
    if (answer.depositId && selectedId === looking) {
      flash = { id: answer.depositId, text: `${answer.message}.` };
      await select(answer.depositId);
    }
    await loadOverview();
  } finally {
    button.disabled = false;
    button.textContent = 'Record payment';
  }
});

$('#logout').addEventListener('click', async () => {
  await post('/staff/logout');
  location.href = '/staff/login';
});

// Live enough without a stream: read the list again every 20 s and when the tab comes back.
setInterval(() => { if (!busy && document.visibilityState === 'visible') loadList(); }, 20_000);
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible' && !busy) loadList(); });

(async () => {
  const preset = new URLSearchParams(location.search).get('customer');
  await loadOverview();
  if (preset) $('#filters').customer.value = preset.toUpperCase();
  await Promise.all([loadList(), loadDetail()]);
})();
