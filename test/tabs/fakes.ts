// In-memory stand-ins for one browser profile: a Web Locks manager with the
// spec's FIFO queue and shared/exclusive modes, and a BroadcastChannel bus
// that structured-clones like the browser and whose delivery a test can
// hold back, so a lock grant can overtake a message as it can in Chromium.
import type { ChannelLike, TabDeps } from '../../src/tabs/hub'
import type { LocksLike } from '../../src/tabs/locks'

interface Request {
  readonly client: number
  readonly name: string
  readonly mode: 'shared' | 'exclusive'
  readonly grant: () => void
}

/** FakeLocks: one origin's lock manager; `client(n)` is tab n's `navigator.locks`. */
export class FakeLocks {
  readonly #queues = new Map<string, Request[]>()
  readonly #held = new Map<string, Request[]>()
  readonly #dead = new Set<number>()

  client(client: number): LocksLike {
    return {
      request: (name, options, callback) =>
        new Promise((resolve, reject) => {
          if (this.#dead.has(client)) return
          const { signal, mode } = options
          if (signal?.aborted) return reject(signal.reason)
          const request: Request = {
            client,
            name,
            mode,
            grant: () => {
              signal?.removeEventListener('abort', onAbort)
              // The callback runs in a later task, as in browsers.
              queueMicrotask(() => {
                let done: Promise<unknown>
                try {
                  done = Promise.resolve(callback({ name, mode }))
                } catch (error) {
                  done = Promise.reject(error)
                }
                done.then(resolve, reject).finally(() => this.#release(request))
              })
            },
          }
          const onAbort = (): void => {
            const queue = this.#queues.get(name) ?? []
            const at = queue.indexOf(request)
            if (at < 0) return
            queue.splice(at, 1)
            reject(signal?.reason)
            this.#process(name)
          }
          signal?.addEventListener('abort', onAbort, { once: true })
          this.#queue(name).push(request)
          this.#process(name)
        }),
    }
  }

  /** crash drops every lock and queued request of `client`, as closing its tab does. */
  crash(client: number): void {
    this.#dead.add(client)
    for (const [name, held] of this.#held)
      this.#held.set(
        name,
        held.filter((r) => r.client !== client),
      )
    for (const [name, queue] of this.#queues)
      this.#queues.set(
        name,
        queue.filter((r) => r.client !== client),
      )
    for (const name of this.#held.keys()) this.#process(name)
  }

  /** holders lists the clients holding `name`, as `navigator.locks.query()` would. */
  holders(name: string): number[] {
    return (this.#held.get(name) ?? []).map((r) => r.client)
  }

  /** names of every lock held now. */
  heldNames(): string[] {
    return [...this.#held].filter(([, held]) => held.length > 0).map(([name]) => name)
  }

  #queue(name: string): Request[] {
    let queue = this.#queues.get(name)
    if (!queue) this.#queues.set(name, (queue = []))
    return queue
  }

  #release(request: Request): void {
    const held = this.#held.get(request.name) ?? []
    const at = held.indexOf(request)
    if (at < 0) return
    held.splice(at, 1)
    this.#process(request.name)
  }

  // The spec's "process the lock request queue": grant from the front while
  // grantable; a shared request waits behind a queued exclusive one.
  #process(name: string): void {
    const queue = this.#queue(name)
    let held = this.#held.get(name)
    if (!held) this.#held.set(name, (held = []))
    while (queue.length > 0) {
      const next = queue[0] as Request
      const grantable = next.mode === 'exclusive' ? held.length === 0 : held.every((r) => r.mode === 'shared')
      if (!grantable) break
      queue.shift()
      held.push(next)
      next.grant()
    }
  }
}

class FakeChannel implements ChannelLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null = null
  closed = false
  constructor(
    readonly bus: FakeBus,
    readonly client: number,
    readonly name: string,
  ) {}
  postMessage(message: unknown): void {
    if (this.closed) throw new DOMException('closed', 'InvalidStateError')
    this.bus.send(this, message)
  }
  close(): void {
    this.closed = true
    this.bus.channels.delete(this)
  }
}

/** FakeBus: the BroadcastChannels of one origin. Delivery is FIFO and can be held back. */
export class FakeBus {
  readonly channels = new Set<FakeChannel>()
  readonly #queue: Array<() => void> = []
  readonly #dead = new Set<number>()
  #held = false
  #scheduled = false
  /** Every message posted, in order, as received (cloned). */
  readonly log: unknown[] = []

  open(client: number, name: string): ChannelLike {
    const channel = new FakeChannel(this, client, name)
    if (!this.#dead.has(client)) this.channels.add(channel)
    return channel
  }

  send(from: FakeChannel, message: unknown): void {
    if (this.#dead.has(from.client)) return
    // Like BroadcastChannel: the clone happens at post time (and throws
    // DataCloneError there); the receivers are the channels open now.
    const data = structuredClone(message)
    this.log.push(data)
    for (const to of this.channels) {
      if (to === from || to.name !== from.name) continue
      this.#queue.push(() => {
        if (!to.closed && !this.#dead.has(to.client)) to.onmessage?.({ data: structuredClone(data) })
      })
    }
    this.#schedule()
  }

  /** hold keeps every message in transit until `release`. */
  hold(): void {
    this.#held = true
  }

  release(): void {
    this.#held = false
    this.#schedule()
  }

  get inTransit(): number {
    return this.#queue.length
  }

  crash(client: number): void {
    this.#dead.add(client)
  }

  #schedule(): void {
    if (this.#scheduled || this.#held) return
    this.#scheduled = true
    // setImmediate: a macrotask without setTimeout's 1 ms floor, and left
    // alone by fake timers that fake setTimeout only.
    setImmediate(() => {
      this.#scheduled = false
      while (!this.#held && this.#queue.length > 0) this.#queue.shift()?.()
    })
  }
}

/** World: one origin with tabs sharing FakeLocks and a FakeBus. */
export class World {
  readonly locks = new FakeLocks()
  readonly bus = new FakeBus()
  #next = 0

  /** deps for a new tab; `tab` numbers it for crash(). */
  deps(extra?: Partial<TabDeps>): TabDeps & { tab: number } {
    const tab = this.#next++
    return {
      tab,
      locks: this.locks.client(tab),
      openChannel: (name) => this.bus.open(tab, name),
      ...extra,
    }
  }

  /** crash closes tab `tab` at once: its locks go, its messages stop. */
  crash(tab: number): void {
    this.bus.crash(tab)
    this.locks.crash(tab)
  }
}

/**
 * deniedLocks is `navigator.locks` where Web Locks are denied (a sandboxed
 * iframe, an opaque origin): every request fails as `how` says, the way
 * Chromium rejects it with a SecurityError.
 */
export const deniedLocks = (how: 'reject' | 'throw' | 'never-grant' = 'reject'): LocksLike & { requests: number } => {
  const locks = {
    requests: 0,
    request(): Promise<unknown> {
      locks.requests++
      const error = new DOMException('The request was denied.', 'SecurityError')
      if (how === 'throw') throw error
      return how === 'reject' ? Promise.reject(error) : Promise.resolve(undefined)
    },
  }
  return locks
}
