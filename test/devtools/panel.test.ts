// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createCache } from '../../src/core'
import { mountDevtools } from '../../src/devtools'
import { flush } from '../deferred'
import { fakeCache, type FakeCache } from './fake-cache'
import { started, joined, settled } from './events'
import { manualFrames } from './frames'

let cache: FakeCache
let frames: ReturnType<typeof manualFrames>
let unmount: () => void = () => {}

const shadow = (): ShadowRoot => {
  const root = document.querySelector('[data-oneflight-devtools]')?.shadowRoot
  if (!root) throw new Error('the panel is not mounted')
  return root
}
const find = (testId: string): HTMLElement[] => [...shadow().querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`)]
const click = (element: Element | undefined): void => {
  if (!element) throw new Error('nothing to click')
  element.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }))
}
const entry = (key: string): HTMLElement | undefined => find('entry').find((row) => row.dataset.key === key)

beforeEach(() => {
  cache = fakeCache()
  frames = manualFrames()
})

afterEach(() => {
  unmount()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

describe('mountDevtools', () => {
  test('closed, it shows only the toggle button and never calls inspect, whatever the cache does', () => {
    unmount = mountDevtools(cache)
    cache.put('/a', { status: 'success', data: 1, updatedAt: 1 })
    for (let id = 1; id <= 50; id++) cache.emit(started('/a', id, id))
    expect(frames.run()).toBe(0)
    expect(cache.inspected).toBe(0)
    expect(find('devtools-toggle')).toHaveLength(1)
    expect(find('devtools-panel')[0]?.hidden).toBe(true)
  })

  test('opening it lists every entry with its status, observers, countdown, mutations and data preview', () => {
    cache.put(
      '/a',
      { status: 'success', data: { id: 1 }, updatedAt: 1 },
      { observers: 2, mutations: 1, staleAt: Infinity },
    )
    cache.put(['user', 2], { status: 'pending', isFetching: true })
    unmount = mountDevtools(cache)
    click(find('devtools-toggle')[0])
    frames.run()
    const row = entry('/a')
    expect(row?.dataset.status).toBe('success')
    expect(row?.textContent).toContain('fresh ∞')
    expect(row?.textContent).toContain('{"id":1}')
    expect(entry('["user",2]')?.dataset.status).toBe('pending')
    expect(find('devtools-summary')[0]?.textContent).toBe('2 entries · 1 fetching · 0 running')
  })

  test('what happened while it was closed is on the timeline when it opens', () => {
    unmount = mountDevtools(cache)
    cache.emit(started('/a', 1, Date.now() - 50))
    for (let i = 0; i < 4; i++) cache.emit(joined('/a', 1, Date.now() - 40))
    cache.emit(settled('/a', 1, Date.now() - 10))
    click(find('devtools-toggle')[0])
    frames.run()
    expect(find('flight').map((bar) => [bar.dataset.key, bar.dataset.callers, bar.dataset.outcome])).toEqual([
      ['/a', '5', 'ok'],
    ])
  })

  test('a burst of events while open is drawn in one frame, with one inspect', () => {
    unmount = mountDevtools(cache, { initialIsOpen: true })
    frames.run()
    const before = cache.inspected
    for (let id = 1; id <= 1000; id++) cache.emit(started(`/k${id}`, id, Date.now()))
    expect(frames.pending()).toBe(1)
    frames.run()
    expect(cache.inspected).toBe(before + 1)
    expect(find('lane').length).toBeGreaterThan(0)
  })

  test('invalidate and remove buttons call the cache with the row’s own key', () => {
    cache.put(['user', 1], { status: 'success', data: 1, updatedAt: 1 })
    unmount = mountDevtools(cache, { initialIsOpen: true })
    frames.run()
    click(entry('["user",1]')?.querySelector('[data-action="invalidate"]') ?? undefined)
    click(entry('["user",1]')?.querySelector('[data-action="remove"]') ?? undefined)
    expect(cache.calls).toEqual([
      { action: 'invalidate', key: ['user', 1] },
      { action: 'remove', key: ['user', 1] },
    ])
    frames.run()
    expect(entry('["user",1]')).toBeUndefined()
  })

  test('refetch on a cache without internals falls back to invalidating the key', () => {
    cache.put('/a', { status: 'success', data: 1, updatedAt: 1 })
    unmount = mountDevtools(cache, { initialIsOpen: true })
    frames.run()
    click(entry('/a')?.querySelector('[data-action="refetch"]') ?? undefined)
    expect(cache.calls).toEqual([{ action: 'invalidate', key: '/a' }])
  })

  test('clicking a preview shows the whole data below the table, clicking again hides it', () => {
    cache.put('/a', { status: 'success', data: { list: [1, 2] }, updatedAt: 1 })
    unmount = mountDevtools(cache, { initialIsOpen: true })
    frames.run()
    const detail = find('entry-detail')[0]
    click(entry('/a')?.querySelector('[data-action="preview"]') ?? undefined)
    expect(detail?.hidden).toBe(false)
    expect(detail?.textContent).toBe('/a\n{\n  "list": [\n    1,\n    2\n  ]\n}')
    click(entry('/a')?.querySelector('[data-action="preview"]') ?? undefined)
    expect(detail?.hidden).toBe(true)
  })

  test('with a container it mounts there; unmount removes it and stops listening to the cache', () => {
    const container = document.body.appendChild(document.createElement('div'))
    unmount = mountDevtools(cache, { container, initialIsOpen: true })
    expect(container.querySelector('[data-oneflight-devtools]')).not.toBeNull()
    expect(cache.listeners.size).toBe(1)
    unmount()
    expect(container.childNodes).toHaveLength(0)
    expect(cache.listeners.size).toBe(0)
    expect(frames.run()).toBe(1) // the frame requested at open now draws nothing
    expect(cache.inspected).toBe(0)
  })

  test('while open it redraws on a timer so countdowns move; closing stops the timer', () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    unmount = mountDevtools(cache, { initialIsOpen: true })
    frames.run()
    vi.advanceTimersByTime(1000)
    expect(frames.run()).toBe(1)
    click(find('devtools-toggle')[0])
    vi.advanceTimersByTime(1000)
    expect(frames.run()).toBe(0)
  })

  test('bad input is a TypeError naming the problem', () => {
    expect(() => mountDevtools({} as FakeCache)).toThrow(/^oneflight\/devtools: mountDevtools needs a cache/)
    expect(() => mountDevtools(cache, { container: {} as HTMLElement })).toThrow(
      new TypeError('oneflight/devtools: container must be a DOM element'),
    )
  })
})

describe('mountDevtools on a real cache', () => {
  test('refetch runs the entry’s last fetcher again as a new flight, and the panel shows that flight and the new data', async () => {
    const real = createCache()
    let calls = 0
    await real.fetch('/a', () => ++calls)
    unmount = mountDevtools(real, { initialIsOpen: true })
    frames.run()
    expect(find('entry').map((row) => [row.dataset.key, row.dataset.status])).toEqual([['/a', 'success']])
    click(entry('/a')?.querySelector('[data-action="refetch"]') ?? undefined)
    await flush()
    expect(calls).toBe(2)
    frames.run()
    expect(find('flight').map((bar) => bar.dataset.outcome)).toEqual(['ok'])
    expect(entry('/a')?.querySelector('.of-preview')?.textContent).toBe('2')
  })

  test('refetch of an entry that never had a fetcher invalidates it instead', () => {
    const real = createCache({ staleTime: 60_000 })
    real.set('/seeded', 1)
    unmount = mountDevtools(real, { initialIsOpen: true })
    frames.run()
    expect(entry('/seeded')?.querySelector('.of-countdown')?.textContent).toMatch(/^fresh/)
    click(entry('/seeded')?.querySelector('[data-action="refetch"]') ?? undefined)
    frames.run()
    expect(entry('/seeded')?.querySelector('.of-countdown')?.textContent).toBe('stale')
  })

  test('remove drops the entry from the list and marks it on the timeline', () => {
    const real = createCache()
    real.set('/gone', 1)
    unmount = mountDevtools(real, { initialIsOpen: true })
    frames.run()
    click(entry('/gone')?.querySelector('[data-action="remove"]') ?? undefined)
    frames.run()
    expect(entry('/gone')).toBeUndefined()
    expect(find('mark').map((mark) => mark.getAttribute('data-reason'))).toEqual(['removed'])
  })
})
