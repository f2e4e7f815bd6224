// Onboarding applications in the "To approve" list (issue 19): each card links to its conversation
// (opened in the inbox's detail pane, as a link from the order desk opens one) and carries the
// approve form: company details, currency (only those with an FX rate), tier, account type, and a
// credit limit in USD shown and required only for postpaid. Tier, account type and limit are the
// owner's to choose (the server checks again); for others they stay at tier 3, prepaid. Loaded
// before app.js, whose helpers (esc, ROLE, CSRF, openLinkedConversation, loadSide) these use.

const tierLabel = (t) => t.replace('tier_', 'Tier ');

/** One application's card: what the applicant gave, their files, the conversation, the form. */
function applicationCard(a, choices) {
  const f = a.fields ?? {};
  const owner = ROLE === 'owner';
  const locked = owner ? '' : 'disabled title="an owner chooses the tier, account type and credit limit"';
  const field = (label, control, wide = false) => `<label class="${wide ? 'wide' : ''}"><span>${label}</span>${control}</label>`;
  return `<div class="approval application" data-application="${a.id}"><strong>New reseller</strong> <span class="tag">${esc(a.channel)}</span> ${esc(a.address)}
    <a class="open-conversation" href="/staff?conversation=${Number(a.conversationId)}" data-conversation="${Number(a.conversationId)}">Open the conversation ›</a>
    <dl class="fields">${[['Company', f.company], ['Legal entity', f.legalEntity], ['Registration', f.registrationDocument], ['Country', f.country], ['Sales channels', f.salesChannels], ['Cards a month', f.estMonthlyVolume], ['Contact', f.primaryContact]].filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>
    ${(a.files ?? []).length ? `<div class="files">Files sent: ${a.files.map((file) => `<a href="${esc(file.url)}" download>${esc(file.filename)}</a> <span class="muted">(${esc(file.mimeType)}, ${Math.max(1, Math.round(file.sizeBytes / 1024))} KB)</span>`).join(', ')}</div>` : ''}
    ${a.details ? `<details class="muted"><summary>What they wrote</summary>${esc(a.details)}</details>` : ''}
    <form class="approve-form" novalidate>
      ${field('Company', `<input name="company" required minlength="2" maxlength="200" value="${esc(f.company ?? '')}">`, true)}
      ${field('Legal entity', `<input name="legalEntity" required minlength="2" maxlength="300" value="${esc(f.legalEntity ?? '')}">`, true)}
      ${field('Country', `<input name="country" maxlength="2" required placeholder="PT" value="${esc(/^[A-Z]{2}$/.test(f.country ?? '') ? f.country : '')}">`)}
      ${field('Currency', `<select name="currency">${choices.currencies.map((c) => `<option>${esc(c)}</option>`).join('')}</select>`)}
      ${field('Tier', `<select name="tier" ${locked}>${choices.tiers.map((t) => `<option value="${esc(t)}" ${t === 'tier_3' ? 'selected' : ''}>${esc(tierLabel(t))}</option>`).join('')}</select>`)}
      ${field('Account', `<select name="accountType" ${locked}>${choices.accountTypes.map((t) => `<option value="${esc(t)}">${esc(t[0].toUpperCase() + t.slice(1))}</option>`).join('')}</select>`)}
      <label class="wide credit" hidden><span>Credit limit (USD)</span><input name="creditLimit" inputmode="decimal" placeholder="5,000.00" maxlength="40" disabled></label>
      ${owner ? '' : '<p class="wide muted owner-only">An owner chooses another tier, postpaid or a credit limit.</p>'}
      <button type="submit" class="wide">Approve</button>
      <p class="wide form-error" role="alert"></p>
    </form></div>`;
}

/** The account type decides whether the credit limit is asked for; the button says what it will do. */
function syncApproveForm(form) {
  const postpaid = form.accountType.value === 'postpaid';
  const credit = form.querySelector('.credit');
  credit.hidden = !postpaid;
  form.creditLimit.disabled = !postpaid; // not sent for prepaid (the server refuses a limit there)
  form.creditLimit.required = postpaid;
  form.querySelector('button[type=submit]').textContent = `Approve at ${tierLabel(form.tier.value).toLowerCase()}, ${form.accountType.value}`;
}

/** What staff typed in the open forms, to put back after the list is drawn again (live updates redraw it). */
function approvalDrafts() {
  const drafts = new Map();
  for (const form of document.querySelectorAll('[data-application] form')) {
    drafts.set(form.parentElement.dataset.application, [...form.elements].filter((e) => e.name).map((e) => [e.name, e.value, e === document.activeElement]));
  }
  return drafts;
}

function wireApplications(drafts) {
  for (const link of document.querySelectorAll('[data-application] .open-conversation')) link.addEventListener('click', async (event) => {
    event.preventDefault();
    history.pushState(null, '', link.href);
    await openLinkedConversation(Number(link.dataset.conversation));
    document.getElementById('detail').scrollIntoView({ block: 'start' });
  });
  for (const form of document.querySelectorAll('[data-application] form')) {
    for (const [name, value, focused] of drafts.get(form.parentElement.dataset.application) ?? []) {
      const element = form.elements[name];
      if (!element || element.disabled && name !== 'creditLimit') continue;
      element.value = value;
      if (focused) element.focus();
    }
    syncApproveForm(form);
    form.accountType.addEventListener('change', () => syncApproveForm(form));
    form.tier.addEventListener('change', () => syncApproveForm(form));
    form.addEventListener('input', () => { form.querySelector('.form-error').textContent = ''; });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const error = form.querySelector('.form-error');
      error.textContent = '';
      if (!form.reportValidity()) return;
      const response = await fetch(`/staff/api/onboarding/${form.parentElement.dataset.application}/approve`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': CSRF }, body: JSON.stringify(Object.fromEntries(new FormData(form))) });
      if (!response.ok) return (error.textContent = (await response.json()).error);
      await loadSide();
    });
  }
}
