// Author colours. Each author has a preferred slot from a hash of their id, so the same person keeps the same
// colour from one chapter and one page load to the next; two authors of one chapter whose hashes meet take the next
// free slots, decided in id order so that every page gives the same answer for the same set of authors.

export const PALETTE = ['#1864ab', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#e67700', '#5f3dc4',
  '#a61e4d', '#364fc7', '#5c940d', '#9c36b5'];

function preferredSlot(userId) {
  let h = 0;
  for (let i = 0; i < userId.length; i++) h = (Math.imul(h, 31) + userId.charCodeAt(i)) | 0;
  return Math.abs(h) % PALETTE.length;
}

/** Map of author id -> palette slot for these authors (distinct while there are no more authors than slots). */
export function assignSlots(authorIds) {
  const slots = new Map();
  const taken = new Set();
  for (const id of [...new Set(authorIds)].sort()) {
    let slot = preferredSlot(id);
    for (let i = 0; i < PALETTE.length && taken.has(slot); i++) slot = (slot + 1) % PALETTE.length;
    taken.add(slot);
    slots.set(id, slot);
  }
  return slots;
}
