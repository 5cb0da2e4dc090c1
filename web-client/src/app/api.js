// What every page of the app shares: the sign-in token, bounded REST calls that never throw, and small DOM helpers.
//
// Sign-in: a link into the app carries ?token=...; the page keeps it in sessionStorage (this tab only) and takes it
// out of the address, so that links inside the app need not carry it and it is not left in the history. A
// local-mode server needs no token (requests without one act as its admin).

const TOKEN_KEY = 'quire.token';
const TIMEOUT_MS = 8000;

/** The token from ?token= (kept for the tab) or the one kept before; '' when there is none. */
export function takeToken() {
  const params = new URLSearchParams(location.search);
  const fromAddress = params.get('token');
  if (fromAddress) {
    try {
      sessionStorage.setItem(TOKEN_KEY, fromAddress);
    } catch {
      // Storage off: the token lives as long as the page.
    }
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromAddress;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) || '';
  } catch {
    return '';
  }
}

/**
 * One API call: method and path under /api/v1, an optional JSON body. Answers {ok, status, body, message}:
 * status 0 when the server did not answer in time; message is the server's error message or a sentence.
 */
export async function api(token, method, path, body) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const headers = { Accept: 'application/json' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: 'no-store',
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    const message = response.ok ? '' : (data && data.error && data.error.message) || `The server answered ${response.status}.`;
    return { ok: response.ok, status: response.status, body: data, message };
  } catch {
    return { ok: false, status: 0, body: null, message: 'The server did not answer; try again in a moment.' };
  } finally {
    clearTimeout(timer);
  }
}

/** A path segment. */
export const seg = encodeURIComponent;

/** document.createElement with properties, attributes (keys starting with data- or aria-) and children. */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('data-') || key.startsWith('aria-') || key === 'role' || key === 'for') element.setAttribute(key, value);
    else if (key.startsWith('on')) element.addEventListener(key.slice(2), value);
    else element[key] = value;
  }
  element.append(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return element;
}

export const ROLES = ['viewer', 'commenter', 'editor', 'owner'];

export function mayEditRole(role) {
  return role === 'editor' || role === 'owner';
}

/** The signed-in user for the header: name, and a discreet "Local mode" on a local server. */
export function showUser(element, me) {
  element.replaceChildren();
  if (!me) return;
  element.append(h('span', { className: 'user-name', title: `Signed in as ${me.userId}` }, me.displayName));
  if (me.mode === 'local') {
    element.append(h('span', { className: 'mode', title: 'A local-mode server: no sign-in; do not expose it' }, 'Local mode'));
  }
}
