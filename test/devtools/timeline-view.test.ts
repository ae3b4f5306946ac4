// @vitest-environment jsdom
import { describe, expect, test } from 'vitest'
import type { CacheEvent } from '../../src/core'
import { createFlightLog } from '../../src/devtools/flight-log'
import { layoutTimeline } from '../../src/devtools/timeline-layout'
import { createTimelineView } from '../../src/devtools/timeline-view'
import { joined, settled, started } from './events'

const setup = () => {
  const log = createFlightLog()
  const view = createTimelineView(document)
  const draw = (now: number) =>
    view.update(layoutTimeline(log.spans(), log.marks(), { from: now - 10_000, now }), now, 600)
  const record = (...events: CacheEvent[]) => events.forEach(log.record)
  const lane = (key: string) => view.element.querySelector(`[data-testid="lane"][data-key="${key}"]`)
  return { view, draw, record, lane }
}

describe('createTimelineView', () => {
  test('as time passes only the lanes’ slide transform changes; their flights are not rebuilt', () => {
    const { draw, record, lane } = setup()
    record(started('/a', 1, 0), settled('/a', 1, 100))
    draw(200)
    const bar = lane('/a')?.querySelector('[data-testid="flight"]')
    draw(1_200)
    expect(lane('/a')?.querySelector('[data-testid="flight"]')).toBe(bar)
    // Drawn from origin 200 - 10,000 at 600 px per 10 s: the bar's start (t = 0) sits at 588 px; at
    // now = 1,200 it must show 1.2 s left of the right edge, 528 px: the slide moves it by -60 px.
    expect(bar?.querySelector('rect')?.getAttribute('x')).toBe('588.0')
    expect(bar?.parentElement?.getAttribute('transform')).toBe('translate(-60.0 0)')
  })

  test('a lane whose flight changed is rebuilt; the others keep their nodes', () => {
    const { draw, record, lane } = setup()
    record(started('/a', 1, 0), started('/b', 2, 0))
    draw(10)
    const barA = lane('/a')?.querySelector('[data-testid="flight"]')
    const barB = lane('/b')?.querySelector('[data-testid="flight"]')
    record(joined('/b', 2, 20))
    draw(30)
    expect(lane('/a')?.querySelector('[data-testid="flight"]')).toBe(barA)
    expect(lane('/b')?.querySelector('[data-testid="flight"]')).not.toBe(barB)
    expect(lane('/b')?.querySelector('[data-testid="flight"]')?.getAttribute('data-joins')).toBe('1')
  })

  test('lanes are stacked in the order their keys appeared, and leave when their flights leave the window', () => {
    const { view, draw, record } = setup()
    record(started('/a', 1, 0), settled('/a', 1, 10), started('/b', 2, 5))
    draw(20)
    const lanes = () => [...view.element.querySelectorAll('[data-testid="lane"]')]
    expect(lanes().map((node) => [node.getAttribute('data-key'), node.getAttribute('transform')])).toEqual([
      ['/a', 'translate(0 0)'],
      ['/b', 'translate(0 40)'],
    ])
    draw(10_015)
    expect(lanes().map((node) => [node.getAttribute('data-key'), node.getAttribute('transform')])).toEqual([
      ['/b', 'translate(0 0)'],
    ])
  })
})
