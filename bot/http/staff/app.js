// The session's CSRF token comes with the page (a <meta>: the policy allows no inline script).
const CSRF = document.querySelector('meta[name="csrf-token"]').content;
// What this staff member may do (the server checks every change again): an owner alone approves prices and lets orders past a limit.
const ROLE = document.querySelector('meta[name="staff-role"]')?.content ?? 'staff';
let selected = null;
const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
const waited = (s) => (s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)} min` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`);
const post = async (url, body) => {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(body ?? {}) });
  if (!response.ok) {
    const message = (await response.json()).error;
    const status = document.getElementById('status');
    if (status) status.textContent = message;
    else alert(message);
  }
  return response.ok;
};

async function loadQueue() {
  // The list is the search's answer (the search box and filters above it; by default what is open or claimed).
  const response = await fetch(`/staff/api/search?${inboxQuery()}`);
  if (response.status === 401) return (location.href = '/staff/login');
  if (!response.ok) return (document.getElementById('empty').textContent = (await response.json()).error);
  const { tickets } = await response.json();
  document.getElementById('count').textContent = `(${tickets.length})`;
  const empty = document.getElementById('empty');
  empty.hidden = tickets.length > 0;
  empty.textContent = filtered() ? 'No ticket matches the search and filters.' : 'Nothing waiting. New tickets appear here by themselves.';
  document.getElementById('queue').innerHTML = tickets.map((t) => `
    <div class="ticket ${selected && selected.id === t.id ? 'selected' : ''}" data-ticket="${t.id}">
      <div class="who">${esc(t.company ?? 'Unknown sender')} <span class="muted">${esc(t.customerId ?? '')}</span></div>
      <div><span class="tag reason">${esc(t.reason.replaceAll('_', ' '))}</span><span class="tag">${esc(t.channel)}</span>${t.status === 'claimed' ? `<span class="tag claimed">held by ${esc(t.claimedBy)}</span>` : ''}${t.status === 'released' ? '<span class="tag closed">closed</span>' : ''}</div>
      <div class="muted">waiting ${waited(t.waitingSeconds)} · “${esc((t.lastMessage ?? t.detail ?? '').slice(0, 90))}”</div>
      ${t.depositId ? `<a href="/staff/deposits?deposit=${Number(t.depositId)}">Decide deposit #${Number(t.depositId)} on the deposits page ›</a>` : ''}
    </div>`).join('');
  // A ticket about a deposit has no conversation: it is decided on the deposits page.
  for (const element of document.querySelectorAll('.ticket')) element.addEventListener('click', () => {
    const ticket = tickets.find((t) => t.id === Number(element.dataset.ticket));
    if (ticket.depositId) location.href = `/staff/deposits?deposit=${Number(ticket.depositId)}`;
    else select(ticket);
  });
  if (!selected) return;
  // A list drawn on its own (the search box) may find the open ticket changed: draw it again.
  const before = selected;
  selected = tickets.find((t) => t.id === before.id) ?? before;
  if (selected.status !== before.status || selected.claimedById !== before.claimedById) await loadConversation();
}

async function loadSide() {
  const wa = await (await fetch('/staff/api/whatsapp')).json();
  document.getElementById('whatsapp').innerHTML = (wa.alert ? `<p class="alert">${esc(wa.alert)}</p>` : '') + (!wa.enabled ? '' : wa.ready ? 'WhatsApp: linked and ready' :
    wa.pairingQrPng ? `WhatsApp is not linked. On the shop's phone: WhatsApp › Linked devices › Link a device, and scan:<br><img alt="WhatsApp pairing QR" src="${wa.pairingQrPng}" width="220" height="220">` : 'WhatsApp: connecting…');
  const { currencies, tiers, accountTypes, applications, prices, expiring, trials } = await (await fetch('/staff/api/approvals')).json();
  const drafts = approvalDrafts();
  document.getElementById('approvals').innerHTML = (applications.length + prices.length === 0 ? '<p class="muted none">Nothing to approve.</p>' : '') +
    applications.map((a) => applicationCard(a, { currencies, tiers, accountTypes })).join('') +
    prices.map((p) => `<div class="approval"><strong>Price</strong> ${esc(p.customerId)} ${esc(p.sku)} USD ${(p.unitPriceMinor / 100).toFixed(2)} <span class="muted">(cost ${(p.supplierCostMinor / 100).toFixed(2)}, ${esc(p.validFrom)}–${esc(p.validTo)}) ${esc(p.reason)}</span>
      ${ROLE === 'owner' ? `<button data-price="${p.id}" ${p.belowCost ? 'disabled title="below the supplier cost"' : ''}>Approve</button> <button class="secondary" data-reject="${p.id}">Reject</button>` : '<span class="muted owner-only">an owner approves</span>'}</div>`).join('') +
    (trials ?? []).map((t) => `<div class="approval trial"><strong>Trial order ${esc(t.orderRef)}</strong> ${esc(t.customerId)} ${esc(t.company)} <span class="tag">${esc(t.status.replaceAll('_', ' '))}</span> <span class="muted">a new reseller's first order: see it through</span></div>`).join('') +
    (expiring ?? []).map((p) => `<div class="approval expiring"><strong>Price ends ${esc(p.validTo)}</strong> ${esc(p.customerId)} ${esc(p.sku)} USD ${esc(p.price)} <span class="muted">renew it with a new proposal, or let it end</span></div>`).join('');
  wireApplications(drafts);
  for (const button of document.querySelectorAll('[data-price]')) button.addEventListener('click', async () => { if (await post(`/staff/api/prices/${button.dataset.price}/approve`)) await loadSide(); });
  for (const button of document.querySelectorAll('[data-reject]')) button.addEventListener('click', async () => { if (await post(`/staff/api/prices/${button.dataset.reject}/reject`)) await loadSide(); });
}

async function loadFulfilment() {
  const { tasks } = await (await fetch('/staff/api/fulfilment')).json();
  document.getElementById('fulfilment').innerHTML = tasks.length === 0 ? '<p class="muted none">No SIM cards to ship.</p>' : tasks.map((t) => `
    <div class="approval" data-task="${t.id}"><strong>${esc(t.orderRef)}</strong> ${esc(t.company)} <span class="muted">${esc(t.customerId)}</span><br>
      ${t.lines.map((l) => `${l.quantity} x ${esc(l.sku)}`).join(', ')}
      <form><textarea name="iccids" placeholder="ICCIDs, one per line" required class="wide"></textarea>
      <input name="shippingAddress" placeholder="Shipping address" required><input name="trackingNumber" placeholder="Tracking number" required>
      <button type="submit">Shipped</button></form></div>`).join('');
  for (const form of document.querySelectorAll('[data-task] form')) form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    const body = { ...data, iccids: String(data.iccids).split(/\s+/).filter(Boolean) };
    if (await post(`/staff/api/fulfilment/${event.target.parentElement.dataset.task}/ship`, body)) await loadFulfilment();
  });
}

async function loadOrders() {
  const { orders } = await (await fetch('/staff/api/orders')).json();
  document.getElementById('orders').innerHTML = orders.length === 0 ? '<p class="muted none">No orders yet.</p>' : orders.map((o) => `
    <div class="approval"><strong>${esc(o.reference)}</strong> ${esc(o.company)} <span class="muted">${esc(o.customerId)}</span><br>
      <span class="tag">${esc(o.status.replaceAll('_', ' '))}</span><span class="tag">${esc(o.channel)}</span> ${(o.totalMinor / 100).toFixed(2)} ${esc(o.currency)}
      ${o.conversationId ? `<button data-pull="${o.conversationId}" title="Take over this conversation from the bot">Take over</button>` : ''}</div>`).join('');
  for (const button of document.querySelectorAll('[data-pull]')) button.addEventListener('click', async () => {
    const response = await fetch(`/staff/api/conversations/${button.dataset.pull}/pull`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: '{}' });
    if (!response.ok) return alert((await response.json()).error);
    const { ticketId } = await response.json();
    await loadQueue();
    const row = document.querySelector(`[data-ticket="${ticketId}"]`);
    if (row) row.click();
  });
}

async function select(ticket) {
  selected = ticket;
  linked = null;
  await loadQueue();
  await loadConversation();
}

async function loadConversation() {
  const detail = document.getElementById('detail');
  if (!selected) {
    if (linked) return drawLinked();
    detail.innerHTML = '<div class="actions"><span class="muted">Pick a ticket on the left.</span></div>';
    return;
  }
  // The queue may change (and `selected` with it) while this request is on the network: draw the
  // ticket it was asked for, and only if it is still the one selected.
  const ticket = selected;
  const view = await (await fetch(`/staff/api/conversations/${ticket.conversationId}`)).json();
  if (selected?.id !== ticket.id) return;
  const draft = document.querySelector('#reply textarea')?.value ?? '';
  const typing = document.activeElement?.name === 'text';
  const account = view.account;
  const closed = selected.status === 'released';
  detail.innerHTML = `
    <div class="actions">
      ${ticketHeader(view, selected)}
      ${selected.status === 'open' ? '<button id="claim">Claim</button>' : ''}
      ${assignControl(selected)}
      ${closed ? '' : '<button id="release" class="secondary">Release to the bot</button>'}
      <span id="status"></span>
    </div>
    <div class="body">
      <div class="transcript">${view.messages.map((m) => `<div class="msg ${m.staff ? 'staff' : m.direction}">${m.staff ? `<span class="muted">${esc(m.staff)}:</span> ` : ''}${esc(m.text)}</div>`).join('')}</div>
      <dl class="account">${accountPanel(account)}</dl>
    </div>
    ${['over_credit_limit', 'over_value_threshold'].includes(selected.reason) && ROLE === 'owner' ? `<form id="over-limit" class="decide">
      <button type="button" id="approve-order">Approve this one order</button>
      <span class="muted">or temporary credit up to USD</span> <input name="limitUsd" inputmode="decimal" placeholder="15000.00" aria-label="Temporary credit limit in USD" size="9">
      <span class="muted">until</span> <input name="until" type="date" aria-label="Temporary credit until"> <button type="submit" class="secondary">Give credit and confirm</button></form>` : ''}
    ${closed ? '<p class="muted none">Closed: the transcript is kept here.</p>' : `<form id="reply">${cannedPicker(view)}<textarea name="text" placeholder="${selected.status === 'claimed' ? 'Reply on the reseller\u2019s channel…' : 'Claim the ticket to reply'}"></textarea><button type="submit">Send</button>
      <button type="button" id="act" class="secondary" title="Runs the text through the bot as if the reseller wrote it: quote, then yes to place the order">Order for the reseller</button></form>`}`;
  const transcript = detail.querySelector('.transcript');
  transcript.scrollTop = transcript.scrollHeight;
  wireInbox(detail, selected);
  if (closed) return;
  const textarea = detail.querySelector('#reply textarea');
  textarea.value = draft;
  if (typing) textarea.focus();
  document.getElementById('claim')?.addEventListener('click', async () => { if (await post(`/staff/api/tickets/${selected.id}/claim`)) await refresh(); });
  document.getElementById('release').addEventListener('click', async () => { if (await post(`/staff/api/tickets/${selected.id}/release`)) { selected = null; await refresh(); } });
  const overLimit = document.getElementById('over-limit');
  overLimit?.querySelector('#approve-order').addEventListener('click', async () => { if (await post(`/staff/api/tickets/${selected.id}/over-limit`, { kind: 'this_order' })) await refresh(); });
  overLimit?.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (await post(`/staff/api/tickets/${selected.id}/over-limit`, { kind: 'temporary_credit', limitUsd: overLimit.limitUsd.value, until: overLimit.until.value })) await refresh();
  });
  document.getElementById('act').addEventListener('click', async () => {
    const textarea = document.querySelector('#reply textarea');
    const text = textarea.value.trim();
    if (text && (await post(`/staff/api/tickets/${selected.id}/act`, { text }))) { textarea.value = ''; await refresh(); }
  });
  document.getElementById('reply').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = event.target.text.value.trim();
    if (text && (await post(`/staff/api/tickets/${selected.id}/reply`, { text }))) { event.target.text.value = ''; await refresh(); }
  });
}

async function refresh() {
  await noticeTickets();
  await loadQueue();
  await loadConversation();
  await loadSide();
  await loadFulfilment();
  await loadOrders();
  await loadCanned();
}

// /staff?conversation=N (a link from the order desk, or an application's card): its ticket when it
// has one, else its transcript with "Take over", kept open through live updates until a ticket is picked.
let linked = null;
async function openLinkedConversation(wanted = Number(new URLSearchParams(location.search).get('conversation')) || null) {
  if (!wanted) return;
  const { tickets } = await (await fetch('/staff/api/queue')).json();
  const ticket = tickets.find((t) => t.conversationId === wanted);
  if (ticket) return select(ticket);
  selected = null;
  linked = wanted;
  await loadQueue();
  await drawLinked();
}

async function drawLinked() {
  const wanted = linked;
  const response = await fetch(`/staff/api/conversations/${wanted}`);
  if (!response.ok || linked !== wanted || selected) return;
  const view = await response.json();
  document.getElementById('detail').innerHTML = `
    <div class="actions linked-conversation"><strong>${esc(view.account?.customer.id ?? view.conversationKey)}</strong><span class="tag">${esc(view.channel)}</span>
      <button id="take-over" title="Take over this conversation from the bot">Take over</button><span id="status"></span></div>
    <div class="body"><div class="transcript">${view.messages.map((m) => `<div class="msg ${m.staff ? 'staff' : m.direction}">${m.staff ? `<span class="muted">${esc(m.staff)}:</span> ` : ''}${esc(m.text)}</div>`).join('')}</div></div>`;
  document.getElementById('take-over').addEventListener('click', async () => {
    const pulled = await fetch(`/staff/api/conversations/${wanted}/pull`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: '{}' });
    if (!pulled.ok) return (document.getElementById('status').textContent = (await pulled.json()).error);
    const { tickets: now } = await (await fetch('/staff/api/queue')).json();
    const held = now.find((t) => t.conversationId === wanted);
    if (held) await select(held);
  });
}

document.getElementById('logout').addEventListener('click', async () => { await post('/staff/logout'); location.href = '/staff/login'; });
new EventSource('/staff/api/events').addEventListener('changed', () => refresh());
setUpSearch();
setUpCannedForm();
Promise.all([loadColleagues(), loadCanned()]).then(refresh).then(openLinkedConversation);
