// The small indicator at the foot of the page. Its data-state attribute is what tests (and CSS) read.

const LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  saving: 'Saving…',
  saved: 'Saved',
  offline: 'Offline — reconnecting…',
  'offline-pending': 'Offline — edits kept, sent on reconnect',
  'read-only': 'Read only',
  error: 'Error',
};

export class StatusIndicator {
  constructor(element) {
    this.element = element;
    this.label = element.querySelector('.label');
    this.state = element.dataset.state;
  }

  /** Shows a state (a key of LABELS); `detail` goes in the tooltip, or replaces the label for 'error'. */
  show(state, detail = '') {
    const text = state === 'error' && detail ? detail : LABELS[state] || state;
    if (this.state === state && this.label.textContent === text) return;
    this.state = state;
    this.element.dataset.state = state;
    this.label.textContent = text;
    this.element.title = detail || text;
  }
}
