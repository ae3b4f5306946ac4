export { Group, type CallOptions, type FlightFn, type Settled } from './group'
export { hashKey, type Key } from './key'
export { createCache } from './cache'
export type {
  Cache,
  CacheEvent,
  CacheOptions,
  EntryInfo,
  Environment,
  Fetcher,
  FetchOptions,
  MutateOptions,
  Snapshot,
} from './cache-types'
export { dehydrate, hydrate, type DehydratedEntry, type DehydratedState } from './hydrate'
