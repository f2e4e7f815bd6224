// The inbox's search and filters, assignment, canned replies, the ticket header and account panel,
// and the new-ticket notification (issue 19). Loaded before app.js, whose helpers (esc, post,
// selected, refresh) these functions use when they run.
const REASONS = ['person_requested', 'complaint', 'unsure_parse', 'over_value_threshold', 'over_credit_limit', 'viewer_ordering', 'instruction_like_text', 'llm_unavailable', 'staff_pull', 'unmatched_deposit', 'unverified_sender', 'no_fx_rate', 'account_inactive', 'fulfilment_stuck', 'processing_failed'];
let colleagues = [];
let canned = [];
let seenTickets = null;

/** The search box and filters as a query string for /staff/api/search (empty fields left out). */
function inboxQuery() {
  const form = document.getElementById('search');
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) if (String(value).trim() !== '') params.set(key, String(value).trim());
  return params.toString();
}
const filtered = () => !/^(status=active)?$/.test(inboxQuery());

function setUpSearch() {
  const form = document.getElementById('search');
  form.reason.innerHTML = '<option value="">Any reason</option>' + REASONS.map((r) => `<option value="${r}">${r.replaceAll('_', ' ')}</option>`).join('');
  let timer = null;
  const again = () => { clearTimeout(timer); timer = setTimeout(() => loadQueue(), 250); };
  form.addEventListener('input', again);
  form.addEventListener('change', again);
  form.addEventListener('submit', (event) => { event.preventDefault(); loadQueue(); });
}

/** Tab title count and a browser notification when a ticket is new since the last look. */
async function noticeTickets() {
  const response = await fetch('/staff/api/queue');
  if (!response.ok) return;
  const { tickets } = await response.json();
  const open = tickets.filter((t) => t.status === 'open');
  document.title = `${open.length ? `(${open.length}) ` : ''}eSIM Hub staff · queue`;
  const fresh = seenTickets ? open.filter((t) => !seenTickets.has(t.id)) : [];
  seenTickets = new Set(tickets.map((t) => t.id));
  if (fresh.length && 'Notification' in window && Notification.permission === 'granted') {
    for (const t of fresh.slice(0, 3)) new Notification(`New ticket: ${t.reason.replaceAll('_', ' ')}`, { body: `${t.company ?? t.customerId ?? 'Unknown sender'} · ${t.channel}\n${(t.lastMessage ?? t.detail ?? '').slice(0, 120)}`, tag: `ticket-${t.id}` });
  }
}
// Browsers ask for the permission only after a click.
document.addEventListener('click', () => { if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission(); }, { once: true });

async function loadColleagues() {
  const response = await fetch('/staff/api/staff');
  if (response.ok) colleagues = (await response.json()).staff;
}

async function loadCanned() {
  const response = await fetch('/staff/api/canned-replies');
  if (!response.ok) return;
  canned = (await response.json()).replies;
  const list = document.getElementById('canned-list');
  if (!list) return;
  list.innerHTML = (canned.length ? '' : '<p class="muted none">No canned replies yet.</p>') + canned.map((r) => `
    <div class="approval canned" data-canned="${r.id}"><strong>${esc(r.title)}</strong> <span class="tag">${esc(r.language)}</span>
      <div class="muted">${esc(r.body.slice(0, 140))}</div>
      <button type="button" data-edit="${r.id}" class="secondary">Edit</button> <button type="button" data-delete="${r.id}" class="secondary">Delete</button></div>`).join('');
  for (const button of list.querySelectorAll('[data-edit]')) button.addEventListener('click', () => {
    const r = canned.find((c) => c.id === Number(button.dataset.edit));
    const form = document.getElementById('canned-form');
    form.dataset.id = String(r.id);
    form.language.value = r.language; form.title.value = r.title; form.body.value = r.body;
    form.querySelector('button[type=submit]').textContent = 'Save';
  });
  for (const button of list.querySelectorAll('[data-delete]')) button.addEventListener('click', async () => { if (await post(`/staff/api/canned-replies/${button.dataset.delete}/delete`)) await loadCanned(); });
}

function setUpCannedForm() {
  const form = document.getElementById('canned-form');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { language: form.language.value, title: form.title.value, body: form.body.value };
    if (await post(form.dataset.id ? `/staff/api/canned-replies/${form.dataset.id}` : '/staff/api/canned-replies', body)) {
      form.reset(); delete form.dataset.id;
      form.querySelector('button[type=submit]').textContent = 'Add';
      await loadCanned();
    }
  });
}

/** Who is writing: company, contact name and role, the channel address. */
function ticketHeader(view, ticket) {
  const c = view.contact ?? {};
  const who = [c.company ?? view.account?.customer.company, c.name, c.role && `(${c.role})`].filter(Boolean).join(' ');
  return `<strong class="who-writes">${esc(who || 'Unknown sender')}</strong>
    <span class="muted">${esc(view.account?.customer.id ?? '')} · ${esc(c.address ?? view.conversationKey)}</span>
    <span class="tag">${esc(view.channel)}</span>${ticket ? `<span class="tag reason">${esc(ticket.reason.replaceAll('_', ' '))}</span>` : ''}
    ${ticket?.status === 'claimed' ? `<span class="tag claimed assigned">held by ${esc(ticket.claimedBy)}</span>` : ''}${ticket?.status === 'released' ? '<span class="tag">closed</span>' : ''}`;
}

const money = (minor, currency) => `${esc(currency)} ${(Number(minor) / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The account panel as the account type has it: postpaid credit (limit, used, left), prepaid balance. */
function accountPanel(account) {
  if (!account) return '<dd class="muted">Not a known reseller.</dd>';
  const p = account.position;
  const terms = account.customer.accountType === 'postpaid'
    ? `<dt>Credit limit</dt><dd>${money(p.creditLimitUsdMinor, 'USD')}</dd><dt>Used</dt><dd>${money(p.outstandingUsdMinor, 'USD')}</dd><dt>Left</dt><dd class="credit-left">${money(p.creditLimitUsdMinor - p.outstandingUsdMinor, 'USD')}</dd>`
    : `<dt>Prepaid balance</dt><dd class="balance">${money(p.prepaidAvailableMinor, account.customer.currency)}</dd>`;
  return `<dt>Customer</dt><dd>${esc(account.customer.id)} · ${esc(account.customer.tier)} · ${esc(account.customer.accountType)}</dd>${terms}
    <dt>Recent orders</dt><dd>${account.orders.map((o) => `${esc(o.reference)} ${esc(o.status)} ${money(o.total, o.currency)}`).join('<br>') || 'none'}</dd>`;
}

/** Assign to a colleague (an open ticket, or one this staff member holds; an owner any). */
function assignControl(ticket) {
  if (ticket.status === 'released' || ROLE === 'finance') return '';
  return `<select id="assign-to" aria-label="Assign to a colleague"><option value="">Assign to…</option>${colleagues.map((s) => `<option value="${s.id}" ${ticket.claimedById === s.id ? 'disabled' : ''}>${esc(s.name ?? s.email)}</option>`).join('')}</select>`;
}

/** Canned replies of the conversation's language first, then the rest. */
function cannedPicker(view) {
  if (!canned.length) return '';
  const lang = (view.language ?? 'en').toLowerCase().slice(0, 2);
  const sorted = [...canned].sort((a, b) => Number(b.language.startsWith(lang)) - Number(a.language.startsWith(lang)));
  return `<select id="canned" aria-label="Insert a canned reply"><option value="">Canned reply…</option>${sorted.map((r) => `<option value="${r.id}">${esc(r.language)} · ${esc(r.title)}</option>`).join('')}</select>`;
}

function wireInbox(detail, ticket) {
  detail.querySelector('#assign-to')?.addEventListener('change', async (event) => {
    const staffId = Number(event.target.value);
    if (staffId && (await post(`/staff/api/tickets/${ticket.id}/assign`, { staffId }))) await refresh();
  });
  detail.querySelector('#canned')?.addEventListener('change', (event) => {
    const r = canned.find((c) => c.id === Number(event.target.value));
    const textarea = detail.querySelector('#reply textarea');
    if (r && textarea) { textarea.value = textarea.value ? `${textarea.value}\n${r.body}` : r.body; textarea.focus(); }
    event.target.value = '';
  });
}
