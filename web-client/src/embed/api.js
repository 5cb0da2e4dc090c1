// The two REST calls the embed page makes before it opens the chapter. Both are bounded and never throw: the
// page must open even where the server does not answer them yet.

const TIMEOUT_MS = 5000;

/** GET path as JSON: {ok, status, body} (status 0 for a network error or a timeout). */
export async function getJson(path, token, timeoutMs = TIMEOUT_MS) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await fetch(path, { headers, signal: controller.signal, cache: 'no-store' });
    if (!response.ok) return { ok: false, status: response.status };
    return { ok: true, status: response.status, body: await response.json() };
  } catch (error) {
    return { ok: false, status: 0, error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Who is editing: GET /api/v1/me answers {userId, displayName, mode: "local"|"secured"}. Where it fails (a server
 * without accounts answers 404), a guest name, kept for the tab's life so that a reload keeps the same cursor name.
 */
export async function whoAmI(token) {
  const answer = await getJson('/api/v1/me', token);
  const body = answer.ok ? answer.body : null;
  if (body && typeof body.displayName === 'string' && body.displayName.trim()) {
    const userId = typeof body.userId === 'string' && body.userId ? body.userId : body.displayName;
    return { userId, displayName: body.displayName.trim(), mode: body.mode || 'local', guest: false };
  }
  return guest();
}

/**
 * Whether this user may edit the book: GET /api/v1/books/{book} answers {..., myRole}. Owners and editors may;
 * commenters and viewers may not. Where the call fails or names no role, the page assumes it may edit: the
 * server still refuses edits it does not allow, and the page then turns read-only (see main.js).
 */
export async function mayEdit(book, token) {
  const answer = await getJson(`/api/v1/books/${encodeURIComponent(book)}`, token);
  const role = answer.ok && answer.body ? answer.body.myRole : undefined;
  if (typeof role !== 'string') return { editable: true, role: null };
  return { editable: role === 'owner' || role === 'editor', role };
}

const GUEST_WORDS = ['Heron', 'Otter', 'Lynx', 'Wren', 'Marten', 'Puffin', 'Ibex', 'Kestrel', 'Badger', 'Newt',
  'Plover', 'Stoat', 'Finch', 'Hare', 'Gannet', 'Vole'];
const GUEST_KEY = 'quire.guest';

function guest() {
  try {
    const kept = JSON.parse(sessionStorage.getItem(GUEST_KEY) || 'null');
    if (kept && kept.userId && kept.displayName) return kept;
  } catch {
    // Storage is off in some embedding contexts: a new name per load is fine.
  }
  const word = GUEST_WORDS[Math.floor(Math.random() * GUEST_WORDS.length)];
  const number = 10 + Math.floor(Math.random() * 90);
  const id = randomId();
  const made = { userId: `guest-${id}`, displayName: `Guest ${word} ${number}`, mode: 'local', guest: true };
  try {
    sessionStorage.setItem(GUEST_KEY, JSON.stringify(made));
  } catch {
    // As above.
  }
  return made;
}

export function randomId() {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const COLOURS = ['#d9480f', '#2b8a3e', '#1864ab', '#862e9c', '#c2255c', '#0b7285', '#5f3dc4', '#e67700', '#364fc7',
  '#a61e4d'];

/** A colour for a user, the same on every page that shows them. */
export function colourOf(userId) {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (Math.imul(h, 31) + userId.charCodeAt(i)) | 0;
  return COLOURS[Math.abs(h) % COLOURS.length];
}
