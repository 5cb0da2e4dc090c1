// The REST calls of the history panel and the authorship colours: the chapter history API (README, "Chapter history
// API") and the book's members for display names. Bounded; failures come back as {ok:false, status, message} with
// the server's own message, never as exceptions, so the panel can show them.

const TIMEOUT_MS = 8000;

export class HistoryApi {
  /**
   * @param book    the book id
   * @param chapter the chapter id
   * @param token   the page's token, sent as a bearer token ('' for none)
   */
  constructor(book, chapter, token) {
    this.book = book;
    this.chapter = chapter;
    this.token = token || '';
    this.bookPath = `/api/v1/books/${encodeURIComponent(book)}`;
    this.chapterPath = `${this.bookPath}/chapters/${encodeURIComponent(chapter)}`;
  }

  async request(method, path, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const headers = { Accept: 'application/json' };
      if (this.token) headers.Authorization = `Bearer ${this.token}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: controller.signal, cache: 'no-store',
      });
      const json = response.status === 204 ? null : await response.json().catch(() => null);
      if (!response.ok) {
        const message = json && json.error && json.error.message ? json.error.message : `HTTP ${response.status}`;
        return { ok: false, status: response.status, message };
      }
      return { ok: true, status: response.status, body: json };
    } catch (error) {
      const message = error.name === 'AbortError' ? 'the server did not answer in time' : error.message;
      return { ok: false, status: 0, message };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Edit sessions, newest first: {revisions:[...], next}. */
  sessions(before) {
    const query = new URLSearchParams({ group: 'sessions', limit: '30' });
    if (before !== undefined && before !== null) query.set('before', String(before));
    return this.request('GET', `${this.chapterPath}/revisions?${query}`);
  }

  /** The newest op, whose toVersion + 1 is the head. */
  latestOp() {
    return this.request('GET', `${this.chapterPath}/revisions?group=ops&limit=1`);
  }

  version(v) {
    return this.request('GET', `${this.chapterPath}/versions/${v}`);
  }

  diff(from, to) {
    return this.request('GET', `${this.chapterPath}/diff?from=${from}&to=${to}`);
  }

  blame() {
    return this.request('GET', `${this.chapterPath}/blame`);
  }

  authors() {
    return this.request('GET', `${this.chapterPath}/authors`);
  }

  labels() {
    return this.request('GET', `${this.chapterPath}/labels`);
  }

  addLabel(name, version) {
    return this.request('POST', `${this.chapterPath}/labels`, { name, version });
  }

  restore(version) {
    return this.request('POST', `${this.chapterPath}/restore`, { version });
  }

  revertAuthor(author, since) {
    return this.request('POST', `${this.chapterPath}/revert-author`, { author, since });
  }

  /** userId -> display name, from the book's members ({} when the call fails). */
  async memberNames() {
    const answer = await this.request('GET', this.bookPath);
    const names = {};
    if (answer.ok && answer.body && Array.isArray(answer.body.members)) {
      for (const m of answer.body.members) {
        if (m && typeof m.userId === 'string') names[m.userId] = m.displayName || m.userId;
      }
    }
    return names;
  }
}

const RELATIVE = typeof Intl !== 'undefined' && Intl.RelativeTimeFormat
  ? new Intl.RelativeTimeFormat(undefined, { numeric: 'auto', style: 'long' }) : null;
const STEPS = [[60, 'second'], [60, 'minute'], [24, 'hour'], [7, 'day'], [4.35, 'week'], [12, 'month'], [Infinity, 'year']];

/** "5 min ago", "yesterday", ... for an epoch-ms time. */
export function relativeTime(ms, now = Date.now()) {
  let amount = (ms - now) / 1000;
  if (Math.abs(amount) < 45) return 'just now';
  for (const [size, unit] of STEPS) {
    if (Math.abs(amount) < size) {
      const rounded = Math.round(amount);
      return RELATIVE ? RELATIVE.format(rounded, unit) : `${Math.abs(rounded)} ${unit}s ago`;
    }
    amount /= size;
  }
  return new Date(ms).toLocaleString();
}
