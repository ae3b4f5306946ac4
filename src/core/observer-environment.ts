import type { Cache, Environment } from './cache-types'

/**
 * Member: a mounted observer, as the environment hub of its cache sees it.
 *
 * @example
 * const member: Member = { _onEnvironment: (reason, handled) => {}, _onPoll: () => {} }
 */
export interface Member {
  /**
   * Revalidate after a focus or a reconnect if this member wants to
   * (`reason` is the option that says so). `handled` holds the key hashes a
   * load was already asked for during this event.
   */
  _onEnvironment(reason: 'revalidateOnFocus' | 'revalidateOnReconnect', handled: Set<string>): void
  /** Load the key now: a polling tick. */
  _onPoll(): void
}

/**
 * Hub: the focus, reconnect and polling sources shared by the observers of one cache.
 *
 * @example
 * hubOf(cache, environment).join(observer)
 */
export interface Hub {
  /** Adds a mounted member. */
  join(member: Member): void
  /** Removes a member, and its polling. */
  leave(member: Member): void
  /** Makes `member` poll key `hash` every `interval` ms (0 or no hash: stop). Fetches nothing by itself. */
  poll(member: Member, hash: string | undefined, interval: number): void
}

// The members polling one key; one timer per key at the shortest interval.
interface Poller {
  readonly intervals: Map<Member, number>
  interval: number
  timer: ReturnType<typeof setInterval> | undefined
}

const hubs = new WeakMap<Cache, Hub>()

/**
 * hubOf returns the hub of `cache`, made on first use. One environment
 * subscription per cache, held while at least one observer is mounted,
 * however many there are: a focus walks the mounted observers once, and a
 * key gets one load per event (an observer asks only while no other did for
 * its key). One polling timer per key, at the shortest interval of its
 * polling observers; a tick does nothing while hidden or offline; changing
 * an interval reschedules and loads nothing.
 *
 * @example
 * const hub = hubOf(cache, internalsOf(cache).environment)
 * hub.poll(observer, hashKey(key), 5_000)
 */
export const hubOf = (cache: Cache, environment: Environment): Hub => {
  let hub = hubs.get(cache)
  if (hub) return hub
  const members = new Set<Member>()
  const pollers = new Map<string, Poller>()
  const polled = new Map<Member, string>()
  let stopListening: (() => void) | undefined

  const notify = (reason: 'revalidateOnFocus' | 'revalidateOnReconnect'): void => {
    const handled = new Set<string>()
    for (const member of members) member._onEnvironment(reason, handled)
  }
  const onFocus = (): void => {
    // A focus while offline would only end in a failed load and an error flash.
    if (environment.isOnline()) notify('revalidateOnFocus')
  }
  const onReconnect = (): void => notify('revalidateOnReconnect')

  // The shortest interval among the key's members; a new timer only when it changed.
  const schedule = (hash: string, poller: Poller): void => {
    let shortest = 0
    for (const interval of poller.intervals.values()) if (!shortest || interval < shortest) shortest = interval
    if (shortest === poller.interval) return
    clearInterval(poller.timer)
    poller.interval = shortest
    poller.timer = undefined
    if (!shortest) return void pollers.delete(hash)
    poller.timer = setInterval(() => {
      if (!environment.isVisible() || !environment.isOnline()) return
      poller.intervals.keys().next().value?._onPoll()
    }, shortest)
    ;(poller.timer as { unref?: () => void }).unref?.()
  }

  hub = {
    join(member) {
      members.add(member)
      if (!stopListening) {
        const stopFocus = environment.onFocus(onFocus)
        const stopReconnect = environment.onReconnect(onReconnect)
        stopListening = () => (stopFocus(), stopReconnect())
      }
    },
    leave(member) {
      hub!.poll(member, undefined, 0)
      if (members.delete(member) && !members.size) {
        stopListening?.()
        stopListening = undefined
      }
    },
    poll(member, hash, interval) {
      const current = polled.get(member)
      if (current !== undefined) {
        const poller = pollers.get(current)!
        if (current === hash && interval > 0) {
          if (poller.intervals.get(member) === interval) return
          poller.intervals.set(member, interval)
          return schedule(current, poller)
        }
        polled.delete(member)
        poller.intervals.delete(member)
        schedule(current, poller)
      }
      if (hash === undefined || !(interval > 0)) return
      let poller = pollers.get(hash)
      if (!poller) pollers.set(hash, (poller = { intervals: new Map(), interval: 0, timer: undefined }))
      polled.set(member, hash)
      poller.intervals.set(member, interval)
      // Joining at an interval no shorter than the key's: no scan.
      if (!poller.interval || interval < poller.interval) schedule(hash, poller)
    },
  }
  hubs.set(cache, hub)
  return hub
}
