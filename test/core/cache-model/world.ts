import { vi } from 'vitest'
import { createCache, hashKey, type Cache, type Fetcher, type Key } from '../../../src/core'
import { deferred } from '../../deferred'
import { fail, flush, PropertyFailure } from './fail'
import type { Caller, EventLog, KeyModel, Load, Mutation, Settings, Subscriber } from './types'

// The world of one model run: the real cache, a clock it reads, every load
// its fetcher started (each one a deferred a command settles), every fetch
// caller, mutation and subscriber, and the reference model of each key: what
// DESIGN says the entry must hold. Commands act on both; verify compares them
// after every step; rules.ts holds what the model says each event does.

/** KEYS: the small key space: two strings and a structured key. */
export const KEYS: readonly Key[] = ['a', 'b', ['c', { page: 1 }]]
const hashes = KEYS.map((key) => hashKey(key))

/** ANY_REASON: an expected rejection whose reason the model does not fix (the cache's own abort). */
export const ANY_REASON = Symbol('any reason')

/** Features: parts of the cache's API the model drives (all of them once the cache has them). */
export interface Features {
  perCallStaleTime: boolean
  remove: boolean
  inspect: boolean
  mutate: boolean
  internals: boolean
  events: boolean
}

export class World {
  readonly cache: Cache
  time = 1000
  sequence = 0
  /** Counts uses of entries, for the LRU order. */
  uses = 0
  /** Time is advancing this step: entries leave by gc, never by the LRU bound. */
  advancing = false
  readonly keys: KeyModel[]
  readonly loads: Load[] = []
  readonly callers: Caller[] = []
  readonly mutations: Mutation[] = []
  readonly subscribers: Subscriber[] = []
  /** The fetch call running now (or the firstData waiting for its load): a load its fetcher starts belongs to it, else to the cache itself. */
  during: Caller | undefined
  /** Keys whose entry a command may have created outside the model's rules. */
  readonly mayAppear = new Set<number>()
  /** The key objects handed to the cache this step: their caller changes them afterwards. */
  readonly handed: Key[][] = []
  /** A failure found where the cache would swallow it (inside a fetcher). */
  problem: PropertyFailure | undefined
  readonly eventLog: EventLog = { events: [], read: 0, started: new Set(), ended: new Map() }

  constructor(
    readonly settings: Settings,
    readonly features: Features,
  ) {
    this.keys = KEYS.map(() => this.blank(0, false))
    this.cache = createCache({ ...settings, jitter: 0, random: () => 0.5, now: () => this.time })
    if (features.events) this.cache.on((event) => void this.eventLog.events.push(event))
  }

  blank(generation: number, exists: boolean): KeyModel {
    return {
      exists,
      generation,
      kind: 'none',
      data: undefined,
      error: undefined,
      updatedAt: 0,
      writtenSequence: 0,
      freshFrom: undefined,
      invalidatedSequence: 0,
      fetcherKnown: 'no',
      becameIdleAt: this.time,
      wasIdle: false,
      lastTouched: this.time,
      lastUsed: ++this.uses,
    }
  }

  /** The key's entry is dropped (and, if `exists`, replaced by an empty one). */
  reset(key: number, exists: boolean, fetcherKnown: KeyModel['fetcherKnown'] = 'no'): void {
    this.keys[key] = { ...this.blank(this.keys[key]!.generation + 1, exists), fetcherKnown }
  }

  /** Makes the key's entry if the model has none (fetch, set, subscribe, mutate). */
  ensure(key: number): KeyModel {
    if (!this.keys[key]!.exists) this.reset(key, true)
    const model = this.keys[key]!
    model.lastTouched = this.time
    model.lastUsed = ++this.uses
    return model
  }

  /** Reports a failure found inside a call of the cache. */
  reportProblem(): void {
    if (this.problem) throw this.problem
  }

  /** handKey: a fresh copy of the key for one call, changed after the step (the cache must keep its own). */
  handKey(key: number): Key {
    const copy = structuredClone(KEYS[key]!)
    if (Array.isArray(copy)) this.handed.push(copy as Key[])
    return copy
  }

  scrambleKeys(): void {
    for (const key of this.handed.splice(0)) {
      key.push('changed by its caller')
      ;(key[1] as { page: number }).page = 99
    }
  }

  readonly fetcher: Fetcher<unknown> = (key, { signal }) => {
    const index = hashes.indexOf(hashKey(key))
    if (index < 0) {
      // Thrown inside the cache, which would swallow it: kept for the step to report.
      this.problem ??= new PropertyFailure(`the cache owns its keys: the fetcher got ${JSON.stringify(key)}`)
      throw this.problem
    }
    const caller = this.during?.key === index ? this.during : undefined
    const load: Load = {
      id: this.loads.length,
      key: index,
      generation: this.keys[index]!.generation,
      sequence: ++this.sequence,
      signal,
      answer: deferred(),
      answered: false,
      state: 'running',
      ok: undefined,
      callers: caller ? [caller] : [],
      cacheCaller: caller ? 'none' : 'present',
      observed: this.subscriberCount(index) > 0,
      joinable: true,
    }
    if (caller) caller.load = load
    this.loads.push(load)
    return load.answer.promise
  }

  /** The cache's own callers of `load` leave (superseded, last subscriber gone, entry dropped): their promises reject. */
  leaveCache(load: Load): void {
    if (load.cacheCaller !== 'present') return
    load.cacheCaller = 'gone'
    for (const caller of load.callers) {
      if (!caller.cache || caller.left || caller.expected) continue
      caller.left = true
      caller.expected = { ok: false, value: ANY_REASON }
    }
  }

  running(key: number): Load[] {
    const generation = this.keys[key]!.generation
    return this.loads.filter((l) => l.key === key && l.generation === generation && l.state === 'running')
  }

  /** The key's running mutations, in start order. */
  mutating(key: number): Mutation[] {
    const generation = this.keys[key]!.generation
    return this.mutations.filter((m) => m.key === key && m.generation === generation && m.state === 'running')
  }

  subscriberCount(key: number): number {
    return this.subscribers.filter((s) => s.active && s.key === key).length
  }

  idle(key: number): boolean {
    return this.subscriberCount(key) === 0 && this.running(key).length === 0 && this.mutating(key).length === 0
  }

  joinable(key: number): Load | undefined {
    return this.loads.find((l) => l.key === key && l.joinable && l.state === 'running')
  }

  /** Whether `fetch(key, fetcher, { staleTime })` must answer from the entry without loading. */
  isFresh(key: number, staleTime?: number): boolean {
    return this.time < this.staleAt(key, staleTime)
  }

  /** When the entry's data turns stale: -Infinity when it is stale already (or never was fresh). */
  staleAt(key: number, staleTime = this.settings.staleTime): number {
    const model = this.keys[key]!
    const from = model.freshFrom
    if (!model.exists || !from || from.sequence <= model.invalidatedSequence) return -Infinity
    return from.at + staleTime
  }

  whyStale(key: number, staleTime?: number): string {
    const model = this.keys[key]!
    const from = model.freshFrom
    if (!model.exists) return 'the model has no entry'
    if (!from) return model.kind === 'error' ? 'the last load failed' : 'nothing was written'
    if (from.sequence <= model.invalidatedSequence)
      return `invalidated (at sequence ${model.invalidatedSequence}) after the write (sequence ${from.sequence}) started`
    return `written at ${from.at}, staleTime ${staleTime ?? this.settings.staleTime}, now ${this.time}`
  }

  /** The data a reader sees: the base with every running mutation's optimistic layer, in start order. */
  visible(key: number): unknown {
    let data = this.keys[key]!.data
    for (const mutation of this.mutating(key)) if (mutation.optimistic) data = { optimistic: mutation.id, over: data }
    return data
  }

  /** Records how a fetch or mutate promise settles. */
  watch(record: { outcome: unknown }, promise: Promise<unknown>): void {
    promise.then(
      (value) => void (record.outcome = { ok: true, value }),
      (value: unknown) => void (record.outcome = { ok: false, value }),
    )
  }

  /** Every load and action answered, every promise must then have settled: nothing hangs. */
  async drain(answer: (world: World) => Promise<void>, verify: (world: World) => void): Promise<void> {
    // An answer may start a reload (a mutation's revalidate): a few rounds, bounded.
    for (let round = 0; round < 5 && [...this.loads, ...this.mutations].some((x) => !x.answered); round++)
      await answer(this)
    await flush()
    verify(this)
    for (const caller of this.callers) if (!caller.outcome) fail('every promise settles', `fetch #${caller.id} hangs`)
    for (const mutation of this.mutations)
      if (!mutation.outcome) fail('every promise settles', `mutation #${mutation.id} hangs`)
  }

  dispose(): void {
    for (const subscriber of this.subscribers) if (subscriber.active) subscriber.unsubscribe()
    this.cache.clear()
    vi.clearAllTimers()
  }
}
