import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { createTabGroup } from '../../src/tabs'
import { World } from './fakes'
import { fallbackTests } from './fallback'

describe('createTabGroup in Node', () => {
  // Newer Node versions ship `navigator.locks`; these tests pin the case without it.
  beforeEach(() => {
    vi.stubGlobal('navigator', undefined)
  })
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  fallbackTests()

  test('with Web Locks and BroadcastChannel present it shares flights across tabs', async () => {
    const world = new World()
    const deps = world.deps()
    vi.stubGlobal('navigator', { locks: deps.locks })
    const group = createTabGroup({ name: 'node' })
    expect(group.crossTab).toBe(true)
    expect(await group.do('k', () => 'v')).toBe('v')
    expect(() => group.do('k', 'fn' as never)).toThrow(/oneflight: invalid fn: not a function/)
  })
})
