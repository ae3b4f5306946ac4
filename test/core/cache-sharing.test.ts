import { describe, expect, it } from 'vitest'
import { createCache } from '../../src/core'
import { shareStructure } from '../../src/core/cache-share'

describe('createCache: structural sharing', () => {
  it('a load that returns deep-equal data keeps the old reference and notifies nobody', async () => {
    const cache = createCache()
    const first = await cache.fetch('k', () => ({ user: { id: 1, tags: ['a'] } }))
    let notified = 0
    const stop = cache.subscribe('k', () => notified++)
    const again = await cache.fetch('k', () => ({ user: { id: 1, tags: ['a'] } }))
    expect(again).toBe(first)
    expect(cache.get('k')?.data).toBe(first)
    // isFetching went true and back to false; the data reference never changed.
    expect(notified).toBe(2)
    stop()
  })

  it('a change keeps the references of every sub-tree it did not touch', async () => {
    const cache = createCache()
    const first = await cache.fetch('k', () => ({ a: { x: 1 }, b: [{ y: 2 }, { y: 3 }] }))
    const next = await cache.fetch('k', () => ({ a: { x: 1 }, b: [{ y: 2 }, { y: 4 }] }))
    expect(next).not.toBe(first)
    expect(next.a).toBe(first.a)
    expect(next.b[0]).toBe(first.b[0])
    expect(next.b[1]).toEqual({ y: 4 })
  })

  it('structuralSharing false keeps every answer as it came', async () => {
    const cache = createCache({ structuralSharing: false })
    const first = await cache.fetch('k', () => ({ a: 1 }))
    expect(await cache.fetch('k', () => ({ a: 1 }))).not.toBe(first)
  })

  it('a structuralSharing function replaces the built-in one', async () => {
    const cache = createCache({ structuralSharing: (previous, next) => (previous === undefined ? next : previous) })
    const first = await cache.fetch('k', () => ({ a: 1 }))
    expect(await cache.fetch('k', () => ({ a: 2 }))).toBe(first)
  })

  it('only plain objects and arrays are compared; an own __proto__ stays data', () => {
    const nextDate = new Date(0)
    expect((shareStructure({ d: new Date(0) }, { d: nextDate }) as { d: Date }).d).toBe(nextDate)
    const next = JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>
    const shared = shareStructure({}, next) as Record<string, unknown>
    expect(Object.getPrototypeOf(shared)).toBe(Object.prototype)
    expect(Object.hasOwn(shared, '__proto__')).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('rejects a structuralSharing that is neither a boolean nor a function', () => {
    expect(() => createCache({ structuralSharing: 'yes' as never })).toThrow(/oneflight: invalid structuralSharing/)
  })
})
