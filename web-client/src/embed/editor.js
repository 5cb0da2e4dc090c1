// The Quill editor of the embed page: snow theme, the usual toolbar, remote cursors.
import Quill from 'quill';
import QuillCursors from 'quill-cursors';
import 'quill/dist/quill.snow.css';

Quill.register('modules/cursors', QuillCursors, true);

const TOOLBAR = [
  [{ header: [1, 2, 3, false] }],
  ['bold', 'italic', 'underline', 'strike'],
  [{ list: 'ordered' }, { list: 'bullet' }],
  ['link', 'blockquote', 'code-block', 'image'],
  ['clean'],
];

/** A disabled editor in `element`; the binding enables it once the chapter is loaded and may be edited. */
export function createEditor(element) {
  const quill = new Quill(element, {
    theme: 'snow',
    readOnly: true,
    placeholder: 'Start writing…',
    modules: {
      toolbar: { container: TOOLBAR, handlers: { image: insertImageByUrl } },
      // Remote ranges arrive already transformed by sharedb's presence; quill-cursors must not move them again.
      cursors: { transformOnTextChange: false, hideDelayMs: 2500 },
      history: { userOnly: true },
    },
  });
  return { quill, cursors: quill.getModule('cursors') };
}

/**
 * The toolbar's image button: an image by its address (Quill's default would inline the file's bytes as a data:
 * URL in the chapter). Called with the toolbar module as `this`.
 */
function insertImageByUrl() {
  const quill = this.quill;
  const range = quill.getSelection(true);
  const answer = window.prompt('Address of the image (https://…)');
  if (answer === null) return;
  const url = answer.trim();
  if (!/^https?:\/\/\S+$/i.test(url)) {
    window.alert('An image address starts with https:// or http://');
    return;
  }
  quill.insertEmbed(range.index, 'image', url, Quill.sources.USER);
  quill.setSelection(range.index + 1, 0, Quill.sources.USER);
}
