import { hashKey, type CacheEvent, type Key } from '../../src/core'

// Builders of the cache's events, as `cache.on` would deliver them.
const base = (key: Key, at: number) => ({ key, hash: hashKey(key), at })

export const started = (
  key: Key,
  flightId: number,
  at: number,
  more: { background?: boolean; remote?: boolean } = {},
) =>
  ({
    ...base(key, at),
    type: 'started',
    flightId,
    background: false,
    remote: false,
    ...more,
  }) as const satisfies CacheEvent

export const joined = (key: Key, flightId: number, at: number) =>
  ({ ...base(key, at), type: 'joined', flightId }) as const satisfies CacheEvent

export const retried = (key: Key, flightId: number, at: number) =>
  ({
    ...base(key, at),
    type: 'retried',
    flightId,
    failures: 1,
    error: new Error('boom'),
    delay: 10,
  }) as const satisfies CacheEvent

export const settled = (key: Key, flightId: number, at: number, more: { ok?: boolean; remote?: boolean } = {}) =>
  ({
    ...base(key, at),
    type: 'settled',
    flightId,
    duration: 0,
    ok: true,
    remote: false,
    ...more,
  }) as const satisfies CacheEvent

export const aborted = (key: Key, flightId: number, at: number) =>
  ({
    ...base(key, at),
    type: 'aborted',
    flightId,
    duration: 0,
    reason: new Error('left'),
  }) as const satisfies CacheEvent

export const mutation = (key: Key, mutationId: number, at: number, phase: 'started' | 'settled', ok?: boolean) =>
  ({
    ...base(key, at),
    type: 'mutation',
    mutationId,
    phase,
    ...(ok === undefined ? {} : { ok }),
  }) as const satisfies CacheEvent

export const invalidated = (key: Key, at: number) =>
  ({ ...base(key, at), type: 'invalidated' }) as const satisfies CacheEvent

export const evicted = (key: Key, at: number, reason: 'gc' | 'lru' | 'removed') =>
  ({ ...base(key, at), type: 'evicted', reason }) as const satisfies CacheEvent
