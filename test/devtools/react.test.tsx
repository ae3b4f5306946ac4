// @vitest-environment jsdom
import { act, render } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { Cache } from '../../src/core'
import { SingleflightDevtools } from '../../src/devtools/react'
import { SingleflightProvider } from '../../src/react'
import { started } from './events'
import { fakeCache, type FakeCache } from './fake-cache'
import { manualFrames } from './frames'

let cache: FakeCache
let frames: ReturnType<typeof manualFrames>

beforeEach(() => {
  cache = fakeCache()
  frames = manualFrames()
})
afterEach(() => vi.unstubAllGlobals())

const panelRoot = (): ShadowRoot | null | undefined => document.querySelector('[data-oneflight-devtools]')?.shadowRoot

describe('SingleflightDevtools', () => {
  test('mounts the panel for the provider’s cache and removes it on unmount', () => {
    const view = render(
      <SingleflightProvider cache={cache as unknown as Cache}>
        <SingleflightDevtools initialIsOpen />
      </SingleflightProvider>,
    )
    expect(cache.listeners.size).toBe(1)
    act(() => cache.emit(started('/a', 1, Date.now())))
    frames.run()
    expect(panelRoot()?.querySelector('[data-testid="flight"]')?.getAttribute('data-key')).toBe('/a')
    view.unmount()
    expect(panelRoot()).toBeUndefined()
    expect(cache.listeners.size).toBe(0)
  })

  test('renders into the container given, and nothing in React’s own tree', () => {
    const container = document.body.appendChild(document.createElement('div'))
    const view = render(
      <SingleflightProvider cache={cache as unknown as Cache}>
        <SingleflightDevtools container={container} />
      </SingleflightProvider>,
    )
    expect(view.container.innerHTML).toBe('')
    expect(container.querySelector('[data-oneflight-devtools]')).not.toBeNull()
    view.unmount()
    expect(container.childNodes).toHaveLength(0)
  })
})
