// The order desk of the staff app (issue 19): orders filtered and paged on the server, and one
// order's page: lines with why each costs what it costs, history, supplier chunks, eSIMs (activation
// codes masked; "Show code" asks the server, which audits who saw which), ledger entries, the
// conversation, and the actions: cancel an unpaid order, resend or credit or refund eSIMs of a delivered one.
// Amounts come from the server formatted as printed ("USD 1,250.00"). A form's key is made once per
// filling, so a double click or a retried request credits once. No inline script or style.
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const ROLE = document.querySelector('meta[name="staff-role"]').content;
const GRANTS = { staff: ['desk'], finance: ['money'], owner: ['desk', 'money', 'owner'] };
const may = (permission) => (GRANTS[ROLE] ?? []).includes(permission);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const $ = (selector, root = document) => root.querySelector(selector);
const when = (iso) => (iso ? new Date(iso).toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '');
const newKey = () => (crypto.randomUUID ? crypto.randomUUID() : `${Date.now().toString(16)}-${Math.random().toString(16).slice(2)}-key`);

const query = new URLSearchParams(location.search);
let selected = query.get('order');
let page = 1;
let pages = 1;
let listSeq = 0;
let creditKey = newKey();

async function post(url, body) {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(body ?? {}) });
  if (response.status === 401) location.href = '/staff/login';
  const answer = await response.json().catch(() => ({}));
  return { ok: response.ok, answer };
}

function say(text, ok) {
  const status = $('#desk-status');
  if (!status) return;
  status.textContent = text;
  status.className = ok ? 'ok' : 'error';
}

async function loadList() {
  const seq = ++listSeq;
  const params = new URLSearchParams(new FormData($('#filters')));
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  params.set('page', String(page));
  params.set('pageSize', '50');
  const response = await fetch(`/staff/api/order-desk/orders?${params}`);
  if (seq !== listSeq) return;
  if (response.status === 401) return (location.href = '/staff/login');
  if (!response.ok) { $('#list-count').textContent = `Could not load: ${(await response.json()).error ?? response.status}`; return; }
  const { orders, total, pageSize } = await response.json();
  pages = Math.max(1, Math.ceil(total / pageSize));
  $('#list-count').textContent = `${total.toLocaleString('en-US')} order${total === 1 ? '' : 's'}`;
  $('#page').textContent = `page ${page} of ${pages}`;
  $('#prev').disabled = page <= 1;
  $('#next').disabled = page >= pages;
  $('#orders tbody').innerHTML = orders.map((o) => `<tr data-ref="${esc(o.reference)}" class="${o.reference === selected ? 'selected' : ''}">
    <td><strong>${esc(o.reference)}</strong>${o.customerReference ? ` <span class="muted">PO ${esc(o.customerReference)}</span>` : ''}<div class="muted">${esc(when(o.createdAt))} · ${esc(o.channel)} · ${o.cards} card${o.cards === 1 ? '' : 's'}</div></td>
    <td>${esc(o.customerId)}<div class="muted">${esc(o.company)}</div></td>
    <td><span class="tag">${esc(o.status.replaceAll('_', ' '))}</span></td>
    <td class="amount">${esc(o.total)}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">No orders match.</td></tr>';
  for (const row of document.querySelectorAll('#orders tbody tr[data-ref]')) row.addEventListener('click', () => open(row.dataset.ref));
}

function open(ref) {
  selected = ref;
  creditKey = newKey();
  history.replaceState(null, '', `?order=${encodeURIComponent(ref)}`);
  for (const row of document.querySelectorAll('#orders tbody tr')) row.classList.toggle('selected', row.dataset.ref === ref);
  loadDetail();
}

async function loadDetail(message) {
  if (!selected) return;
  const response = await fetch(`/staff/api/order-desk/orders/${encodeURIComponent(selected)}`);
  if (!response.ok) { $('#detail').innerHTML = `<p class="muted none">${esc((await response.json()).error ?? 'not found')}</p>`; return; }
  const o = await response.json();
  const open = o.esims.filter((e) => !e.credited);
  $('#detail').innerHTML = `
    <h2>${esc(o.reference)} <span class="tag">${esc(o.status.replaceAll('_', ' '))}</span>${o.isTrial ? ' <span class="tag low">trial</span>' : ''}</h2>
    <p class="muted">${esc(o.customerId)} ${esc(o.company)} · ${esc(o.accountType)} · ${esc(o.channel)}${o.paymentMethod ? ` · paid ${esc(o.paymentMethod)}` : ''}${o.quoteReference ? ` · quote ${esc(o.quoteReference)}` : ''}${o.customerReference ? ` · PO ${esc(o.customerReference)}` : ''}${o.placedBy ? ` · placed by ${esc(o.placedBy)}` : ''}
      ${o.conversationUrl ? ` · <a id="conversation" href="${esc(o.conversationUrl)}">Open the conversation ›</a>` : ''}</p>
    <p><strong>Total ${esc(o.total)}</strong> <span class="muted">(${esc(o.totalUsd)})</span></p>
    <span id="desk-status" class="${message?.ok ? 'ok' : 'error'}">${esc(message?.text ?? '')}</span>
    ${o.actions.resend && may('desk') ? `<p class="act"><button type="button" id="resend">Resend eSIMs</button> <span class="muted">the delivery again, on the order's own conversation</span></p>` : ''}
    ${o.actions.cancel && may('desk') ? `<form id="cancel" class="act"><strong>Cancel</strong><input type="text" name="reason" placeholder="Why (the reseller is told the order is cancelled)" required maxlength="500" aria-label="Reason to cancel"><button type="submit">Cancel the order</button></form>` : ''}
    ${o.actions.credit && may('money') ? `<form id="credit" class="act"><strong>Credit or refund</strong> <span class="muted">tick the eSIMs below that could not be used</span>
      <select name="mode" aria-label="Credit or refund"><option value="credit">Credit to their account</option>${o.actions.refund ? '<option value="refund">Refund (paid back by bank transfer)</option>' : ''}</select>
      <input type="text" name="reason" placeholder="Why (undeliverable, returned ...)" required maxlength="500" aria-label="Reason for the credit">
      <button type="submit" id="credit-submit">Issue credit note</button>${o.actions.creditWaitsForInvoice ? '<span class="muted">postpaid: possible once the order is invoiced</span>' : ''}</form>` : ''}
    <h3>Lines</h3>
    <table class="small"><thead><tr><th>SKU</th><th class="amount">Qty</th><th class="amount">Delivered</th><th class="amount">Unit price</th><th class="amount">Line</th></tr></thead><tbody>${o.lines.map((l) => `<tr>
      <td>${esc(l.sku)} <span class="muted">${esc(l.priceSource ?? '')}</span>${l.explanation.length ? `<ul class="explain">${l.explanation.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}</td>
      <td class="amount">${l.quantity}</td><td class="amount">${l.delivered}</td>
      <td class="amount">${esc(l.unitPrice ?? '')}<div class="muted">${esc(l.unitPriceUsd)}</div></td><td class="amount">${esc(l.lineTotal ?? '')}<div class="muted">${esc(l.lineTotalUsd)}</div></td></tr>`).join('')}</tbody></table>
    <h3>eSIMs (${o.esims.length})</h3>
    <table class="small" id="esims"><thead><tr><th></th><th>ICCID</th><th>SKU</th><th>Activation code</th><th></th></tr></thead><tbody>${o.esims.map((e) => `<tr data-esim="${e.id}">
      <td>${!e.credited && o.actions.credit && may('money') ? `<input type="checkbox" name="esim" value="${e.id}" aria-label="Credit ${esc(e.iccid)}">` : ''}</td>
      <td>${esc(e.iccid)}${e.isTest ? ' <span class="muted">test</span>' : ''}</td><td>${esc(e.sku)}</td>
      <td><code class="secret">${esc(e.activationCode)}</code></td>
      <td>${may('desk') ? `<button type="button" class="secondary reveal" data-esim="${e.id}">Show code</button>` : ''}${e.credited ? ` <span class="credited">${esc(e.credited.mode === 'refund' ? 'refunded' : 'credited')} · ${esc(e.credited.creditNote)}</span>` : ''}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">None.</td></tr>'}</tbody></table>
    ${o.credits.length ? `<h3>Credit notes</h3><table class="small"><thead><tr><th>Credit note</th><th>eSIMs</th><th class="amount">Amount</th><th>By</th><th>Why</th></tr></thead><tbody>${o.credits.map((c) => `<tr>
      <td>${c.pdfUrl ? `<a href="${esc(c.pdfUrl)}" target="_blank" rel="noopener">${esc(c.creditNote)}</a>` : esc(c.creditNote)} <a class="muted" href="${esc(c.csvUrl)}">CSV</a></td><td>${c.esims} (${esc(c.mode)})</td>
      <td class="amount">${esc(c.amount)}</td><td>${esc(c.by)}<div class="muted">${esc(when(c.at))}</div></td><td>${esc(c.reason)}</td></tr>`).join('')}</tbody></table>` : ''}
    <h3>History</h3>
    <table class="small"><tbody>${o.history.map((h) => `<tr><td class="muted">${esc(when(h.at))}</td><td>${esc(h.what)}</td><td class="muted">${esc(h.by ?? '')}</td></tr>`).join('')}</tbody></table>
    <h3>Supplier chunks</h3>
    <table class="small"><thead><tr><th>Chunk</th><th>SKU</th><th class="amount">Count</th><th>Status</th><th>Supplier ref</th></tr></thead><tbody>${o.supplierChunks.map((c) => `<tr>
      <td>${c.chunk}</td><td>${esc(c.sku)} <span class="muted">${esc(c.packageCode)}</span></td><td class="amount">${c.count}</td>
      <td>${esc(c.status)}${c.attempts > 1 ? ` <span class="muted">(${c.attempts} tries)</span>` : ''}${c.lastError ? `<div class="muted">${esc(c.lastError)}</div>` : ''}</td><td>${esc(c.supplierTransactionNo ?? '')}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">None.</td></tr>'}</tbody></table>
    <h3>Ledger</h3>
    <table class="small"><thead><tr><th>Entry</th><th>Account</th><th class="amount">Debit</th><th class="amount">Credit</th></tr></thead><tbody>${o.ledger.map((e) => `<tr>
      <td>#${e.id} ${esc(e.kind.replaceAll('_', ' '))}<div class="muted">${esc(when(e.occurredAt))}</div><div class="muted">${esc(e.description)}</div></td>
      <td><ul class="postings">${e.postings.map((p) => `<li>${esc(p.account)}</li>`).join('')}</ul></td>
      <td class="amount"><ul class="postings">${e.postings.map((p) => `<li>${esc(p.debit ?? '')}&nbsp;</li>`).join('')}</ul></td>
      <td class="amount"><ul class="postings">${e.postings.map((p) => `<li>${esc(p.credit ?? '')}&nbsp;</li>`).join('')}</ul></td></tr>`).join('') || '<tr><td colspan="4" class="muted">No money booked.</td></tr>'}</tbody></table>`;

  for (const button of document.querySelectorAll('button.reveal')) button.addEventListener('click', async () => {
    button.disabled = true;
    const { ok, answer } = await post(`/staff/api/order-desk/orders/${o.id}/esims/${button.dataset.esim}/reveal`);
    if (!ok) { button.disabled = false; return say(answer.error ?? 'could not show the code'); }
    const cell = button.closest('tr').querySelector('code.secret');
    cell.textContent = answer.lpa;
    button.textContent = 'Shown (recorded)';
  });
  $('#resend')?.addEventListener('click', async () => {
    const button = $('#resend');
    // Off until the answer; the key, made once per click, makes a request sent again resend once.
    button.disabled = true;
    const { ok, answer } = await post(`/staff/api/order-desk/orders/${o.id}/resend`, { submissionKey: newKey() });
    if (!ok) { button.disabled = false; return say(answer.error ?? 'refused'); }
    await loadDetail({ ok: true, text: answer.message });
  });
  $('#cancel')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    form.querySelector('button').disabled = true;
    const { ok, answer } = await post(`/staff/api/order-desk/orders/${o.id}/cancel`, { reason: form.reason.value });
    if (!ok) { form.querySelector('button').disabled = false; return say(answer.error ?? 'refused'); }
    await loadList();
    await loadDetail({ ok: true, text: answer.message });
  });
  $('#credit')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const profileIds = [...document.querySelectorAll('#esims input[name="esim"]:checked')].map((c) => Number(c.value));
    if (profileIds.length === 0) return say('tick the eSIMs to credit first');
    const button = $('#credit-submit');
    // Off until the answer: a double click sends once, and the key makes a resend credit once anyway.
    button.disabled = true;
    const { ok, answer } = await post(`/staff/api/order-desk/orders/${o.id}/credit`, { mode: form.mode.value, profileIds, reason: form.reason.value, submissionKey: creditKey });
    if (!ok) { button.disabled = false; return say(answer.error ?? 'refused'); }
    creditKey = newKey();
    await loadDetail({ ok: true, text: answer.message });
  });
  if (open.length === 0 && $('#credit')) $('#credit-submit').disabled = true;
}

$('#filters').addEventListener('submit', (event) => { event.preventDefault(); page = 1; loadList(); });
$('#prev').addEventListener('click', () => { if (page > 1) { page -= 1; loadList(); } });
$('#next').addEventListener('click', () => { if (page < pages) { page += 1; loadList(); } });
$('#logout').addEventListener('click', async () => { await post('/staff/logout'); location.href = '/staff/login'; });
for (const name of ['customer', 'status', 'channel', 'from', 'to']) { const v = query.get(name); if (v && $(`#filters [name="${name}"]`)) $(`#filters [name="${name}"]`).value = v; }
loadList();
if (selected) loadDetail();
