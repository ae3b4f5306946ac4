import type { FlightFn } from '../core'
import { acquire, type LocksLike, type Release } from './locks'
import { survivesClone } from './clone'
import { decodeError, errorBodies, type Body, type Message } from './message'

// One tab's part in one cross-tab flight of one key. The protocol:
//
// 1. Every tab that wants the key takes the key's *wait lock* in shared mode,
//    then queues for its *lead lock* (exclusive). The tab granted the lead
//    lock is the leader: it gives its wait lock back, announces
//    `start f` (f a fresh flight id) and runs fn.
// 2. A waiting tab, once it holds the wait lock, says `hello n`; a leader that
//    has not posted its result yet answers `start f to n`. Only that answer
//    makes a waiting tab accept flight f's result: the answer is sent before
//    the result (one sender's messages arrive in order), and the hello went
//    out after the wait lock was granted. A leader that announces itself
//    without `to` gets a hello again, since ours may have gone out before it led.
// 3. The leader posts the result, then takes the wait lock *exclusively*
//    before it releases the lead lock. That lock is granted only once every
//    tab that held the wait lock has let go of it, and a waiting tab lets go
//    only when it has the result (or leads, or leaves). So no waiting tab can
//    be granted the lead lock before it has read the result: the
//    post-then-release race (in Chromium a lock grant can overtake a
//    channel message) cannot cause a second request. A tab that never answers
//    (frozen, hung) costs at most `drainMs`, after which the lead lock goes anyway.
// 4. A tab whose hello reached the leader after the result was posted called
//    after the flight settled: it gets no answer, ignores that result (giving
//    its wait lock back so the drain can finish), and leads a new flight.
// 5. The leader crashing or closing frees both its locks: the next waiting
//    tab is granted the lead lock and runs fn itself. Every caller in the
//    leading tab aborting does the same on purpose: fn is aborted, nothing is
//    posted, the lock passes on.
// 6. A value structured clone would change or cannot carry (class instances,
//    functions: see clone.ts) is not sent: the leader's callers get it as it
//    is, the leader posts `uncloneable f`, waiting tabs run fn on their own.
//    A rejection that cannot be cloned crosses as name + message.
// 7. The lock manager failing (a SecurityError where Web Locks are denied:
//    sandboxed iframes, opaque origins) or the channel failing to open ends
//    the cross-tab part: the flight runs fn in this tab, and the group works
//    in this tab only from then on. Nothing waits on a lock that never comes.

/** Link: what a TabFlight needs from its group (the hub: channel, locks, names). */
export interface Link {
  readonly locks: LocksLike
  readonly drainMs: number
  newId(): string
  leadLock(hash: string): string
  waitLock(hash: string): string
  subscribe(hash: string, flight: TabFlight): void
  unsubscribe(hash: string, flight: TabFlight): void
  /** post sends `body` for `hash`; it throws when structured clone fails. */
  post(hash: string, body: Body): void
  /** fallBack records that locks or the channel failed: the group stops trying to reach other tabs. */
  fallBack(error: unknown): void
}

/** Outcome: how a flight ended in this tab; `remote` when the value came from another tab. */
export interface Outcome {
  readonly value: unknown
  readonly remote: boolean
}

/** RemoteReason wraps a rejection received from another tab, so `settle` can report it as shared. */
export class RemoteReason {
  constructor(readonly reason: unknown) {}
}

// queued: waits for this tab's previous flight of the key to let go of its
// locks; waiting: holds or wants the wait lock, queued for the lead lock;
// leading: runs fn; draining: result posted, waiting tabs being drained;
// local: runs fn in this tab only (the leader's value could not be sent, or
// the locks or the channel failed).
type State = 'queued' | 'waiting' | 'leading' | 'draining' | 'local' | 'done'

const run = (fn: FlightFn<unknown>, signal: AbortSignal): Promise<unknown> => {
  try {
    return Promise.resolve(fn(signal))
  } catch (error) {
    return Promise.reject(error)
  }
}

/**
 * TabFlight runs one key's flight across tabs for the callers of one tab
 * (the in-tab Group in front of it joins them). `result` settles with this
 * tab's outcome; `finished` resolves once every lock is given back.
 *
 * @example
 * const flight = new TabFlight(hub, hashKey('me'), (signal) => fetch('/api/me', { signal }), signal, undefined)
 * const { value, remote } = await flight.result
 */
export class TabFlight {
  readonly result: Promise<Outcome>
  readonly finished: Promise<void>
  #state: State = 'queued'
  readonly #link: Link
  readonly #hash: string
  readonly #fn: FlightFn<unknown>
  readonly #signal: AbortSignal
  readonly #nonce: string
  // Flights whose leader answered our hello: the only results we accept.
  readonly #known = new Set<string>()
  // Flights whose leader announced itself while we waited. Such a leader took
  // the lead lock after the leaders of every flight we know: those are over.
  readonly #announced = new Set<string>()
  // Aborts our queued lock requests once they are not needed any more.
  readonly #stop = new AbortController()
  #wait: Release | undefined
  #lead: Release | undefined
  #queuedForLead = false
  #flight = ''
  #resolve!: (outcome: Outcome) => void
  #reject!: (reason: unknown) => void
  #finish!: () => void

  constructor(link: Link, hash: string, fn: FlightFn<unknown>, signal: AbortSignal, after: Promise<void> | undefined) {
    this.#link = link
    this.#hash = hash
    this.#fn = fn
    this.#signal = signal
    this.#nonce = link.newId()
    this.result = new Promise<Outcome>((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
    const own = new Promise<void>((resolve) => (this.#finish = resolve))
    // A flight that ends while still queued must not let the next one start
    // before the flight it was queued behind has let go of its locks.
    this.finished = after ? Promise.all([after, own]).then(() => undefined) : own
    signal.addEventListener('abort', this.#onAbort, { once: true })
    if (after) after.then(() => this.#begin())
    else this.#begin()
  }

  /** onMessage handles a validated message for this flight's key. */
  onMessage(m: Message): void {
    if (m.t === 'hello') {
      if (this.#state === 'leading') this.#send({ t: 'start', f: this.#flight, to: m.n })
      return
    }
    if (this.#state !== 'waiting') return
    if (m.t === 'start') {
      if (m.to === this.#nonce) this.#known.add(m.f)
      else if (m.to === undefined && !this.#known.has(m.f)) {
        this.#announced.add(m.f)
        if (this.#wait) this.#send({ t: 'hello', n: this.#nonce })
      }
      return
    }
    if (!this.#known.has(m.f)) {
      // A flight we never joined: hand the wait lock back so its leader's
      // drain is not held up by us, and queue for it again. Not while a
      // flight we joined may still post: its leader's drain must wait for us.
      if (this.#known.size === 0 || this.#announced.has(m.f)) this.#cycleWait()
      return
    }
    if (m.t === 'uncloneable') return this.#runLocal()
    this.#end('done')
    if (m.t === 'value') this.#resolve({ value: m.value, remote: true })
    else this.#reject(new RemoteReason(decodeError(m)))
  }

  #begin(): void {
    if (this.#state !== 'queued') return
    this.#state = 'waiting'
    try {
      this.#link.subscribe(this.#hash, this)
    } catch (error) {
      return this.#crossTabFailed(error)
    }
    this.#queueForWait()
  }

  #queueForWait(): void {
    acquire(this.#link.locks, this.#link.waitLock(this.#hash), 'shared', this.#stop.signal).then((release) => {
      if (!release) return
      if (this.#state !== 'waiting') return release()
      this.#wait = release
      this.#send({ t: 'hello', n: this.#nonce })
      if (!this.#queuedForLead) this.#queueForLead()
    }, this.#crossTabFailed)
  }

  #queueForLead(): void {
    this.#queuedForLead = true
    acquire(this.#link.locks, this.#link.leadLock(this.#hash), 'exclusive', this.#stop.signal).then((release) => {
      if (!release) return
      if (this.#state !== 'waiting') return release()
      this.#lead = release
      this.#becomeLeader()
    }, this.#crossTabFailed)
  }

  #cycleWait(): void {
    if (!this.#wait) return
    this.#wait()
    this.#wait = undefined
    this.#queueForWait()
  }

  #becomeLeader(): void {
    this.#state = 'leading'
    this.#stop.abort()
    this.#wait?.()
    this.#wait = undefined
    this.#flight = this.#link.newId()
    this.#send({ t: 'start', f: this.#flight })
    run(this.#fn, this.#signal).then(
      (value) => this.#publish(true, value),
      (reason) => this.#publish(false, reason),
    )
  }

  #publish(ok: boolean, outcome: unknown): void {
    // Every caller in this tab aborted meanwhile: the lock is gone, post nothing.
    if (this.#state !== 'leading') return
    this.#state = 'draining'
    const f = this.#flight
    if (!ok) {
      for (const body of errorBodies(f, outcome)) if (this.#send(body)) break
      this.#reject(outcome)
    } else {
      // Checked before posting: the clone would not throw for a class
      // instance, it would deliver a different value.
      if (!survivesClone(outcome) || !this.#send({ t: 'value', f, value: outcome })) this.#send({ t: 'uncloneable', f })
      this.#resolve({ value: outcome, remote: false })
    }
    this.#drain()
  }

  #drain(): void {
    const timeout = new AbortController()
    const timer = setTimeout(() => timeout.abort(), this.#link.drainMs)
    const finish = (release?: Release): void => {
      clearTimeout(timer)
      release?.()
      this.#end('done')
    }
    acquire(this.#link.locks, this.#link.waitLock(this.#hash), 'exclusive', timeout.signal).then(finish, () => finish())
  }

  #runLocal(): void {
    this.#end('local')
    run(this.#fn, this.#signal).then((value) => this.#resolve({ value, remote: false }), this.#reject)
  }

  // Locks or the channel failed: no tab can be reached, so this one does the work.
  #crossTabFailed = (error: unknown): void => {
    if (this.#state !== 'waiting') return
    this.#link.fallBack(error)
    this.#runLocal()
  }

  #onAbort = (): void => {
    if (this.#state !== 'queued' && this.#state !== 'waiting' && this.#state !== 'leading') return
    this.#end('done')
    this.#reject(this.#signal.reason)
  }

  // Gives every lock back and leaves the channel; the next flight of this key
  // in this tab may start.
  #end(next: State): void {
    this.#state = next
    this.#stop.abort()
    this.#wait?.()
    this.#lead?.()
    this.#wait = this.#lead = undefined
    this.#link.unsubscribe(this.#hash, this)
    this.#signal.removeEventListener('abort', this.#onAbort)
    this.#finish()
  }

  #send(body: Body): boolean {
    try {
      this.#link.post(this.#hash, body)
      return true
    } catch {
      return false
    }
  }
}
