// The quarterly review of customer prices: each approved price in force in the quarter with what it
// sold, and (for an owner) keep or end. No inline script or style; CSRF and role from <meta> tags.
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const ROLE = document.querySelector('meta[name="staff-role"]').content;
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const $ = (selector) => document.querySelector(selector);
const grouped = (amount) => {
  const [whole, fraction] = String(amount).replace('-', '').split('.');
  return `${String(amount).startsWith('-') ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
};
let quarter = new URLSearchParams(location.search).get('quarter') ?? '';
let busy = false;

function draw(data) {
  quarter = data.quarter;
  $('input[name=quarter]').value = quarter;
  $('#csv').href = `/staff/api/prices/review?quarter=${encodeURIComponent(quarter)}&format=csv`;
  const undecided = data.prices.filter((p) => !p.decision).length;
  $('#summary').textContent = `${data.prices.length} prices in force in ${quarter}; ${undecided} without a decision`;
  $('#review tbody').innerHTML = data.prices.map((p) => `<tr data-id="${p.id}">
    <td><strong>${esc(p.customerId)}</strong> ${esc(p.company)}<div class="muted">${esc(p.reason)}</div></td><td>${esc(p.sku)}</td>
    <td class="amount">${esc(grouped(p.priceUsd))}</td><td>${esc(p.validFrom)} – ${esc(p.validTo)}</td>
    <td class="amount">${p.cards.toLocaleString('en-US')}</td><td class="amount">${esc(grouped(p.revenueUsd))}</td><td class="amount">${esc(grouped(p.marginUsd))}</td><td class="amount">${p.marginPercent ? `${esc(p.marginPercent)}%` : ''}</td>
    <td class="decide">${p.decision ? `<span class="tag">${esc(p.decision)}</span> <span class="muted">${esc(p.decidedBy)}</span>` : ''}
      ${ROLE === 'owner' ? `<button type="button" class="secondary" data-decision="keep">Keep</button> <button type="button" class="secondary" data-decision="end">End</button>` : ''}</td></tr>`).join('') || '<tr><td colspan="9" class="muted">No customer prices were in force in this quarter.</td></tr>';
  for (const button of document.querySelectorAll('#review button[data-decision]')) button.addEventListener('click', () => decide(button));
}

async function load() {
  const response = await fetch(`/staff/api/prices/review${quarter ? `?quarter=${encodeURIComponent(quarter)}` : ''}`);
  const body = await response.json();
  if (!response.ok) { $('#summary').textContent = body.error ?? `could not load (${response.status})`; return; }
  draw(body);
}

async function decide(button) {
  if (busy) return;
  busy = true;
  for (const b of document.querySelectorAll('#review button')) b.disabled = true;
  try {
    const id = button.closest('tr').dataset.id;
    const response = await fetch(`/staff/api/prices/${id}/review`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify({ quarter, decision: button.dataset.decision }) });
    const body = await response.json();
    if (!response.ok) { $('#summary').textContent = body.error ?? `refused (${response.status})`; for (const b of document.querySelectorAll('#review button')) b.disabled = false; return; }
    draw({ quarter, prices: body.prices });
  } finally {
    busy = false;
  }
}

$('#filters').addEventListener('submit', (event) => { event.preventDefault(); quarter = $('input[name=quarter]').value.trim(); history.replaceState(null, '', `?quarter=${encodeURIComponent(quarter)}`); load(); });
$('#logout').addEventListener('click', async () => { await fetch('/staff/logout', { method: 'POST', headers: { 'x-csrf-token': CSRF } }); location.href = '/staff/login'; });
load();
