export { Group, type CallOptions, type FlightFn, type Settled } from './group'
export { hashKey, type Key } from './key'
