// The finance page of the staff app: gross profit by channel (a chart over twelve months and the
// table under it), receivables with their ageing, and the statements and invoices issued (open the
// PDF, resend). No inline script or style (the page's policy forbids both). Each section keeps a sequence number so that an answer arriving
// late on a slow network never replaces a newer one (nothing is drawn twice).
/* global Chart */
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
const $ = (selector) => document.querySelector(selector);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);

/** "12,345.67" from "12345.67": digits grouped, the decimals as the server gave them (never re-rounded). */
function grouped(amount) {
  const text = String(amount);
  const negative = text.startsWith('-');
  const [whole, fraction] = text.replace('-', '').split('.');
  return `${negative ? '-' : ''}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction !== undefined ? `.${fraction}` : ''}`;
}
const cents = (amount) => Math.round(Number(amount) * 100); // only to sort and to size bars, never to print
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const monthName = (ym) => `${MONTHS[Number(ym.slice(5, 7)) - 1]} ${ym.slice(0, 4)}`;
const CHANNELS = [
  ['whatsapp', 'WhatsApp', '#25a244'],
  ['wechat', 'WeChat', '#0b8f6a'],
  ['email', 'Email', '#1f5eff'],
  ['web', 'Web chat', '#8b5cf6'],
  ['staff', 'Staff-placed', '#f59e0b'],
  ['retail', 'Retail', '#6b7687'],
  ['unassigned', 'Not attributed', '#b3261e'],
];

async function api(url) {
  const response = await fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' });
  if (response.status === 401) { location.href = '/staff/login'; throw new Error('signed out'); }
  const body = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
  if (!response.ok) throw new Error(body.error ?? `the server answered ${response.status}`);
  return body;
}

// ---- profit by channel ----
let profitSeq = 0;
let chart = null;

async function loadProfit() {
  const to = $('#profit-to').value;
  const seq = ++profitSeq;
  $('#profit-status').textContent = 'Loading…';
  $('#profit-csv').href = `/staff/api/finance/profit?to=${encodeURIComponent(to)}&months=12&format=csv`;
  try {
    const body = await api(`/staff/api/finance/profit?to=${encodeURIComponent(to)}&months=12`);
    if (seq !== profitSeq) return;
    drawProfit(body.months);
    $('#profit-status').textContent = '';
  } catch (error) {
    if (seq === profitSeq) $('#profit-status').textContent = `Could not load the profit figures: ${error.message}`;
  }
}

function drawProfit(months) {
  const present = CHANNELS.filter(([key], i) => i < 5 || months.some((m) => m.lines.some((l) => l.channel === key)));
  const figure = (m, key) => m.lines.find((l) => l.channel === key);
  const datasets = present.map(([key, label, color]) => ({ label, backgroundColor: color, stack: 'profit', data: months.map((m) => (figure(m, key) ? cents(figure(m, key).profitUsd) / 100 : 0)) }));
  const labels = months.map((m) => monthName(m.month));
  if (chart) {
    chart.data.labels = labels;
    chart.data.datasets = datasets;
    chart.update();
  } else {
    chart = new Chart($('#profit-chart'), {
      type: 'bar',
      data: { labels, datasets },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { callback: (v) => `$${grouped(Number(v).toFixed(0))}` } } },
        plugins: { tooltip: { callbacks: { label: (c) => `${c.dataset.label}: USD ${grouped(Number(c.raw).toFixed(2))}` } } },
      },
    });
  }
  const head = ['Month', ...present.map(([, label]) => label), 'Orders', 'Revenue', 'Cost of goods', 'Gross profit', 'Margin'];
  $('#profit-table thead').innerHTML = `<tr class="group"><th></th><th colspan="${present.length}" scope="colgroup">Gross profit by channel</th><th colspan="5" scope="colgroup">All channels</th></tr>`
    + `<tr>${head.map((h, i) => `<th scope="col"${i === 0 ? ' class="text"' : ''}>${esc(h)}</th>`).join('')}</tr>`;
  const margin = (t) => (cents(t.revenueUsd) === 0 ? '–' : `${((cents(t.profitUsd) * 100) / cents(t.revenueUsd)).toFixed(1)}%`);
  const amount = (a) => `<td${cents(a) < 0 ? ' class="negative"' : ''}>${grouped(a)}</td>`;
  $('#profit-table tbody').innerHTML = months
    .slice()
    .reverse()
    .map((m) => `<tr data-month="${esc(m.month)}"><td class="text">${esc(monthName(m.month))}</td>${present.map(([key]) => amount(figure(m, key)?.profitUsd ?? '0.00')).join('')}<td>${m.total.orders}</td>${amount(m.total.revenueUsd)}${amount(m.total.cogsUsd)}${amount(m.total.profitUsd)}<td>${margin(m.total)}</td></tr>`)
    .join('');
  // The twelve months' totals, summed from the printed figures (cents, exactly).
  const sum = (f) => (months.reduce((s, m) => s + cents(f(m)), 0) / 100).toFixed(2);
  const total = { revenueUsd: sum((m) => m.total.revenueUsd), cogsUsd: sum((m) => m.total.cogsUsd), profitUsd: sum((m) => m.total.profitUsd) };
  $('#profit-table tfoot').innerHTML = `<tr><td class="text">12 months</td>${present.map(([key]) => amount(sum((m) => figure(m, key)?.profitUsd ?? '0'))).join('')}<td>${months.reduce((s, m) => s + m.total.orders, 0)}</td>${amount(total.revenueUsd)}${amount(total.cogsUsd)}${amount(total.profitUsd)}<td>${margin(total)}</td></tr>`;
}

// ---- receivables ----
let receivablesSeq = 0;
let receivableRows = [];
let totals = null;
let sort = { key: 'outstandingUsd', direction: 'descending' };
const BUCKETS = ['0-30', '31-60', '61-90', '90+'];
const COLUMNS = [
  { key: 'customerId', label: 'Reseller', text: true, value: (r) => r.customerId },
  { key: 'company', label: 'Company', text: true, value: (r) => r.company },
  { key: 'accountType', label: 'Account', text: true, value: (r) => r.accountType },
  { key: 'outstanding', label: 'Outstanding', value: (r) => cents(r.outstandingUsd) },
  { key: 'outstandingUsd', label: 'Outstanding USD', value: (r) => cents(r.outstandingUsd) },
  ...BUCKETS.map((b) => ({ key: `bucket:${b}`, label: `${b} days`, value: (r) => cents(r.bucketsUsd[b]) })),
  { key: 'creditUsed', label: 'Credit used USD', value: (r) => cents(r.creditUsedUsd) },
  { key: 'overdue', label: 'Overdue invoices', value: (r) => r.overdueInvoices },
];

async function loadReceivables() {
  const asOf = $('#receivables-as-of').value;
  const seq = ++receivablesSeq;
  $('#receivables-status').textContent = 'Loading…';
  $('#receivables-csv').href = `/staff/api/finance/receivables?asOf=${encodeURIComponent(asOf)}&format=csv`;
  try {
    const body = await api(`/staff/api/finance/receivables?asOf=${encodeURIComponent(asOf)}`);
    if (seq !== receivablesSeq) return;
    receivableRows = body.rows;
    totals = body.totals;
    drawReceivables();
    $('#receivables-status').textContent = receivableRows.length === 0 ? 'Nobody owes anything.' : `${receivableRows.length} resellers. Ageing counts from the day each charge was booked; payments settle the oldest first.`;
  } catch (error) {
    if (seq === receivablesSeq) $('#receivables-status').textContent = `Could not load the receivables: ${error.message}`;
  }
}

function drawReceivables() {
  const column = COLUMNS.find((c) => c.key === sort.key) ?? COLUMNS[4];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  const rows = receivableRows.slice().sort((a, b) => {
    const x = column.value(a);
    const y = column.value(b);
    return (typeof x === 'string' ? x.localeCompare(y) : x - y) * sign || a.customerId.localeCompare(b.customerId);
  });
  $('#receivables-table thead').innerHTML = `<tr>${COLUMNS.map((c) => `<th scope="col"${c.text ? ' class="text"' : ''}${c.key === sort.key ? ` aria-sort="${sort.direction}"` : ''}><button type="button" data-sort="${esc(c.key)}">${esc(c.label)}</button></th>`).join('')}</tr>`;
  $('#receivables-table tbody').innerHTML = rows
    .map((r) => {
      const limit = cents(r.creditLimitUsd);
      const used = cents(r.creditUsedUsd);
      const meter = r.accountType === 'postpaid' && limit > 0 ? `<meter min="0" max="${limit}" high="${Math.round(limit * 0.8)}" optimum="0" value="${Math.min(used, limit)}" title="${esc(grouped(r.creditUsedUsd))} of ${esc(grouped(r.creditLimitUsd))} USD"></meter>` : '';
      return `<tr data-customer="${esc(r.customerId)}"><td class="text">${esc(r.customerId)}</td><td class="text">${esc(r.company)}</td><td class="text">${esc(r.accountType)}</td>`
        + `<td>${esc(r.currency)} ${grouped(r.outstanding)}</td><td>${grouped(r.outstandingUsd)}</td>`
        + BUCKETS.map((b, i) => `<td${i > 0 && cents(r.bucketsUsd[b]) > 0 ? ' class="late"' : ''}>${grouped(r.bucketsUsd[b])}</td>`).join('')
        + `<td>${grouped(r.creditUsedUsd)}${meter}</td><td${r.overdueInvoices > 0 ? ' class="late"' : ''}>${r.overdueInvoices}</td></tr>`;
    })
    .join('');
  $('#receivables-table tfoot').innerHTML = totals
    ? `<tr><td class="text">Total</td><td class="text"></td><td class="text"></td><td></td><td>${grouped(totals.outstandingUsd)}</td>${BUCKETS.map((b) => `<td>${grouped(totals.bucketsUsd[b])}</td>`).join('')}<td>${grouped(totals.creditUsedUsd)}</td><td>${totals.overdueInvoices}</td></tr>`
    : '';
}

$('#receivables-table thead').addEventListener('click', (event) => {
  const button = event.target.closest('button[data-sort]');
  if (!button) return;
  const key = button.dataset.sort;
  sort = { key, direction: sort.key === key && sort.direction === 'descending' ? 'ascending' : 'descending' };
  drawReceivables();
});

// ---- statements and invoices ----
let documentsSeq = 0;
const resending = new Set(); // "<kind>:<id>" whose Resend waits for its answer: its button stays disabled
const pad = (n) => String(n).padStart(2, '0');
/** "27 Nov 2026, 09:05 UTC": one zone for everyone who reads the same list. */
function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}
const STATUS = { available: 'balance available', due: 'balance due', issued: 'issued', paid: 'paid', overdue: 'overdue', void: 'void (credited)', credited: 'credited' };

async function loadDocuments() {
  const form = new FormData($('#documents-filter'));
  const params = new URLSearchParams();
  for (const [key, value] of form) if (String(value)) params.set(key, String(value));
  const seq = ++documentsSeq;
  $('#documents-status').textContent = 'Loading…';
  try {
    const body = await api(`/staff/api/finance/documents?${params}`);
    if (seq !== documentsSeq) return;
    const picker = $('#documents-filter select[name=customer]');
    const chosen = picker.value;
    picker.innerHTML = `<option value="">All resellers</option>${body.resellers.map((r) => `<option value="${esc(r.customerId)}">${esc(r.customerId)} · ${esc(r.company)}</option>`).join('')}`;
    picker.value = chosen;
    drawDocuments(body.documents);
    $('#documents-status').textContent = body.documents.length === 0 ? 'Nothing issued yet.' : `${body.documents.length} documents, newest first. Amounts in the reseller's currency, as printed.`;
  } catch (error) {
    if (seq === documentsSeq) $('#documents-status').textContent = `Could not load the statements and invoices: ${error.message}`;
  }
}

const KIND = { statement: 'Statement', invoice: 'Invoice', credit_note: 'Credit note' };

function drawDocuments(documents) {
  $('#documents-table tbody').innerHTML = documents
    .map((d) => {
      const key = `${d.kind}:${d.id}`;
      const sent = d.sentAt ? `${esc(when(d.sentAt))}${d.lastSentAt && d.lastSentAt !== d.sentAt ? `<div class="muted">again ${esc(when(d.lastSentAt))}</div>` : ''}` : '<span class="muted">not sent</span>';
      const due = d.kind === 'invoice' && d.dueDate ? `<div class="muted">due ${esc(d.dueDate)}</div>` : d.corrects ? `<div class="muted">corrects ${esc(d.corrects)}</div>` : '';
      return `<tr data-document="${esc(key)}"><td class="text">${esc(KIND[d.kind] ?? d.kind)}</td><td class="text">${esc(d.label)}</td>`
        + `<td class="text">${esc(d.customerId)}<div class="muted">${esc(d.company)}</div></td><td class="amount">${esc(d.currency)} ${grouped(d.amount)}</td>`
        + `<td class="text"><span class="tag status-${esc(d.status)}">${esc(STATUS[d.status] ?? d.status)}</span>${due}</td><td class="text">${esc(when(d.issuedAt))}</td><td class="text">${sent}</td>`
        + `<td class="text files">${d.pdfUrl ? `<a class="pdf" href="${esc(d.pdfUrl)}" target="_blank" rel="noopener">PDF</a>` : ''}<a class="csv" href="${esc(d.csvUrl)}" download>CSV</a></td>`
        + `<td class="text"><button type="button" class="resend" data-kind="${esc(d.kind)}" data-id="${d.id}"${resending.has(key) ? ' disabled' : ''}>Resend</button></td></tr>`;
    })
    .join('');
}

// One click, one send: the button is disabled from the click until the answer (a second click on a
// slow network finds it disabled), and the list is read again afterwards.
$('#documents-table tbody').addEventListener('click', async (event) => {
  const button = event.target.closest('button.resend');
  if (!button || button.disabled) return;
  const key = `${button.dataset.kind}:${button.dataset.id}`;
  if (resending.has(key)) return;
  resending.add(key);
  button.disabled = true;
  button.textContent = 'Sending…';
  try {
    const response = await fetch(`/staff/api/finance/documents/${encodeURIComponent(button.dataset.kind)}/${encodeURIComponent(button.dataset.id)}/resend`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: '{}' });
    if (response.status === 401) { location.href = '/staff/login'; return; }
    const answer = await response.json().catch(() => ({ error: `the server answered ${response.status}` }));
    $('#documents-status').textContent = response.ok ? answer.message : `Not sent: ${answer.error ?? `the server answered ${response.status}`}`;
  } catch (error) {
    $('#documents-status').textContent = `Not sent: ${error.message}`;
  } finally {
    resending.delete(key);
    button.disabled = false;
    button.textContent = 'Resend';
  }
  const said = $('#documents-status').textContent;
  await loadDocuments();
  $('#documents-status').textContent = said;
});
$('#documents-filter').addEventListener('change', () => loadDocuments());
$('#documents-filter').addEventListener('submit', (event) => event.preventDefault());

$('#logout').addEventListener('click', async () => {
  await fetch('/staff/logout', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: '{}' });
  location.href = '/staff/login';
});

const today = new Date().toISOString();
$('#profit-to').value = today.slice(0, 7);
$('#receivables-as-of').value = today.slice(0, 10);
$('#profit-to').addEventListener('change', () => { if ($('#profit-to').value) loadProfit(); });
$('#receivables-as-of').addEventListener('change', () => { if ($('#receivables-as-of').value) loadReceivables(); });
loadProfit();
loadReceivables();
loadDocuments();
