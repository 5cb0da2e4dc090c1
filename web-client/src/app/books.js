// "Your books", the page at /: the signed-in user's books (title, role, chapter count) and a form to create one.
import './app.css';
import { api, h, seg, showUser, takeToken } from './api.js';

const token = takeToken();
const list = document.getElementById('books');
const message = document.getElementById('books-message');
const form = document.getElementById('create-book');

function say(text) {
  message.hidden = !text;
  message.textContent = text || '';
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

async function load() {
  const answer = await api(token, 'GET', '/books');
  list.setAttribute('aria-busy', 'false');
  if (!answer.ok) {
    say(answer.status === 401 ? 'Sign in first: open Quire from the application that gave you a link.' : answer.message);
    return;
  }
  const books = answer.body.books || [];
  list.replaceChildren(...books.map((book) => h('li', { className: 'book-card', 'data-id': book.id },
    h('a', { href: `/books/${seg(book.id)}`, className: 'book-title' }, book.title),
    h('span', { className: 'book-meta' },
      h('span', { className: `role role-${book.myRole}` }, book.myRole),
      h('span', { className: 'count' }, plural(book.chapterCount, 'chapter'))))));
  if (!books.length) say('No books yet: create one above.');
  else say('');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const title = form.title.value.trim();
  if (!title) return;
  form.querySelector('button').disabled = true;
  const answer = await api(token, 'POST', '/books', { title });
  form.querySelector('button').disabled = false;
  if (!answer.ok) {
    say(answer.message);
    return;
  }
  location.assign(`/books/${seg(answer.body.id)}`);
});

api(token, 'GET', '/me').then((me) => showUser(document.getElementById('user'), me.ok ? me.body : null));
load();
