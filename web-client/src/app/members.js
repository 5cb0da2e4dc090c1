// The owner's "Members" dialog of the book page: members and their roles (change, remove) and invite links.
import { ROLES, api, h, seg } from './api.js';

const dialog = () => document.getElementById('members');
let bound = false;

/** Opens the dialog for the book and fills it from GET /books/{b}/members. */
export async function openMembers({ token, bookId, me }) {
  const box = dialog();
  const tbody = box.querySelector('#member-table tbody');
  const message = box.querySelector('#members-message');
  const say = (text) => {
    message.hidden = !text;
    message.textContent = text || '';
  };

  async function refresh() {
    const answer = await api(token, 'GET', `/books/${seg(bookId)}/members`);
    if (!answer.ok) {
      say(answer.message);
      return;
    }
    tbody.replaceChildren(...answer.body.members.map((member) => {
      const select = h('select', { 'aria-label': `Role of ${member.displayName}`, className: 'member-role' },
        ROLES.map((role) => h('option', { value: role, selected: role === member.role }, role)));
      select.addEventListener('change', async () => {
        const changed = await api(token, 'PATCH', `/books/${seg(bookId)}/members/${seg(member.userId)}`, { role: select.value });
        say(changed.ok ? `${member.displayName} is now ${select.value === 'editor' || select.value === 'owner' ? 'an' : 'a'} ${select.value}.` : changed.message);
        refresh();
      });
      const self = me && member.userId === me.userId;
      const remove = h('button', { type: 'button', className: 'remove-member',
        'aria-label': self ? 'Leave this book' : `Remove ${member.displayName}` }, self ? 'Leave' : 'Remove');
      remove.addEventListener('click', async () => {
        const question = self ? 'Leave this book? You will lose access to it.' : `Remove ${member.displayName} from this book?`;
        if (!window.confirm(question)) return;
        const removed = await api(token, 'DELETE', `/books/${seg(bookId)}/members/${seg(member.userId)}`);
        if (removed.ok && self) {
          location.assign('/');
          return;
        }
        say(removed.ok ? `${member.displayName} was removed.` : removed.message);
        refresh();
      });
      return h('tr', { 'data-user': member.userId },
        h('td', {}, h('span', { className: 'member-name' }, member.displayName),
          member.userId === (me && me.userId) ? h('span', { className: 'muted' }, ' (you)') : null,
          h('div', { className: 'muted small' }, member.userId)),
        h('td', {}, select),
        h('td', {}, remove));
    }));
  }

  if (!bound) {
    bound = true;
    const form = box.querySelector('#invite-form');
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const answer = await api(token, 'POST', `/books/${seg(bookId)}/invites`, { role: form.role.value });
      if (!answer.ok) {
        say(answer.message);
        return;
      }
      box.querySelector('#invite-result').hidden = false;
      const url = box.querySelector('#invite-url');
      url.value = answer.body.url;
      url.focus();
      url.select();
      say(`Anyone with this link can join as ${answer.body.role === 'editor' || answer.body.role === 'owner' ? 'an' : 'a'} ${answer.body.role} for a week.`);
    });
    box.querySelector('#copy-invite').addEventListener('click', async () => {
      const url = box.querySelector('#invite-url');
      try {
        await navigator.clipboard.writeText(url.value);
        say('Copied.');
      } catch {
        url.select();
        say('Select the link and copy it (Ctrl+C).');
      }
    });
  }
  say('');
  box.querySelector('#invite-result').hidden = true;
  box.showModal();
  await refresh();
}
