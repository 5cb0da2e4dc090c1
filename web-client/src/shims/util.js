// Stands in for Node's 'util' in the browser bundle. sharedb's lib/util.js requires it at load time only to take
// util.inherits (used by its server-side streams), and fails to load without one.
export function inherits(constructor, superConstructor) {
  Object.setPrototypeOf(constructor.prototype, superConstructor.prototype);
  Object.defineProperty(constructor, 'super_', { value: superConstructor, writable: true, configurable: true });
}

export default { inherits };
