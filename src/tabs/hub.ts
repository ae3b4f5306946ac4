import type { FlightFn } from '../core'
import { TabFlight, type Link, type Outcome } from './flight'
import type { LocksLike } from './locks'
import { PROTOCOL, parseMessage, type Body } from './message'

/** ChannelLike: the part of `BroadcastChannel` the tab group uses. */
export interface ChannelLike {
  postMessage(message: unknown): void
  close(): void
  onmessage: ((event: { readonly data: unknown }) => void) | null
}

/** TabDeps: what a cross-tab group runs on; tests pass fakes, browsers the real APIs. */
export interface TabDeps {
  readonly locks: LocksLike
  readonly openChannel: (name: string) => ChannelLike
  /** How long a finished leader waits for waiting tabs to take its result before it lets the lock go. */
  readonly drainMs?: number
  /** Flight ids and hello nonces; random by default. */
  readonly newId?: () => string
}

const runInTab = (fn: FlightFn<unknown>, signal: AbortSignal): Promise<Outcome> => {
  try {
    return Promise.resolve(fn(signal)).then((value) => ({ value, remote: false }))
  } catch (error) {
    return Promise.reject(error)
  }
}

const randomId = (): string => Math.random().toString(36).slice(2, 12) + Date.now().toString(36)

/**
 * Hub is one tab's end of a group: it names the locks, owns the channel
 * (open only while a flight of this group runs in this tab), routes each
 * validated message to the flight of its key, and keeps the flights of one
 * key in this tab one after the other.
 *
 * @example
 * const hub = new Hub('app', { locks: navigator.locks, openChannel: (name) => new BroadcastChannel(name) })
 * const { value } = await hub.fly(hashKey('me'), (signal) => fetch('/api/me', { signal }), signal)
 */
export class Hub implements Link {
  readonly locks: LocksLike
  readonly drainMs: number
  readonly newId: () => string
  readonly #name: string
  // encodeURIComponent leaves no ':' in the name, so the first ':' after it
  // ends it and no name/key pair can spell another pair's lock name.
  readonly #prefix: string
  readonly #open: (name: string) => ChannelLike
  readonly #flights = new Map<string, TabFlight>()
  // The `finished` of the newest flight of each key in this tab.
  readonly #tails = new Map<string, Promise<void>>()
  #channel: ChannelLike | undefined
  // Set once locks or the channel failed: every later flight stays in this tab.
  #inTabOnly = false

  constructor(name: string, deps: TabDeps) {
    this.#name = name
    this.#prefix = encodeURIComponent(name)
    this.locks = deps.locks
    this.#open = deps.openChannel
    this.drainMs = deps.drainMs ?? 3000
    this.newId = deps.newId ?? randomId
  }

  /**
   * fly runs the cross-tab flight of key `hash` for this tab. A new flight
   * of a key starts only once this tab's previous one (forgotten, or left by
   * aborting callers) has given its locks back: one tab never waits on itself.
   */
  fly(hash: string, fn: FlightFn<unknown>, signal: AbortSignal): Promise<Outcome> {
    if (this.#inTabOnly) return runInTab(fn, signal)
    const flight = new TabFlight(this, hash, fn, signal, this.#tails.get(hash))
    const tail = flight.finished
    this.#tails.set(hash, tail)
    tail.then(() => {
      if (this.#tails.get(hash) === tail) this.#tails.delete(hash)
    })
    return flight.result
  }

  /** crossTab: false once locks or the channel have failed and flights stay in this tab. */
  get crossTab(): boolean {
    return !this.#inTabOnly
  }

  fallBack(): void {
    this.#inTabOnly = true
  }

  leadLock(hash: string): string {
    return `oneflight:${this.#prefix}:${hash}`
  }

  waitLock(hash: string): string {
    return `oneflight-wait:${this.#prefix}:${hash}`
  }

  subscribe(hash: string, flight: TabFlight): void {
    this.#flights.set(hash, flight)
    this.#channel ??= this.#connect()
  }

  unsubscribe(hash: string, flight: TabFlight): void {
    if (this.#flights.get(hash) !== flight) return
    this.#flights.delete(hash)
    if (this.#flights.size > 0 || !this.#channel) return
    // An open BroadcastChannel keeps a Node process alive and costs the browser
    // a delivery per message: close it while nothing listens.
    this.#channel.onmessage = null
    this.#channel.close()
    this.#channel = undefined
  }

  post(hash: string, body: Body): void {
    this.#channel?.postMessage({ p: PROTOCOL, g: this.#name, h: hash, ...body })
  }

  #connect(): ChannelLike {
    const channel = this.#open(`oneflight:${this.#prefix}`)
    channel.onmessage = (event) => {
      // Whatever arrives, this tab keeps running: malformed messages are
      // dropped by parseMessage, and nothing a message does may throw here.
      try {
        const message = parseMessage(event.data, this.#name)
        if (message) this.#flights.get(message.h)?.onMessage(message)
      } catch {
        // Ignored on purpose; see above.
      }
    }
    return channel
  }
}
