// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { StrictMode, useState } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache } from '../../src/core'
import { SingleflightProvider } from '../../src/react'
import { drain, manual, Show, texts } from './helpers'

afterEach(cleanup)

describe('useSingleflight: one request per key', () => {
  it('1,000 components on one key make one fetcher call and all show the data', async () => {
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        {Array.from({ length: 1000 }, (_, i) => (
          <Show key={i} k="user" fetcher={fetcher} />
        ))}
      </SingleflightProvider>,
    )
    expect(new Set(texts(container))).toEqual(new Set(['pending:']))
    await drain()
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await drain()
    const shown = texts(container)
    expect(shown).toHaveLength(1000)
    expect(shown.every((t) => t === 'success:ann')).toBe(true)
    expect(calls).toHaveLength(1)
  })

  it('under StrictMode the components still make one call and nothing is aborted', async () => {
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <StrictMode>
        <SingleflightProvider cache={createCache()}>
          {Array.from({ length: 20 }, (_, i) => (
            <Show key={i} k="user" fetcher={fetcher} />
          ))}
        </SingleflightProvider>
      </StrictMode>,
    )
    await drain()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.signal.aborted).toBe(false)
    calls[0]!.d.resolve('ann')
    await drain()
    expect(texts(container).every((t) => t === 'success:ann')).toBe(true)
    expect(calls).toHaveLength(1)
  })

  it.each([null, undefined, false] as const)('a %s key is idle and calls nothing', async (k) => {
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Show k={k} fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    expect(texts(container)).toEqual(['idle:'])
    expect(calls).toHaveLength(0)
  })

  it('a key that becomes truthy starts the load', async () => {
    const { calls, fetcher } = manual<string>()
    function Toggle() {
      const [on, setOn] = useState(false)
      return (
        <>
          <button onClick={() => setOn(true)}>on</button>
          <Show k={on && 'user'} fetcher={fetcher} />
        </>
      )
    }
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Toggle />
      </SingleflightProvider>,
    )
    await drain()
    expect(calls).toHaveLength(0)
    container.querySelector('button')!.click()
    await drain()
    expect(calls).toHaveLength(1)
    expect(texts(container)).toEqual(['pending:'])
    calls[0]!.d.resolve('ann')
    await drain()
    expect(texts(container)).toEqual(['success:ann'])
  })

  it('structural keys match by value: inline arrays share one call and re-renders do not refetch', async () => {
    const { calls, fetcher } = manual<string>()
    let bump = (): void => {}
    function Parent() {
      const [n, setN] = useState(0)
      bump = () => setN((x) => x + 1)
      return (
        <>
          <i>{n}</i>
          <Show k={['user', { id: 1, tab: 'a' }]} fetcher={fetcher} />
          <Show k={['user', { tab: 'a', id: 1 }]} fetcher={fetcher} />
        </>
      )
    }
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Parent />
      </SingleflightProvider>,
    )
    await drain()
    expect(calls).toHaveLength(1)
    calls[0]!.d.resolve('ann')
    await drain()
    for (let i = 0; i < 5; i++) {
      bump()
      await drain()
    }
    expect(container.querySelector('i')!.textContent).toBe('5')
    expect(calls).toHaveLength(1)
    expect(texts(container)).toEqual(['success:ann', 'success:ann'])
  })

  it('different keys are independent: one call each, each shows its own data', async () => {
    const { calls, fetcher } = manual<string>()
    const { container } = render(
      <SingleflightProvider cache={createCache()}>
        <Show k={['user', 1]} fetcher={fetcher} />
        <Show k={['user', 2]} fetcher={fetcher} />
        <Show k={['user', 1]} fetcher={fetcher} />
        <Show k="['user', 1]" fetcher={fetcher} />
      </SingleflightProvider>,
    )
    await drain()
    expect(calls.map((c) => c.key)).toEqual([['user', 1], ['user', 2], "['user', 1]"])
    calls[1]!.d.resolve('two')
    await drain()
    expect(texts(container)).toEqual(['pending:', 'success:two', 'pending:', 'pending:'])
    calls[0]!.d.resolve('one')
    calls[2]!.d.resolve('string')
    await drain()
    expect(texts(container)).toEqual(['success:one', 'success:two', 'success:one', 'success:string'])
  })
})
