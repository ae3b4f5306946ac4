import { vi } from 'vitest'
import { fail } from './fail'
import { settleLoad } from './rules'
import { name, step, type Command } from './step'
import type { Subscriber } from './types'
import { observeEntry } from './verify'
import { KEYS, type World } from './world'

// Subscribers, clear, time, and the loads' answers and callers' aborts.
// Commands that pick a load, caller or subscriber take an index modulo the
// live ones, so shrinking keeps them meaningful.

/** The loads a command may answer: not answered yet (an aborted load may still answer late). */
const open = (world: World) => world.loads.filter((load) => !load.answered)
const waiting = (world: World) =>
  world.callers.filter((caller) => caller.controller && !caller.left && caller.load && !caller.expected)
const active = (world: World) => world.subscribers.filter((subscriber) => subscriber.active)

const subscribe = (world: World, key: number): void => {
  const subscriber: Subscriber = { id: world.subscribers.length, key, active: true, seen: undefined, unsubscribe() {} }
  subscriber.unsubscribe = world.cache.subscribe(world.handKey(key), () => {
    subscriber.seen = world.cache.get(world.handKey(key))
  })
  subscriber.seen = world.cache.get(world.handKey(key))
  world.subscribers.push(subscriber)
  world.ensure(key)
}

export class SubscribeCommand implements Command {
  constructor(readonly key: number) {}
  check = () => true
  async run(world: World): Promise<void> {
    subscribe(world, this.key)
    await step(world)
  }
  toString = () => `subscribe(${name(this.key)})`
}

/** Unsubscribes one subscriber; `again`: subscribes the same key in the same task (StrictMode's unmount-remount). */
export class UnsubscribeCommand implements Command {
  constructor(
    readonly index: number,
    readonly again: boolean,
  ) {}
  check = (world: World) => active(world).length > 0
  async run(world: World): Promise<void> {
    const list = active(world)
    const subscriber = list[this.index % list.length]!
    subscriber.active = false
    subscriber.unsubscribe()
    world.keys[subscriber.key]!.lastTouched = world.time
    if (this.again) {
      // The entry may leave (LRU) in between, if only the cache's own loads kept it.
      observeEntry(world, subscriber.key, true)
      subscribe(world, subscriber.key)
    }
    await step(world)
  }
  toString = () => `${this.again ? 'resubscribe' : 'unsubscribe'}(#${this.index})`
}

export class ClearCommand implements Command {
  check = (world: World) => world.mutations.every((mutation) => mutation.state !== 'running')
  async run(world: World): Promise<void> {
    world.cache.clear()
    // Observed keys get new entries, re-inserted in their old LRU order.
    const order = world.keys.map((model, key) => ({ model, key })).sort((a, b) => a.model.lastUsed - b.model.lastUsed)
    order.forEach(({ model, key }) => {
      const observed = world.subscriberCount(key) > 0
      world.reset(key, observed, observed && model.fetcherKnown !== 'no' ? 'maybe' : 'no')
    })
    for (const load of world.loads) {
      load.joinable = false
      world.leaveCache(load)
    }
    await step(world)
  }
  toString = () => 'clear()'
}

/** Time passes on the cache's clock and its (fake) timers alike. */
export class AdvanceCommand implements Command {
  constructor(readonly ms: number) {}
  check = () => true
  async run(world: World): Promise<void> {
    world.time += this.ms
    world.advancing = true
    vi.advanceTimersByTime(this.ms)
    await step(world)
    world.advancing = false
  }
  toString = () => `advance(${this.ms})`
}

/** Answers a load; `equal`: with a deep copy of the data held, which must then keep its reference (structural sharing). */
export class SettleCommand implements Command {
  constructor(
    readonly index: number,
    readonly ok: boolean,
    readonly equal = false,
  ) {}
  check = (world: World) => open(world).length > 0
  async run(world: World): Promise<void> {
    const list = open(world)
    const load = list[this.index % list.length]!
    const model = world.keys[load.key]!
    const held = world.cache.get(KEYS[load.key]!)?.data
    const sharing = this.equal && this.ok && typeof model.data === 'object' && world.mutating(load.key).length === 0
    settleLoad(world, load, this.ok, sharing ? structuredClone(model.data) : undefined)
    await step(world, () => {
      // (Unless the entry left meanwhile: landed idle over the LRU bound.)
      const entry = world.cache.get(KEYS[load.key]!)
      const landed = model === world.keys[load.key] && model.writtenSequence === load.sequence
      if (sharing && landed && entry && entry.data !== held)
        fail('an equal answer keeps the reference', `load #${load.id} of ${name(load.key)} replaced equal data`)
    })
  }
  toString = () => `${this.ok ? 'resolve' : 'reject'}(open load #${this.index}${this.equal ? ', equal data' : ''})`
}

export class AbortCommand implements Command {
  constructor(readonly index: number) {}
  check = (world: World) => waiting(world).length > 0
  async run(world: World): Promise<void> {
    const list = waiting(world)
    const caller = list[this.index % list.length]!
    caller.left = true
    const reason = { abortedCaller: caller.id }
    caller.expected = { ok: false, value: reason }
    world.keys[caller.key]!.lastTouched = world.time
    caller.controller!.abort(reason)
    await step(world)
  }
  toString = () => `abort(waiting caller #${this.index})`
}
