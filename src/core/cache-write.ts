import { reportLater, type Entry } from './cache-entry'
import type { Snapshot } from './cache-types'

/**
 * SnapshotChanges: the fields a write changes; the others keep their value.
 * `failed` true makes the status 'error', false clears it.
 *
 * @example
 * publish(entry, { data: layered(entry), failed: false, error: undefined, updatedAt: now() })
 */
export interface SnapshotChanges {
  data?: unknown
  error?: unknown
  failed?: boolean
  updatedAt?: number
}

/**
 * layered returns what the entry shows: its base data with every running
 * mutation's optimistic edit applied in start order. An edit that throws on
 * a later base is skipped and its error reported, so one faulty edit cannot
 * hide the others or the server's data.
 *
 * @example
 * entry._base = user
 * publish(entry, { data: layered(entry) })
 */
export const layered = (entry: Entry): unknown => {
  let data = entry._base
  for (const layer of entry._layers) {
    if (!layer._apply) continue
    try {
      data = layer._apply(data)
    } catch (error) {
      reportLater(error)
    }
  }
  return data
}

/**
 * publish sets the entry's snapshot to its current fields with `changes`
 * applied, derives `isFetching` from the load counters and the status from
 * the rest, and, only if a field really changed, freezes a new snapshot and
 * notifies the subscribers. Status: 'error' while the last load failed,
 * else 'success' once there is data (or a write), else 'pending' while a
 * load runs, else 'idle'. The first data releases whoever waits for it.
 *
 * @example
 * entry._busy++
 * publish(entry)
 */
export const publish = (entry: Entry, changes: SnapshotChanges = {}): void => {
  if (entry._removed) return
  const previous = entry._snapshot
  const data = 'data' in changes ? changes.data : previous.data
  const error = 'error' in changes ? changes.error : previous.error
  const updatedAt = changes.updatedAt ?? previous.updatedAt
  const isFetching = entry._busy > 0
  const failed = changes.failed ?? previous.status === 'error'
  const status: Snapshot<unknown>['status'] = failed
    ? 'error'
    : data !== undefined || updatedAt > 0
      ? 'success'
      : isFetching
        ? 'pending'
        : 'idle'
  if (
    !Object.is(data, previous.data) ||
    !Object.is(error, previous.error) ||
    updatedAt !== previous.updatedAt ||
    status !== previous.status ||
    isFetching !== previous.isFetching
  ) {
    entry._snapshot = Object.freeze({ data, error, updatedAt, status, isFetching })
    for (const listener of entry._listeners) listener()
  }
  const waiting = entry._firstData
  if (waiting && data !== undefined) {
    entry._firstData = undefined
    waiting._resolve(data)
  }
}
