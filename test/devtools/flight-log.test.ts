import { describe, expect, test } from 'vitest'
import { createFlightLog, MAX_JOIN_TIMES } from '../../src/devtools/flight-log'
import { aborted, evicted, invalidated, joined, mutation, retried, settled, started } from './events'

const USER = ['user', 1] as const

describe('createFlightLog', () => {
  test('a load with three joins is one span that served four callers and ended ok', () => {
    const log = createFlightLog()
    log.record(started(USER, 1, 100))
    for (const at of [101, 102, 103]) log.record(joined(USER, 1, at))
    log.record(settled(USER, 1, 400))
    expect(log.spans()).toHaveLength(1)
    expect(log.spans()[0]).toMatchObject({ kind: 'load', id: 1, start: 100, end: 400, outcome: 'ok', joins: 3 })
    expect(log.spans()[0]?.joinTimes).toEqual([101, 102, 103])
  })

  test('a failed load ends in error, an abandoned one as aborted, and retries are kept on their span', () => {
    const log = createFlightLog()
    log.record(started(USER, 1, 0))
    log.record(retried(USER, 1, 50))
    log.record(settled(USER, 1, 90, { ok: false }))
    log.record(started(USER, 2, 100))
    log.record(aborted(USER, 2, 120))
    expect(log.spans().map((span) => [span.outcome, span.retries])).toEqual([
      ['error', [50]],
      ['aborted', []],
    ])
  })

  test('a load served by another tab is remote; one this tab took over is not, once it settles here', () => {
    const log = createFlightLog()
    log.record(started('/a', 1, 0, { remote: true }))
    log.record(settled('/a', 1, 10, { remote: true }))
    log.record(started('/b', 2, 0, { remote: true }))
    expect(log.spans()[1]?.remote).toBe(true)
    log.record(settled('/b', 2, 20, { remote: false }))
    expect(log.spans().map((span) => span.remote)).toEqual([true, false])
  })

  test('a started event told again for a running flight updates where it runs, and makes no second span', () => {
    const log = createFlightLog()
    log.record(started('/a', 1, 0, { remote: true }))
    log.record(started('/a', 1, 30, { remote: false }))
    expect(log.spans()).toHaveLength(1)
    expect(log.spans()[0]).toMatchObject({ start: 0, remote: false })
  })

  test('mutations are spans of their own kind, numbered apart from loads', () => {
    const log = createFlightLog()
    log.record(started(USER, 1, 0))
    log.record(mutation(USER, 1, 5, 'started'))
    log.record(mutation(USER, 2, 6, 'started'))
    log.record(mutation(USER, 1, 50, 'settled', true))
    log.record(mutation(USER, 2, 60, 'settled', false))
    log.record(settled(USER, 1, 70))
    expect(log.spans().map((span) => [span.kind, span.id, span.outcome, span.end])).toEqual([
      ['load', 1, 'ok', 70],
      ['mutation', 1, 'ok', 50],
      ['mutation', 2, 'error', 60],
    ])
  })

  test('invalidations and dropped entries are marks with their reason', () => {
    const log = createFlightLog()
    log.record(invalidated(USER, 10))
    log.record(evicted(USER, 20, 'removed'))
    expect(log.marks()).toMatchObject([
      { kind: 'invalidated', at: 10 },
      { kind: 'evicted', at: 20, reason: 'removed' },
    ])
  })

  test('events of a flight it never saw start are ignored', () => {
    const log = createFlightLog()
    log.record(joined(USER, 7, 1))
    log.record(retried(USER, 7, 2))
    log.record(settled(USER, 7, 3))
    expect(log.spans()).toEqual([])
  })

  test('it keeps at most about maxSpans spans, dropping the oldest ended ones and never a running one', () => {
    const log = createFlightLog({ maxSpans: 8 })
    log.record(started('/running', 1, 0))
    for (let id = 2; id <= 40; id++) {
      log.record(started('/done', id, id))
      log.record(settled('/done', id, id + 0.5))
    }
    const spans = log.spans()
    expect(spans.length).toBeLessThanOrEqual(10)
    expect(spans[0]).toMatchObject({ id: 1, end: undefined })
    expect(spans[spans.length - 1]?.id).toBe(40)
  })

  test('join times are capped for drawing while the join count stays exact', () => {
    const log = createFlightLog()
    log.record(started(USER, 1, 0))
    for (let i = 0; i < MAX_JOIN_TIMES + 100; i++) log.record(joined(USER, 1, i))
    expect(log.spans()[0]?.joins).toBe(MAX_JOIN_TIMES + 100)
    expect(log.spans()[0]?.joinTimes).toHaveLength(MAX_JOIN_TIMES)
  })

  test('version grows with every event, and clear empties the log', () => {
    const log = createFlightLog()
    const before = log.version
    log.record(started(USER, 1, 0))
    log.record(invalidated(USER, 1))
    expect(log.version).toBe(before + 2)
    log.clear()
    expect([log.spans(), log.marks()]).toEqual([[], []])
    log.record(joined(USER, 1, 2))
    expect(log.spans()).toEqual([])
  })
})
