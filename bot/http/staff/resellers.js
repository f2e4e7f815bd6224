// The resellers page of the staff app: the list with its filters and CSV export, and one reseller's
// page with the edit form (fields the signed-in role may not change are shown but locked; the server
// checks again), contacts, prices, orders, sub-resellers and the audit trail. No inline script or
// style (the page's policy forbids both); the CSRF token and role come in <meta> tags.
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const ROLE = document.querySelector('meta[name="staff-role"]').content;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const $ = (selector, root = document) => root.querySelector(selector);

/** "EUR 1,250.00": the code first, digits grouped, the decimals as given. */
function money(amount, currency) {
  const text = String(amount ?? '');
  const negative = text.startsWith('-');
  const [whole, fraction] = text.replace('-', '').split('.');
  return `${currency ?? ''} ${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`.trim();
}

// Who may change what (domain/resellers/edit.ts); an owner may change everything.
const FIELD_ROLE = {
  company: 'desk', legalEntity: 'desk', country: 'desk', parent: 'desk',
  currency: 'money', billingDay: 'money', lowBalanceThreshold: 'money', taxNumber: 'money', invoiceNote: 'money',
  tier: 'owner', accountType: 'owner', creditLimit: 'owner', resellerType: 'owner', commissionRate: 'owner', active: 'owner',
};
const GRANTS = { staff: ['desk'], finance: ['money'], owner: ['desk', 'money', 'owner'] };
const mayEdit = (field) => (GRANTS[ROLE] ?? []).includes(FIELD_ROLE[field]);
const mayDesk = (GRANTS[ROLE] ?? []).includes('desk');
const FIELDS = [
  ['company', 'Company'], ['legalEntity', 'Legal entity'], ['country', 'Country'], ['parent', 'Parent reseller (or none)'],
  ['tier', 'Tier', ['tier_1', 'tier_2', 'tier_3']], ['accountType', 'Account type', ['prepaid', 'postpaid']], ['creditLimit', 'Credit limit (USD)'],
  ['resellerType', 'Reseller type', ['margin', 'commission']], ['commissionRate', 'Commission (%)'], ['active', 'Active', ['true', 'false']],
  ['currency', 'Currency'], ['billingDay', 'Billing day'], ['lowBalanceThreshold', 'Low-balance threshold (or default)'], ['taxNumber', 'Tax number'], ['invoiceNote', 'Invoice note'],
];

let selected = new URLSearchParams(location.search).get('reseller');
let shown = null;
let listSeq = 0;

async function loadList() {
  const seq = ++listSeq;
  const params = new URLSearchParams(new FormData($('#filters')));
  $('#csv').href = `/staff/api/resellers?${params}&format=csv`;
  const response = await fetch(`/staff/api/resellers?${params}`);
  if (seq !== listSeq) return;
  if (!response.ok) { $('#list-count').textContent = `Could not load: ${(await response.json()).error ?? response.status}`; return; }
  const { resellers } = await response.json();
  $('#list-count').textContent = `${resellers.length} reseller${resellers.length === 1 ? '' : 's'}`;
  $('#resellers tbody').innerHTML = resellers.map((r) => `<tr data-id="${esc(r.customerId)}" class="${r.customerId === selected ? 'selected' : ''}">
    <td><strong>${esc(r.customerId)}</strong> ${esc(r.company)}<div class="muted">${esc(r.country)} · ${esc(r.resellerType)}${r.parent ? ` · under ${esc(r.parent)}` : ''}</div></td>
    <td>${esc(r.tier.replace('_', ' '))}</td>
    <td>${esc(r.accountType)}${r.accountType === 'postpaid' ? `<div class="muted">limit ${esc(money(r.creditLimitUsd, 'USD'))}</div>` : ''}</td>
    <td class="amount">${esc(money(r.balance, r.currency))}<div class="muted">${r.accountType === 'prepaid' ? 'available' : 'owed'}</div></td>
    <td>${r.active ? '' : '<span class="tag inactive">inactive</span> '}${r.lowBalance ? '<span class="tag low">low balance</span> ' : ''}${r.overdueInvoices ? `<span class="tag overdue">${r.overdueInvoices} overdue</span>` : ''}</td></tr>`).join('');
  for (const row of document.querySelectorAll('#resellers tbody tr')) row.addEventListener('click', () => { selected = row.dataset.id; history.replaceState(null, '', `?reseller=${encodeURIComponent(selected)}`); loadList(); loadDetail(); });
}

async function loadDetail(status) {
  if (!selected) return;
  const response = await fetch(`/staff/api/resellers/${encodeURIComponent(selected)}`);
  if (!response.ok) { $('#detail').innerHTML = `<p class="muted none">${esc((await response.json()).error ?? 'not found')}</p>`; return; }
  shown = await response.json();
  draw(status);
}

function draw(status) {
  const d = shown;
  const f = d.fields;
  const s = d.summary;
  const input = ([name, label, options]) => {
    const value = String(f[name] ?? '');
    const locked = mayEdit(name) ? '' : ' disabled title="your role cannot change this"';
    const control = options
      ? `<select name="${name}"${locked}>${options.map((o) => `<option${o === value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`
      : `<input name="${name}" value="${esc(value)}"${locked}>`;
    return `<label>${esc(label)}${control}</label>`;
  };
  $('#detail').innerHTML = `
    <h2>${esc(f.customerId)} · ${esc(f.company)} ${f.active ? '' : '<span class="tag inactive">inactive</span>'}</h2>
    <p class="muted">${esc(f.legalEntity)} · ${esc(f.country)} · ${esc(f.accountType)} · ${esc(f.tier.replace('_', ' '))} · ${esc(f.currency)}${s ? ` · ${f.accountType === 'prepaid' ? 'available' : 'owed'} ${esc(money(s.balance, f.currency))}` : ''}${s?.overdueInvoices ? ` · ${s.overdueInvoices} overdue invoice(s)` : ''}</p>
    <h3>Account</h3>
    <form id="edit">${FIELDS.map(input).join('')}
      <div class="actions"><button type="submit">Save changes</button><span id="edit-status" class="${status?.ok ? 'ok' : status ? 'error' : ''}">${esc(status?.text ?? '')}</span></div></form>
    <h3>Contacts</h3>
    <table class="small" id="contacts"><thead><tr><th>Channel</th><th>Address</th><th>Name</th><th>Role</th><th></th></tr></thead><tbody>${d.contacts.map((c) => `<tr data-contact="${c.id}"><td>${esc(c.channel)}</td><td>${esc(c.address)}</td><td>${esc(c.name)}</td>
      <td>${mayDesk && c.active ? `<select name="role" aria-label="Role of ${esc(c.address)}">${['owner', 'buyer', 'viewer'].map((r) => `<option${r === c.role ? ' selected' : ''}>${r}</option>`).join('')}</select>` : esc(c.role)}</td>
      <td>${c.active ? (mayDesk ? '<button type="button" class="secondary" data-deactivate>Deactivate</button>' : '') : '<span class="tag inactive">inactive</span>'}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">No contacts.</td></tr>'}</tbody></table>
    ${mayDesk ? `<form id="add-contact" class="inline"><select name="channel" aria-label="Channel"><option>whatsapp</option><option>wechat</option><option>email</option></select>
      <input name="address" placeholder="+66812345601, wechat id or email" aria-label="Address" required><input name="name" placeholder="Name" aria-label="Name">
      <select name="role" aria-label="Role"><option>buyer</option><option>owner</option><option>viewer</option></select><button type="submit">Add contact</button> <span id="contact-status" class="muted"></span></form>` : ''}
    <h3>Customer prices</h3>
    <table class="small"><thead><tr><th>SKU</th><th class="amount">USD</th><th>Valid</th><th>Status</th><th>Reason</th></tr></thead><tbody>${d.prices.map((p) => `<tr><td>${esc(p.sku)}</td><td class="amount">${esc(p.price)}</td><td>${esc(p.validFrom)} – ${esc(p.validTo)}</td><td>${esc(p.status)}</td><td>${esc(p.reason)}</td></tr>`).join('') || '<tr><td colspan="5" class="muted">None.</td></tr>'}</tbody></table>
    <h3>Recent orders</h3>
    <table class="small"><thead><tr><th>Order</th><th>Status</th><th>Channel</th><th class="amount">Amount</th></tr></thead><tbody>${d.orders.map((o) => `<tr><td>${esc(o.reference)}</td><td>${esc(o.status)}</td><td>${esc(o.channel)}</td><td class="amount">${esc(money(o.amount, o.currency))}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">No orders yet.</td></tr>'}</tbody></table>
    <h3>Sub-resellers</h3>
    <table class="small"><thead><tr><th>Reseller</th><th>Tier</th><th class="amount">Cards, last 3 months</th></tr></thead><tbody>${d.subResellers.map((r) => `<tr><td>${esc(r.customerId)} ${esc(r.company)}</td><td>${esc(r.tier)}</td><td class="amount">${r.cardsLast3Months.toLocaleString('en-US')}</td></tr>`).join('') || '<tr><td colspan="3" class="muted">None.</td></tr>'}</tbody></table>
    <h3>Audit trail</h3>
    <table class="small audit"><thead><tr><th>When (UTC)</th><th>Who</th><th>What</th><th>Before → after</th></tr></thead><tbody>${d.audit.map((a) => `<tr><td>${esc(a.at.slice(0, 16).replace('T', ' '))}</td><td>${esc(a.actor)}</td><td>${esc(a.action)}</td><td>${esc(JSON.stringify(a.before ?? {}))} → ${esc(JSON.stringify(a.after ?? {}))}</td></tr>`).join('') || '<tr><td colspan="4" class="muted">No changes recorded.</td></tr>'}</tbody></table>`;
  $('#edit').addEventListener('submit', save);
  for (const row of document.querySelectorAll('#contacts tr[data-contact]')) {
    const id = row.dataset.contact;
    row.querySelector('select[name=role]')?.addEventListener('change', (event) => contactChange(id, { role: event.target.value }));
    row.querySelector('[data-deactivate]')?.addEventListener('click', () => contactChange(id, { active: false }));
  }
  $('#add-contact')?.addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = Object.fromEntries(new FormData(form));
    form.querySelector('button').disabled = true;
    const response = await fetch(`/staff/api/resellers/${encodeURIComponent(selected)}/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(body) });
    const answer = await response.json();
    if (!response.ok) { form.querySelector('button').disabled = false; $('#contact-status').textContent = answer.error ?? `refused (${response.status})`; return; }
    shown = answer.reseller;
    draw({ ok: true, text: `Contact ${body.address} added.` });
  });
}

async function contactChange(id, change) {
  for (const control of document.querySelectorAll('#contacts select, #contacts button')) control.disabled = true;
  const response = await fetch(`/staff/api/contacts/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(change) });
  const answer = await response.json();
  if (!response.ok) { draw({ ok: false, text: answer.error ?? `refused (${response.status})` }); return; }
  shown = answer.reseller;
  draw({ ok: true, text: change.active === false ? 'Contact deactivated.' : 'Contact changed.' });
}

let saving = false;
async function save(event) {
  event.preventDefault();
  if (saving) return;
  const form = event.target;
  const changed = {};
  for (const [name] of FIELDS) {
    const control = form.elements[name];
    if (!control.disabled && control.value !== String(shown.fields[name] ?? '')) changed[name] = control.value;
  }
  if (Object.keys(changed).length === 0) { draw({ ok: true, text: 'Nothing to save.' }); return; }
  saving = true;
  form.querySelector('button').disabled = true;
  try {
    const response = await fetch(`/staff/api/resellers/${encodeURIComponent(selected)}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(changed) });
    const body = await response.json();
    if (!response.ok) { $('#edit-status').className = 'error'; $('#edit-status').textContent = body.error ?? `refused (${response.status})`; form.querySelector('button').disabled = false; return; }
    shown = body.reseller;
    const label = (key) => ({ creditLimitMinor: 'credit limit', lowBalanceThresholdMinor: 'low-balance threshold', parentCustomerId: 'parent', legalEntity: 'legal entity', accountType: 'account type', resellerType: 'reseller type', commissionRateBp: 'commission rate', billingDay: 'billing day', taxNumber: 'tax number', invoiceNote: 'invoice note' })[key] ?? key;
    draw({ ok: true, text: body.changed.length ? `Saved: ${body.changed.map(label).join(', ')}.` : 'Nothing changed.' });
    loadList();
  } finally {
    saving = false;
  }
}

const TIER = { tier_1: 'tier 1', tier_2: 'tier 2', tier_3: 'tier 3' };
function drawSuggestions(suggestions, message) {
  $('#suggestions').innerHTML = suggestions.length === 0 && !message ? '' : `<h3 class="pad">Tier suggestions (last three months' cards a month, sub-resellers included)</h3>${message ? `<p class="pad muted">${esc(message)}</p>` : ''}
    <table class="small"><tbody>${suggestions.map((s) => `<tr data-suggestion="${s.id}"><td><strong>${esc(s.customerId)}</strong> ${esc(s.company)}</td><td>${esc(TIER[s.currentTier])} → <strong>${esc(TIER[s.suggestedTier])}</strong></td><td class="amount">${Number(s.averageCards).toLocaleString('en-US')} a month</td>
      <td>${ROLE === 'owner' ? '<button type="button" data-decision="accept">Accept</button> ' : ''}${ROLE !== 'finance' ? '<button type="button" class="secondary" data-decision="dismiss">Dismiss</button>' : ''}</td></tr>`).join('')}</tbody></table>`;
  for (const button of document.querySelectorAll('#suggestions button')) button.addEventListener('click', async () => {
    for (const b of document.querySelectorAll('#suggestions button')) b.disabled = true;
    const id = button.closest('tr').dataset.suggestion;
    const response = await fetch(`/staff/api/tier-suggestions/${id}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify({ decision: button.dataset.decision }) });
    const body = await response.json();
    if (!response.ok) { loadSuggestions(body.error ?? `refused (${response.status})`); return; }
    drawSuggestions(body.suggestions, body.message);
    loadList();
    if (selected) loadDetail();
  });
}
async function loadSuggestions(message) {
  const response = await fetch('/staff/api/tier-suggestions');
  if (response.ok) drawSuggestions((await response.json()).suggestions, message);
}

$('#filters').addEventListener('submit', (event) => { event.preventDefault(); loadList(); });
loadSuggestions();
$('#logout').addEventListener('click', async () => { await fetch('/staff/logout', { method: 'POST', headers: { 'x-csrf-token': CSRF } }); location.href = '/staff/login'; });
loadList();
loadDetail();
