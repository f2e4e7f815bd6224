(() => {
  const log = document.getElementById('log');
  const who = document.getElementById('who');
  const token = document.getElementById('token');
  let cursor = 0;
  let from = '';
  const headers = () => (token.value ? { authorization: 'Bearer ' + token.value } : {});

  function bubble(kind, text, images = [], files = []) {
    const div = document.createElement('div');
    div.className = 'msg ' + kind;
    div.textContent = text;
    for (const image of images) {
      const img = document.createElement('img');
      img.src = image.url; img.alt = image.caption; img.title = image.caption;
      div.appendChild(img);
    }
    for (const file of files) {
      const a = document.createElement('a');
      a.href = file.url; a.textContent = '⬇ ' + file.filename; a.download = file.filename;
      div.appendChild(a);
    }
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
  }

  async function poll() {
    if (!from) return;
    const response = await fetch('/webchat/messages?from=' + encodeURIComponent(from) + '&after=' + cursor + '&wait=0', { headers: headers() });
    if (!response.ok) return;
    const body = await response.json();
    for (const m of body.messages) bubble('bot', m.text, m.images, m.files);
    cursor = body.cursor;
  }

  function choose(address) {
    from = address; cursor = 0; log.textContent = '';
    localStorage.setItem('esimhub.from', address);
    poll();
  }

  document.getElementById('send').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = document.getElementById('text');
    const text = input.value.trim();
    if (!text || !from) return;
    input.value = '';
    bubble('me', text);
    const id = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now()) + Math.random();
    const response = await fetch('/webchat/messages', { method: 'POST', headers: { 'content-type': 'application/json', ...headers() }, body: JSON.stringify({ from, text, id }) });
    if (!response.ok) bubble('bot', 'Not sent: ' + ((await response.json()).error || response.status));
    setTimeout(poll, 150);
  });
  who.addEventListener('change', () => choose(who.value));

  fetch('/webchat/identities').then(async (response) => {
    if (!response.ok) {
      token.hidden = false;
      const input = document.createElement('input');
      input.placeholder = 'your address (phone, email or WeChat id)';
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
  setInterval(poll, 1000);
})();
