document.getElementById('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const response = await fetch('/staff/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: form.get('email'), password: form.get('password') }) });
  if (response.ok) location.href = '/staff';
  else document.getElementById('error').textContent = (await response.json()).error || 'Sign-in failed';
});
