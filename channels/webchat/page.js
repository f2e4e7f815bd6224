(() => {
  const log = document.getElementById('log');
  const who = document.getElementById('who');
  const token = document.getElementById('token');
  /** The server's long poll (at most 30 s): a reply shows as soon as it is stored, and an idle page asks twice a minute. */
  const WAIT_MS = 25000;
  /** An answer at once with nothing new (no conversation yet): the next poll waits this long, or until a message is sent. */
  const IDLE_POLL_MS = 1000;
  const RETRY_MS_MIN = 1000;
  const RETRY_MS_MAX = 15000;
  /**
   * A post is answered as soon as the message is stored. One left unanswered this long went to a
   * process that froze, or down a connection that died without a word: it is sent again (under the
   * same id), which a load balancer gives to a process that answers.
   */
  const POST_TIMEOUT_MS = 10000;
  /** The server answers a long poll within WAIT_MS; one still open well after that is asked again. */
  const POLL_TIMEOUT_MS = WAIT_MS + 10000;
  /** How long a message that could not be sent is tried again before it shows as not sent. */
  const RESEND_FOR_MS = 60000;
  /** A server busy for a moment (503), or a proxy in front of it whose process stopped or died (502, 504): sent again. */
  const RETRY_STATUSES = [502, 503, 504];
  const headers = () => (token.value ? { authorization: 'Bearer ' + token.value } : {});

  /**
   * fetch and its JSON body (null when it has none), given up after `ms` (thrown as an AbortError)
   * and at once when `outer` aborts.
   */
  async function fetchJson(url, init, ms, outer) {
    const controller = new AbortController();
    const abort = () => controller.abort();
    const timer = setTimeout(abort, ms);
    if (outer) {
      if (outer.aborted) abort();
      else outer.addEventListener('abort', abort, { once: true });
    }
    try {
      const response = await fetch(url, { ...init, signal: controller.signal });
      const body = await response.json().catch((error) => {
        if (controller.signal.aborted) throw error;
        return null; // not JSON: a proxy's error page
      });
      return { response, body };
    } finally {
      clearTimeout(timer);
      if (outer) outer.removeEventListener('abort', abort);
    }
  }

  // One conversation on screen, read by one poll loop. Choosing an identity (again) starts a new
  // session: the previous one's poll is aborted, and whatever it still brings back is dropped.
  // Every message from the server has an id, shown once; the cursor only moves forward.
  /** @type {{from: string, cursor: number, shown: Set<string>, controller: AbortController, wake: (() => void) | null} | null} */
  let session = null;

  function bubble(kind, text, images = [], files = []) {
    const div = document.createElement('div');
    div.className = 'msg ' + kind;
    div.textContent = text;
    for (const image of images) {
      // The QR code names its eSIM: the ICCID in its alt text, title and caption, and as the file
      // name when it is saved (a click downloads it as <ICCID>.png).
      const link = document.createElement('a');
      link.className = 'qr'; link.href = image.url; link.download = image.filename || '';
      const figure = document.createElement('figure');
      const img = document.createElement('img');
      img.src = image.url; img.alt = 'QR code, ' + image.caption; img.title = image.caption;
      const caption = document.createElement('figcaption');
      caption.textContent = image.caption;
      figure.append(img, caption);
      link.appendChild(figure);
      div.appendChild(link);
    }
    for (const file of files) {
      const a = document.createElement('a');
      a.href = file.url; a.textContent = '⬇ ' + file.filename; a.download = file.filename;
      div.appendChild(a);
    }
    return div;
  }

  function append(div) {
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  /** A message from the server, unless it is on screen already; the reseller's own replaces nothing, it confirms the bubble shown when it was sent. */
  function show(s, m) {
    const id = String(m.id);
    if (s.shown.has(id)) return false;
    s.shown.add(id);
    if (m.from === 'me' && m.clientId) {
      const local = [...log.querySelectorAll('.msg.me[data-client-id]:not([data-id])')].find((el) => el.dataset.clientId === m.clientId);
      if (local) {
        local.dataset.id = id;
        local.classList.remove('sending', 'failed');
        return true;
      }
    }
    const kind = m.from === 'me' ? 'me' : m.from === 'staff' ? 'bot staff' : 'bot';
    const div = bubble(kind, m.text, m.images, m.files);
    div.dataset.id = id;
    if (m.from === 'me' && m.enteredByStaff) {
      // Staff wrote it in the reseller's name (an order taken by phone): theirs, but not typed by them.
      div.classList.add('for-you');
      const note = document.createElement('small');
      note.textContent = 'Entered for you by eSIM Hub staff';
      div.prepend(note);
    }
    append(div);
    return true;
  }

  /** Resolves after ms, at once when the session is woken (a message was sent) or replaced. */
  function pause(s, ms) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (s.wake === done) s.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      s.wake = done;
    });
  }

  async function pollLoop(s) {
    let retryMs = RETRY_MS_MIN;
    while (s === session) {
      const started = Date.now();
      let body = null;
      try {
        const url = '/webchat/messages?mine=1&from=' + encodeURIComponent(s.from) + '&after=' + s.cursor + '&wait=' + WAIT_MS;
        const answer = await fetchJson(url, { headers: headers() }, POLL_TIMEOUT_MS, s.controller.signal);
        if (answer.response.ok) body = answer.body;
      } catch {
        // aborted (another identity was chosen), timed out or offline: tried again below
      }
      if (s !== session) return;
      if (!body || !Array.isArray(body.messages)) {
        await pause(s, retryMs);
        retryMs = Math.min(retryMs * 2, RETRY_MS_MAX);
        continue;
      }
      retryMs = RETRY_MS_MIN;
      let fresh = 0;
      for (const m of body.messages) if (show(s, m)) fresh += 1;
      const cursor = Number(body.cursor);
      if (Number.isSafeInteger(cursor) && cursor > s.cursor) s.cursor = cursor;
      const elapsed = Date.now() - started;
      if (fresh === 0 && elapsed < IDLE_POLL_MS) await pause(s, IDLE_POLL_MS - elapsed);
    }
  }

  function choose(address) {
    if (session) {
      const previous = session;
      session = null;
      previous.controller.abort();
      if (previous.wake) previous.wake();
    }
    log.textContent = '';
    if (!address) return;
    localStorage.setItem('esimhub.from', address);
    session = { from: address, cursor: 0, shown: new Set(), controller: new AbortController(), wake: null };
    pollLoop(session);
  }

  let sending = Promise.resolve();
  document.getElementById('send').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('text');
    const text = input.value.trim();
    const s = session;
    if (!text || !s) return;
    input.value = '';
    const id = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
    const mine = bubble('me sending', text);
    mine.dataset.clientId = id;
    append(mine);
    // A server that is busy for a moment (503, a database restart), a process behind a proxy that
    // stopped or died (502, 504), a post left unanswered (a frozen process) or a connection lost on
    // the way is tried again with the same id for about a minute: the server stores a message once
    // per id, so a resend whose first copy did arrive is not a second message. Messages go one after
    // another, so that a "yes" typed while the order before it is being resent is not stored first.
    const previous = sending;
    let sent = () => {};
    sending = new Promise((resolve) => { sent = resolve; });
    await previous;
    let failure = null;
    const giveUpAt = Date.now() + RESEND_FOR_MS;
    for (let tries = 1; ; tries += 1) {
      const backoffMs = Math.min(RETRY_MS_MIN * 2 ** (tries - 1), RETRY_MS_MAX);
      let waitMs = 0;
      try {
        const { response, body } = await fetchJson('/webchat/messages', { method: 'POST', headers: { 'content-type': 'application/json', ...headers() }, body: JSON.stringify({ from: s.from, text, id }) }, POST_TIMEOUT_MS, null);
        const retried = RETRY_STATUSES.includes(response.status);
        failure = response.ok ? null : (body && body.error) || (retried ? 'the server did not answer (' + response.status + ')' : String(response.status));
        if (retried) waitMs = Number(response.headers.get('retry-after')) * 1000 || backoffMs;
      } catch {
        failure = 'no connection';
        waitMs = backoffMs;
      }
      if (!failure || !waitMs || Date.now() + waitMs >= giveUpAt || s !== session) break;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    sent();
    if (s !== session) return;
    if (failure) {
      mine.classList.replace('sending', 'failed');
      append(bubble('bot', 'Not sent: ' + failure));
      return;
    }
    // Stored: no longer "sending" (a reply may be long in coming: staff hold the conversation). The
    // poll loop picks up the reply and the message's id; if it is resting between polls, it asks now.
    mine.classList.remove('sending');
    if (s.wake) s.wake();
  });
  who.addEventListener('change', () => choose(who.value));
  token.addEventListener('change', () => { if (session) choose(session.from); });

  fetch('/webchat/identities').then(async (response) => {
    if (!response.ok) {
      token.hidden = false;
      const input = document.createElement('input');
      input.placeholder = 'your address (phone, email or WeChat id)';
      input.setAttribute('aria-label', 'Your address');
      who.replaceWith(input);
      input.addEventListener('change', () => choose(input.value.trim()));
      document.getElementById('hint').textContent = 'Enter your address and the access token eSIM Hub gave you.';
      return;
    }
    const { identities } = await response.json();
    const saved = localStorage.getItem('esimhub.from');
    for (const identity of identities) {
      const option = document.createElement('option');
      option.value = identity.address; option.textContent = identity.label;
      who.appendChild(option);
    }
    const unknown = document.createElement('option');
    unknown.value = '+15550000000'; unknown.textContent = 'An unknown sender (+1 555 000 0000): onboarding';
    who.appendChild(unknown);
    if (saved && [...who.options].some((o) => o.value === saved)) who.value = saved;
    choose(who.value);
  });
})();
