// The read-only preview of a past version, a second Quill instance, and the view of a change: the chapter at the
// later version with inserted text marked "ins", deleted text put back and marked "del", and reformatted text "fmt".
//
// The marks are one class attributor, quire-diff (class quire-diff-ins / -del / -fmt), registered with Quill so the
// preview can show them. So that text copied out of the preview cannot carry a mark into the chapter, mountHistory
// adds a clipboard matcher to the live editor that drops it.
import Quill from 'quill';
import Delta from 'quill-delta';

const Parchment = Quill.import('parchment');
export const DIFF_FORMAT = 'quire-diff';
const DiffClass = new Parchment.ClassAttributor(DIFF_FORMAT, DIFF_FORMAT, {
  scope: Parchment.Scope.INLINE,
  whitelist: ['ins', 'del', 'fmt'],
});
Quill.register(`formats/${DIFF_FORMAT}`, DiffClass, true);

/** A clipboard matcher that removes quire-diff marks from pasted content. */
export function stripDiffMarks(_node, delta) {
  let marked = false;
  const ops = delta.ops.map((op) => {
    if (!op.attributes || !(DIFF_FORMAT in op.attributes)) return op;
    marked = true;
    const { [DIFF_FORMAT]: _dropped, ...rest } = op.attributes;
    return Object.keys(rest).length ? { ...op, attributes: rest } : { insert: op.insert };
  });
  return marked ? new Delta(ops) : delta;
}

function mark(attributes, kind) {
  return { ...(attributes || {}), [DIFF_FORMAT]: kind };
}

/**
 * The view of `change` (a Delta from `base`'s contents to the later contents): every character of the later version
 * plus the deleted ones, marked. Deleted line breaks show as a pilcrow so that the lines of the later version keep
 * their formats; marks are not put on kept line breaks (they hold block formats only).
 */
export function changeView(base, change) {
  const before = new Delta(base.ops || base);
  const out = new Delta();
  let index = 0;
  for (const op of (change.ops || change)) {
    if (op.insert !== undefined) {
      if (typeof op.insert === 'string') insertMarked(out, op.insert, op.attributes, 'ins');
      else out.insert(op.insert, mark(op.attributes, 'ins'));
    } else if (typeof op.retain === 'number') {
      let part = before.slice(index, index + op.retain);
      if (op.attributes) {
        part = part.compose(new Delta().retain(op.retain, op.attributes));
        for (const kept of part.ops) {
          if (typeof kept.insert === 'string') insertMarked(out, kept.insert, kept.attributes, 'fmt');
          else out.insert(kept.insert, kept.attributes);
        }
      } else {
        for (const kept of part.ops) out.push(kept);
      }
      index += op.retain;
    } else if (typeof op.delete === 'number') {
      for (const gone of before.slice(index, index + op.delete).ops) {
        if (typeof gone.insert === 'string') out.insert(gone.insert.replace(/\n/g, '¶'), mark(inline(gone.attributes), 'del'));
        else out.insert('[image]', mark(null, 'del'));
      }
      index += op.delete;
    }
  }
  for (const kept of before.slice(index).ops) out.push(kept);
  return out;
}

/** Text with a mark on everything but its line breaks. */
function insertMarked(out, text, attributes, kind) {
  for (const piece of text.split(/(\n)/)) {
    if (!piece) continue;
    if (piece === '\n') out.insert('\n', attributes);
    else out.insert(piece, mark(attributes, kind));
  }
}

const BLOCK = new Set(['header', 'list', 'blockquote', 'code-block', 'align', 'indent', 'direction']);
function inline(attributes) {
  if (!attributes) return null;
  const kept = Object.fromEntries(Object.entries(attributes).filter(([k]) => !BLOCK.has(k)));
  return Object.keys(kept).length ? kept : null;
}

export class Preview {
  constructor(element) {
    this.quill = new Quill(element, { theme: 'snow', readOnly: true, modules: { toolbar: false } });
  }

  show(contents) {
    this.quill.setContents(new Delta(contents.ops || contents), 'api');
  }

  text() {
    return this.quill.getText();
  }
}
