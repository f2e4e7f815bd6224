// The catalogue page: every SKU with its supplier cost, retail price and tier tables; an owner edits
// a SKU or schedules a tier's new table from a date (the server checks as the CSV import does). No
// inline script or style; CSRF and role from <meta> tags.
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const ROLE = document.querySelector('meta[name="staff-role"]').content;
const OWNER = ROLE === 'owner';
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const $ = (selector) => document.querySelector(selector);
const TIERS = ['tier_1', 'tier_2', 'tier_3'];
let catalogue = { products: [], today: '' };
let selected = new URLSearchParams(location.search).get('sku');
let busy = false;

function drawList() {
  const needle = $('input[name=q]').value.trim().toLowerCase();
  const rows = catalogue.products.filter((p) => !needle || `${p.sku} ${p.regionCode} ${p.supplierPackageCode}`.toLowerCase().includes(needle));
  $('#list-count').textContent = `${rows.length} of ${catalogue.products.length} SKUs`;
  $('#products tbody').innerHTML = rows.map((p) => `<tr data-sku="${esc(p.sku)}" class="${p.sku === selected ? 'selected' : ''}"><td><strong>${esc(p.sku)}</strong><div class="muted">${esc(p.regionCode)} · ${p.dataGb === null ? 'unlimited' : `${esc(p.dataGb)} GB`} · ${esc(p.validityDays)} days</div></td>
    <td>${esc(p.supplierPackageCode)}</td><td class="amount">${esc(p.supplierCost)}</td><td class="amount">${esc(p.retailPrice)}</td><td>${p.active ? '' : '<span class="tag inactive">inactive</span>'}</td></tr>`).join('');
  for (const row of document.querySelectorAll('#products tbody tr')) row.addEventListener('click', () => { selected = row.dataset.sku; history.replaceState(null, '', `?sku=${encodeURIComponent(selected)}`); drawList(); drawDetail(); });
}

function drawDetail(status) {
  const p = catalogue.products.find((x) => x.sku === selected);
  if (!p) return;
  const lock = OWNER ? '' : ' disabled title="an owner changes the catalogue"';
  const table = (tier) => {
    const t = p.tiers[tier] ?? { inForce: [], scheduled: [] };
    const breaks = t.inForce.length ? t.inForce : [{ minQty: 1, unitPrice: '' }];
    return `<form class="tier" data-tier="${tier}"><h3>${esc(tier.replace('_', ' '))}${t.effectiveFrom ? ` <span class="muted">in force since ${esc(t.effectiveFrom)}</span>` : ''}</h3>
      <table class="small"><thead><tr><th>From quantity</th><th class="amount">Unit USD</th></tr></thead><tbody>${breaks.map((b) => `<tr><td><input name="minQty" value="${esc(b.minQty)}" size="7"${lock}></td><td class="amount"><input name="unitPrice" value="${esc(b.unitPrice)}" size="8"${lock}></td></tr>`).join('')}
      ${OWNER ? '<tr><td><input name="minQty" size="7" placeholder="add break"></td><td class="amount"><input name="unitPrice" size="8"></td></tr>' : ''}</tbody></table>
      ${t.scheduled.length ? `<p class="muted">Scheduled from ${esc(t.scheduled[0].effectiveFrom)}: ${t.scheduled.map((b) => `${esc(b.minQty)}+ ${esc(b.unitPrice)}`).join(', ')}</p>` : ''}
      ${OWNER ? `<label class="muted">Effective from <input name="effectiveFrom" type="date" value="${esc(catalogue.today)}"></label> <button type="submit">Schedule this table</button>` : ''}</form>`;
  };
  $('#detail').innerHTML = `<h2>${esc(p.sku)}</h2><p class="muted">${esc(p.type)} · ${esc(p.regionCode)} · ${p.dataGb === null ? 'unlimited' : `${esc(p.dataGb)} GB`} · ${esc(p.validityDays)} days</p>
    <p id="edit-status" class="${status?.ok ? 'ok' : status ? 'error' : ''}">${esc(status?.text ?? '')}</p>
    <form id="product"><h3>Product</h3><div id="edit">
      <label>Supplier cost (USD)<input name="supplierCost" value="${esc(p.supplierCost)}"${lock}></label>
      <label>Retail price (USD)<input name="retailPrice" value="${esc(p.retailPrice)}"${lock}></label>
      <label>Supplier package code<input name="supplierPackageCode" value="${esc(p.supplierPackageCode)}"${lock}></label>
      <label>Active<select name="active"${lock}><option${p.active ? ' selected' : ''}>true</option><option${p.active ? '' : ' selected'}>false</option></select></label>
      ${OWNER ? '<div class="actions"><button type="submit">Save product</button></div>' : ''}</div></form>
    ${TIERS.map(table).join('')}`;
  $('#product').addEventListener('submit', (event) => {
    event.preventDefault();
    const f = event.target;
    send(`/staff/api/catalogue/${encodeURIComponent(p.sku)}`, { supplierCost: f.supplierCost.value, retailPrice: f.retailPrice.value, supplierPackageCode: f.supplierPackageCode.value, active: f.active.value === 'true' }, 'Product saved.');
  });
  for (const form of document.querySelectorAll('form.tier')) form.addEventListener('submit', (event) => {
    event.preventDefault();
    const rows = [...form.querySelectorAll('tbody tr')].map((tr) => ({ minQty: tr.querySelector('[name=minQty]').value.trim(), unitPrice: tr.querySelector('[name=unitPrice]').value.trim() })).filter((b) => b.minQty || b.unitPrice);
    send(`/staff/api/tier-prices/${encodeURIComponent(p.sku)}`, { tier: form.dataset.tier, effectiveFrom: form.effectiveFrom.value, breaks: rows.map((b) => ({ minQty: Number(b.minQty), unitPrice: b.unitPrice })) }, `Table for ${form.dataset.tier.replace('_', ' ')} scheduled from ${form.effectiveFrom.value}.`);
  });
}

async function send(url, body, done) {
  if (busy) return;
  busy = true;
  for (const b of document.querySelectorAll('#detail button')) b.disabled = true;
  try {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(body) });
    const answer = await response.json();
    if (!response.ok) { drawDetail({ ok: false, text: answer.error ?? `refused (${response.status})` }); return; }
    catalogue = answer.catalogue;
    drawList();
    drawDetail({ ok: true, text: done });
  } finally {
    busy = false;
  }
}

async function load() {
  const response = await fetch('/staff/api/catalogue');
  if (!response.ok) { $('#list-count').textContent = `Could not load the catalogue (${response.status})`; return; }
  catalogue = await response.json();
  drawList();
  drawDetail();
}

$('input[name=q]').addEventListener('input', drawList);
$('#filters').addEventListener('submit', (event) => event.preventDefault());
$('#logout').addEventListener('click', async () => { await fetch('/staff/logout', { method: 'POST', headers: { 'x-csrf-token': CSRF } }); location.href = '/staff/login'; });
load();
