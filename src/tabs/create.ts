import type { ChannelLike } from './hub'
import type { LocksLike } from './locks'
import { createTabGroupWith, localTabGroup, type TabGroup } from './tab-group'

/** TabGroupOptions: options of `createTabGroup`. */
export interface TabGroupOptions {
  /**
   * name: groups with the same name share flights across tabs; different names
   * never do, even for equal keys. Default `'default'`.
   */
  name?: string
}

/**
 * createTabGroup returns a group whose flights are shared by every tab of
 * the origin: the first tab asking for a key runs `fn` (it holds a Web Lock
 * named after the group and the key), tabs asking meanwhile receive its
 * result over a BroadcastChannel, and if the leading tab closes or crashes a
 * waiting tab runs `fn` itself. Where Web Locks or BroadcastChannel are
 * missing (Node, jsdom, old browsers, insecure http pages) it is an in-tab
 * Group and `crossTab` is false; where they exist but are denied (sandboxed
 * iframes, opaque origins: the lock manager throws a SecurityError) it
 * becomes one at the first flight, which runs `fn` in this tab. Values that
 * a structured clone would change (class instances, functions) are never
 * sent: this tab's callers get them as they are, other tabs run `fn`.
 *
 * @throws TypeError when `options` or `options.name` is not valid.
 * @example
 * import { createTabGroup } from 'oneflight/tabs'
 * const group = createTabGroup({ name: 'my-app' })
 * const me = await group.do('me', (signal) => fetch('/api/me', { signal }).then((r) => r.json()))
 */
export const createTabGroup = (options?: TabGroupOptions): TabGroup => {
  if (options != null && typeof options !== 'object') {
    throw new TypeError('oneflight/tabs: options must be an object')
  }
  const name = options?.name ?? 'default'
  if (typeof name !== 'string' || name === '') {
    throw new TypeError('oneflight/tabs: options.name must be a non-empty string')
  }
  // Read at call time, never at import: nothing runs when the module loads.
  const locks = (globalThis as { navigator?: { locks?: LocksLike } }).navigator?.locks
  const Channel = (globalThis as { BroadcastChannel?: new (name: string) => ChannelLike }).BroadcastChannel
  if (typeof locks?.request !== 'function' || typeof Channel !== 'function') return localTabGroup()
  return createTabGroupWith(name, { locks, openChannel: (channelName) => new Channel(channelName) })
}
