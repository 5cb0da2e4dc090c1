// One chapter open in the embed page: the sharedb document bound to Quill, presence bound to quill-cursors, and
// the status the page shows.
//
//   local edit   Quill 'text-change' (source 'user')  -> doc.submitOp(delta ops, {source: quill})
//   remote op    doc 'op' (any other source)           -> quill.updateContents(op, 'api')
//   reload       doc 'load' (a hard rollback refetched) -> quill.setContents(doc.data, 'api')
//   my cursor    Quill 'selection-change' (user)       -> local presence {index, length, name, colour}
//   theirs       presence 'receive' (id, value|null)   -> quill-cursors create/move/remove
//
// The rich-text type cannot invert an op, so a refused op makes the sharedb client throw its local state away and
// fetch the chapter again ('load'); Quill is then reset to the server's contents.
import ReconnectingWebSocket from 'reconnecting-websocket';
import Delta from 'quill-delta';
import richText from 'rich-text';
import ShareDB from 'sharedb/lib/client';
import { randomId } from './api.js';

ShareDB.types.register(richText.type);

export const RICH_TEXT_URI = richText.type.uri; // 'http://sharejs.org/types/rich-text/v1'

/**
 * Error codes that mean "you may not edit this chapter": the page turns read-only instead of retrying. ShareDB's
 * own ERR_OP_SUBMIT_REJECTED (a server middleware refusing the op) and whatever name the server's access checks
 * use for a refusal (forbidden, denied, permission, unauthorised, read-only, not allowed).
 */
const REFUSAL = /SUBMIT_REJECTED|FORBIDDEN|DENIED|PERMISSION|UNAUTHORI[SZ]ED|READ_?ONLY|NOT_ALLOWED/i;

const SOCKET_OPTIONS = {
  connectionTimeout: 5000,
  minReconnectionDelay: 500 + Math.random() * 500,
  maxReconnectionDelay: 10000,
  reconnectionDelayGrowFactor: 1.5,
  // sharedb resends its own unacknowledged ops after the handshake; frames queued by the socket would go before it.
  maxEnqueuedMessages: 0,
};

export class ChapterSession {
  /**
   * @param options.wsUrl      ws(s)://host/ws, with ?token=... when the page has one
   * @param options.book       the sharedb collection
   * @param options.chapter    the document id
   * @param options.identity   {userId, displayName}
   * @param options.colour     this user's cursor colour
   * @param options.editable   false when the user's role only lets them read
   * @param options.quill      the editor, disabled until the chapter is loaded
   * @param options.cursors    Quill's cursors module
   * @param options.status     the StatusIndicator
   * @param options.notice     function(text|null): shows or hides the page's notice
   * @param options.onPeople   optional function(people): called with [{id, name, colour}] of the others whose
   *                           presence this page holds, whenever it changes (the app's "who is here")
   * @param options.announce   optional: show this user's cursor at the start once the chapter is loaded, so that
   *                           the others see them before they click (only for roles that may show a cursor)
   */
  constructor(options) {
    Object.assign(this, options);
    this.readOnlyReason = this.editable ? null : 'You can read this chapter but not edit it.';
    this.loaded = false;
    this.everConnected = false;
    this.edited = false;
    this.failure = null;
    this.waitingForCreate = false;
    this.people = new Map();
    this.announced = false;
  }

  start() {
    this.socket = new ReconnectingWebSocket(this.wsUrl, [], SOCKET_OPTIONS);
    this.connection = new ShareDB.Connection(this.socket);
    this.connection.on('state', (state) => {
      if (state === 'connected') this.everConnected = true;
      this.refreshStatus();
    });
    this.connection.on('error', (error) => this.warn('connection', error));
    // Refusals are read off the wire: for ERR_OP_SUBMIT_REJECTED the client calls the op's callback without an error.
    this.connection.on('receive', (request) => this.inspect(request.data));

    this.doc = this.connection.get(this.book, this.chapter);
    this.doc.on('error', (error) => {
      // The create that lost the race with another page's: the client refetches and 'load' shows the chapter.
      if (error.code !== 'ERR_DOC_ALREADY_CREATED') this.warn('document', error);
    });
    this.doc.on('load', () => this.render());
    this.doc.on('create', () => this.render());
    this.doc.on('del', () => {
      this.loaded = false;
      this.fail('This chapter was deleted.');
    });
    this.doc.on('op', (op, source) => {
      if (source !== this.quill) this.quill.updateContents(new Delta(op.ops || op), 'api');
      this.refreshStatus();
    });
    this.doc.on('nothing pending', () => this.refreshStatus());

    this.quill.on('text-change', (delta, _old, source) => {
      if (source !== 'user') return;
      if (!this.doc.type) {
        // Only possible while a refetch is in flight (the editor is disabled then): the 'load' resets the text.
        return;
      }
      this.edited = true;
      this.doc.submitOp(delta.ops, { source: this.quill }, (error) => {
        if (error) this.onSubmitError(error);
      });
      this.refreshStatus();
    });

    this.bindPresence();
    this.applyMode();
    this.doc.subscribe((error) => {
      if (error) {
        this.fail(`The chapter could not be opened: ${error.message}`, error);
        return;
      }
      this.subscribePresence();
      if (!this.doc.type) {
        if (!this.canWrite()) {
          this.loaded = true;
          this.render();
          this.notice('This chapter has not been started yet.');
          this.waitingForCreate = true;
          return;
        }
        // Two pages may both find the chapter missing; the server takes the first create and refuses the other,
        // whose client then fetches the chapter ('load').
        this.doc.create([{ insert: '\n' }], RICH_TEXT_URI, (createError) => {
          if (createError && createError.code !== 'ERR_DOC_ALREADY_CREATED') this.onSubmitError(createError);
        });
      }
      this.loaded = true;
      this.render();
    });
    return this;
  }

  bindPresence() {
    this.presence = this.connection.getDocPresence(this.book, this.chapter);
    this.presence.on('error', (error) => this.warn('presence', error));
    this.presence.on('receive', (id, value) => this.showRemoteCursor(id, value));
    this.localPresence = this.presence.create(`${this.identity.userId}-${randomId()}`);
    this.quill.on('selection-change', (range, _old, source) => {
      // Moves caused by text changes reach the others through the ops themselves; a blur keeps the last place.
      if (source !== 'user' || !range || !this.doc.type) return;
      const value = { index: range.index, length: range.length, name: this.identity.displayName, colour: this.colour };
      this.localPresence.submit(value, (error) => {
        if (error) this.warn('presence submit', error);
      });
    });
  }

  /**
   * Subscribes to the others' cursors once the chapter is loaded. Subscribing asks everyone on the chapter to send
   * their cursor again; a cursor that arrived before the document loaded would be thrown away by the sharedb client
   * (its 'load' resets remote presence), and nobody would send it again until they moved.
   */
  subscribePresence() {
    if (this.presenceSubscribed) return;
    this.presenceSubscribed = true;
    this.presence.subscribe((error) => {
      if (error) this.warn('presence subscribe', error);
    });
  }

  showRemoteCursor(id, value) {
    if (!value || !Number.isInteger(value.index) || !Number.isInteger(value.length)) {
      this.cursors.removeCursor(id);
      if (this.people.delete(id)) this.tellPeople();
      return;
    }
    const name = typeof value.name === 'string' && value.name.trim() ? value.name.trim().slice(0, 60) : 'Someone';
    const colour = typeof value.colour === 'string' && /^#[0-9a-f]{6}$/i.test(value.colour) ? value.colour : '#6b7280';
    this.cursors.createCursor(id, name, colour);
    this.cursors.moveCursor(id, { index: value.index, length: value.length });
    const known = this.people.get(id);
    if (!known || known.name !== name || known.colour !== colour) {
      this.people.set(id, { id, name, colour });
      this.tellPeople();
    }
  }

  tellPeople() {
    if (this.onPeople) this.onPeople([...this.people.values()]);
  }

  /** Shows this user's caret at the start (or where it is) once, so that "who is here" lists them at once. */
  announceOnce() {
    if (!this.announce || this.announced || !this.doc.type || this.failure) return;
    this.announced = true;
    // After the current 'load' event: sharedb's local presence drops what was submitted during it.
    setTimeout(() => {
      if (!this.doc.type || this.localPresence.value) return;
      const range = this.quill.getSelection() || { index: 0, length: 0 };
      const value = { index: range.index, length: range.length, name: this.identity.displayName, colour: this.colour };
      this.localPresence.submit(value, (error) => {
        if (error) this.warn('presence announce', error);
      });
    }, 0);
  }

  /** Resets Quill to the document (first load, a remote create, a refetch after a refused op). */
  render() {
    if (!this.loaded && !this.doc.type) return;
    const selection = this.quill.getSelection();
    const ops = this.doc.type && this.doc.data ? structuredClone(this.doc.data.ops || this.doc.data) : [];
    this.quill.setContents(new Delta(ops), 'api');
    if (selection && this.canWrite()) {
      const last = Math.max(0, this.quill.getLength() - 1);
      this.quill.setSelection(Math.min(selection.index, last), 0, 'silent');
    }
    if (this.doc.type && this.waitingForCreate) {
      this.waitingForCreate = false;
      this.notice(null);
    }
    this.applyMode();
    this.announceOnce();
  }

  inspect(message) {
    if (!message || message.a !== 'op' || !message.error) return;
    if (message.c !== this.book || message.d !== this.chapter) return;
    if (REFUSAL.test(String(message.error.code || ''))) this.makeReadOnly(message.error.message || message.error.code);
  }

  onSubmitError(error) {
    if (REFUSAL.test(String(error.code || ''))) {
      this.makeReadOnly(error.message);
      return;
    }
    // The client is refetching the chapter; Quill is reset when it arrives.
    this.notice(`Your last change could not be saved (${error.message}); the chapter was reloaded.`, 8000);
    this.warn('submit', error);
  }

  makeReadOnly(reason) {
    if (this.readOnlyReason) return;
    this.readOnlyReason = `The server does not let you edit this chapter${reason ? `: ${reason}` : '.'}`;
    this.notice('This chapter is read-only for you; changes you just made were not kept.', 8000);
    this.applyMode();
  }

  canWrite() {
    return !this.readOnlyReason && !this.failure;
  }

  applyMode() {
    const writable = this.canWrite() && this.loaded && !!this.doc.type;
    this.quill.enable(writable);
    document.body.classList.toggle('read-only', !this.canWrite());
    this.refreshStatus();
  }

  refreshStatus() {
    if (this.failure) {
      this.status.show('error', this.failure);
      return;
    }
    const pending = this.doc && this.doc.hasWritePending();
    if (!this.connection || this.connection.state !== 'connected') {
      if (pending) this.status.show('offline-pending');
      else this.status.show(this.everConnected ? 'offline' : 'connecting');
    } else if (this.readOnlyReason) {
      this.status.show('read-only', this.readOnlyReason);
    } else if (pending) {
      this.status.show('saving');
    } else {
      this.status.show(this.edited ? 'saved' : 'connected', this.edited ? 'Every change is saved on the server.' : '');
    }
  }

  fail(message, error) {
    this.failure = message;
    if (error) this.warn('fatal', error);
    this.notice(message);
    this.applyMode();
  }

  warn(where, error) {
    console.warn(`[quire] ${where}:`, error && error.code ? `${error.code} ${error.message}` : error);
  }
}
