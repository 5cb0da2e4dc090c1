// The invite page, /invite/TOKEN[?token=SIGN_IN_TOKEN]: says which book the link opens and with which role, and
// joins it on request, then opens the book's first chapter. The sign-in token (secured servers) comes from the
// address; a local-mode server needs none.
import './invite.css';

const TIMEOUT_MS = 5000;
const invite = decodeURIComponent(location.pathname.split('/').filter(Boolean)[1] || '');
const signIn = new URLSearchParams(location.search).get('token');
const message = document.getElementById('message');
const button = document.getElementById('accept');

async function call(method, path) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const headers = { Accept: 'application/json' };
    if (signIn) headers.Authorization = `Bearer ${signIn}`;
    const response = await fetch(path, { method, headers, signal: controller.signal, cache: 'no-store' });
    const body = await response.json().catch(() => null);
    return { ok: response.ok, status: response.status, body };
  } catch (error) {
    return { ok: false, status: 0, body: null };
  } finally {
    clearTimeout(timer);
  }
}

function say(text) {
  message.textContent = text;
}

function reason(answer) {
  if (answer.status === 401) return 'Sign in first: open this link from the application that invited you.';
  if (answer.body && answer.body.error) return answer.body.error.message;
  return 'The server did not answer; try again in a moment.';
}

async function show() {
  const preview = await call('GET', `/api/v1/invites/${encodeURIComponent(invite)}`);
  if (!preview.ok) {
    say(reason(preview));
    return;
  }
  const { bookTitle, role, usable } = preview.body;
  if (!usable) {
    say(`This invite to “${bookTitle}” has expired or been used up. Ask the book’s owner for a new one.`);
    return;
  }
  say(`You are invited to “${bookTitle}” as ${role === 'editor' || role === 'owner' ? 'an' : 'a'} ${role}.`);
  button.hidden = false;
}

button.addEventListener('click', async () => {
  button.disabled = true;
  const joined = await call('POST', `/api/v1/invites/${encodeURIComponent(invite)}/accept`);
  if (!joined.ok) {
    say(reason(joined));
    button.disabled = false;
    return;
  }
  const book = joined.body;
  const first = book.chapters && book.chapters[0];
  if (!first) {
    say(`You joined “${book.title}” as ${book.myRole}. It has no chapters yet.`);
    button.hidden = true;
    return;
  }
  say(`You joined “${book.title}” as ${book.myRole}. Opening it…`);
  const suffix = signIn ? `?token=${encodeURIComponent(signIn)}` : '';
  location.assign(`/embed/${encodeURIComponent(book.id)}/${encodeURIComponent(first.id)}${suffix}`);
});

show();
