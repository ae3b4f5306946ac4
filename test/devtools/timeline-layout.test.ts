import { describe, expect, test } from 'vitest'
import { createFlightLog } from '../../src/devtools/flight-log'
import { laneMarkup, laneSignature } from '../../src/devtools/render-timeline'
import { layoutTimeline } from '../../src/devtools/timeline-layout'
import { evicted, invalidated, joined, mutation, settled, started } from './events'
import type { CacheEvent } from '../../src/core'

const logOf = (events: CacheEvent[]) => {
  const log = createFlightLog()
  for (const event of events) log.record(event)
  return log
}

describe('layoutTimeline', () => {
  test('spans of one key share a lane; overlapping ones take separate rows, later ones reuse a free row', () => {
    const log = logOf([
      started('/a', 1, 0),
      started('/a', 2, 10),
      settled('/a', 1, 20),
      settled('/a', 2, 30),
      started('/a', 3, 40),
      settled('/a', 3, 50),
      started('/b', 4, 5),
    ])
    const { lanes } = layoutTimeline(log.spans(), log.marks(), { from: 0, now: 60 })
    expect(lanes.map((lane) => lane.keyText)).toEqual(['/a', '/b'])
    expect(lanes[0]?.spans.map(({ span, row }) => [span.id, row])).toEqual([
      [1, 0],
      [2, 1],
      [3, 0],
    ])
    expect(lanes[0]?.rows).toBe(2)
  })

  test('a lane counts its loads and every caller they served: the starter and each join', () => {
    const log = logOf([
      started('/a', 1, 0),
      joined('/a', 1, 1),
      joined('/a', 1, 2),
      settled('/a', 1, 3),
      started('/a', 2, 4),
    ])
    expect(layoutTimeline(log.spans(), log.marks(), { from: 0, now: 10 }).lanes[0]).toMatchObject({
      loads: 2,
      callers: 4,
    })
  })

  test('spans that ended before the window are not shown, but still hold their row so bars do not jump', () => {
    const log = logOf([started('/a', 1, 0), started('/a', 2, 5), settled('/a', 1, 10), settled('/a', 2, 200)])
    const { lanes } = layoutTimeline(log.spans(), log.marks(), { from: 100, now: 300 })
    expect(lanes[0]?.spans.map(({ span, row }) => [span.id, row])).toEqual([[2, 1]])
  })

  test('mutations get rows of the lane and marks fall into their key’s lane; marks out of the window do not', () => {
    const log = logOf([
      started('/a', 1, 0),
      mutation('/a', 1, 1, 'started'),
      invalidated('/a', 2),
      evicted('/a', -50, 'gc'),
      invalidated('/c', 3),
    ])
    const { lanes } = layoutTimeline(log.spans(), log.marks(), { from: 0, now: 10 })
    expect(lanes.map((lane) => [lane.keyText, lane.spans.length, lane.marks.map((mark) => mark.kind)])).toEqual([
      ['/a', 2, ['invalidated']],
      ['/c', 0, ['invalidated']],
    ])
    expect(lanes[0]?.loads).toBe(1)
  })

  test('with more active keys than maxLanes, the first keys seen in the window keep their lanes and the rest are counted', () => {
    const events: CacheEvent[] = []
    for (let id = 1; id <= 10; id++) events.push(started(`/k${id}`, id, id), settled(`/k${id}`, id, id * 10))
    const log = logOf(events)
    const { lanes, hiddenLanes } = layoutTimeline(log.spans(), log.marks(), { from: 25, now: 200, maxLanes: 3 })
    // /k1 and /k2 ended before the window: /k3 is the first key seen in it.
    expect(lanes.map((lane) => lane.keyText)).toEqual(['/k3', '/k4', '/k5'])
    expect(hiddenLanes).toBe(5)
  })
})

describe('laneMarkup and laneSignature', () => {
  const scale = { origin: 0, pxPerMs: 1 }

  test('every bar says its key, outcome, callers and which tab ran it; keys are escaped', () => {
    const log = logOf([
      started('<a&"b>', 1, 0, { remote: true }),
      joined('<a&"b>', 1, 1),
      settled('<a&"b>', 1, 5, { remote: true }),
    ])
    const [lane] = layoutTimeline(log.spans(), log.marks(), { from: 0, now: 10 }).lanes
    const markup = laneMarkup(lane!, scale)
    expect(markup).toContain(
      'data-testid="flight" data-key="&lt;a&amp;&quot;b&gt;" data-outcome="ok" data-callers="2" data-joins="1" data-source="another-tab"',
    )
    expect(markup).not.toContain('<a&')
  })

  test('a lane’s signature changes with its flights, not with the passing of time', () => {
    const log = logOf([started('/a', 1, 0)])
    const signature = (now: number) =>
      laneSignature(layoutTimeline(log.spans(), log.marks(), { from: now - 10_000, now }).lanes[0]!, scale)
    const before = signature(10)
    expect(signature(500)).toBe(before)
    log.record(joined('/a', 1, 600))
    expect(signature(700)).not.toBe(before)
  })
})
