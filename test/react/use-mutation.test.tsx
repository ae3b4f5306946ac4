// @vitest-environment jsdom
import { act, cleanup, fireEvent, render } from '@testing-library/react'
import { createRef, Profiler, StrictMode, useImperativeHandle, type Ref } from 'react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createCache, hashKey } from '../../src/core'
import {
  SingleflightProvider,
  useMutation,
  useSingleflight,
  type MutationOptions,
  type MutationResult,
} from '../../src/react'
import { deferred, type Deferred } from '../deferred'
import { watchReported } from '../reported'
import { drain } from './helpers'

afterEach(() => {
  cleanup()
  vi.restoreAllMocks()
})

type Rename = MutationResult<string, string>

/** A controllable action: every call gets a new deferred, kept with its variables. */
const actionLog = () => {
  const calls: { variables: string; signal: AbortSignal; d: Deferred<string> }[] = []
  const action = (variables: string, { signal }: { signal: AbortSignal }): Promise<string> => {
    const d = deferred<string>()
    calls.push({ variables, signal, d })
    return d.promise
  }
  return { calls, action }
}

function Mutator({
  action,
  options,
  api,
}: {
  action: (variables: string, context: { signal: AbortSignal }) => Promise<string>
  options?: MutationOptions<string, string, string>
  api: Ref<Rename>
}) {
  const result = useMutation(action, options)
  useImperativeHandle(api, () => result)
  return <p>{`${result.status}:${String(result.data)}:${String(result.error)}:${String(result.variables)}`}</p>
}

const mount = (
  action: (variables: string, context: { signal: AbortSignal }) => Promise<string>,
  options?: MutationOptions<string, string, string>,
  cache = createCache(),
) => {
  const api = createRef<Rename>()
  const view = render(
    <SingleflightProvider cache={cache}>
      <Mutator action={action} options={options} api={api} />
    </SingleflightProvider>,
  )
  const shown = (): string | null | undefined => view.container.querySelector('p')?.textContent
  return { api, cache, view, shown }
}

describe('useMutation: state', () => {
  it('goes idle, pending with the variables, then success with the result', async () => {
    const { calls, action } = actionLog()
    const { api, shown } = mount(action)
    expect(shown()).toBe('idle:undefined:undefined:undefined')
    expect(api.current!.isPending).toBe(false)
    act(() => api.current!.mutate('Ada'))
    expect(shown()).toBe('pending:undefined:undefined:Ada')
    expect(api.current!.isPending).toBe(true)
    calls[0]!.d.resolve('saved Ada')
    await drain()
    expect(shown()).toBe('success:saved Ada:undefined:Ada')
    expect(api.current!.isPending).toBe(false)
  })

  it('goes to error with the action’s error, and mutate never rejects', async () => {
    const { calls, action } = actionLog()
    const { api, shown } = mount(action)
    let returned: unknown = 'not called'
    act(() => void (returned = api.current!.mutate('Ada')))
    expect(returned).toBeUndefined()
    calls[0]!.d.reject(new Error('refused'))
    await drain()
    expect(shown()).toBe('error:undefined:Error: refused:Ada')
    // An unhandled rejection would fail this test run.
  })

  it('mutateAsync resolves with the result and rejects with the action’s own error', async () => {
    const { calls, action } = actionLog()
    const { api } = mount(action)
    let ok!: Promise<string>
    act(() => void (ok = api.current!.mutateAsync('a')))
    calls[0]!.d.resolve('A')
    await expect(ok).resolves.toBe('A')
    const error = new Error('refused')
    let failed!: Promise<string>
    act(() => void (failed = api.current!.mutateAsync('b')))
    calls[1]!.d.reject(error)
    await expect(failed).rejects.toBe(error)
  })

  it('reset goes back to idle, and a call still running no longer changes the state', async () => {
    const { calls, action } = actionLog()
    const onSuccess = vi.fn()
    const { api, shown } = mount(action, { onSuccess })
    act(() => api.current!.mutate('Ada'))
    act(() => api.current!.reset())
    expect(shown()).toBe('idle:undefined:undefined:undefined')
    calls[0]!.d.resolve('saved')
    await drain()
    expect(shown()).toBe('idle:undefined:undefined:undefined')
    expect(onSuccess).toHaveBeenCalledTimes(1)
  })

  it('the state follows the latest call when two overlap and the first ends last', async () => {
    const { calls, action } = actionLog()
    const { api, shown } = mount(action)
    act(() => api.current!.mutate('first'))
    act(() => api.current!.mutate('second'))
    calls[1]!.d.resolve('saved second')
    await drain()
    calls[0]!.d.resolve('saved first')
    await drain()
    expect(shown()).toBe('success:saved second:undefined:second')
  })

  it('onSuccess and onError are called once per call, with the result or error and the variables', async () => {
    const { calls, action } = actionLog()
    const onSuccess = vi.fn()
    const onError = vi.fn()
    const { api } = mount(action, { onSuccess, onError })
    act(() => api.current!.mutate('a'))
    act(() => api.current!.mutate('b'))
    calls[0]!.d.resolve('A')
    const error = new Error('B refused')
    calls[1]!.d.reject(error)
    await drain()
    expect(onSuccess.mock.calls).toEqual([['A', 'a']])
    expect(onError.mock.calls).toEqual([[error, 'b']])
  })

  it('an onSuccess that throws changes no outcome: its error is reported as uncaught, the state is success', async () => {
    const reported = watchReported()
    const { calls, action } = actionLog()
    const error = new Error('callback bug')
    const { api, shown } = mount(action, {
      onSuccess: () => {
        throw error
      },
    })
    let promise!: Promise<string>
    act(() => void (promise = api.current!.mutateAsync('Ada')))
    calls[0]!.d.resolve('saved')
    await expect(promise).resolves.toBe('saved')
    await drain()
    expect(shown()).toBe('success:saved:undefined:Ada')
    expect(reported.errors).toEqual([error])
    reported.stop()
  })

  it('under StrictMode (mount, unmount, mount again) the state still follows the calls', async () => {
    const { calls, action } = actionLog()
    const api = createRef<Rename>()
    const view = render(
      <StrictMode>
        <SingleflightProvider cache={createCache()}>
          <Mutator action={action} api={api} />
        </SingleflightProvider>
      </StrictMode>,
    )
    act(() => api.current!.mutate('Ada'))
    calls[0]!.d.resolve('saved')
    await drain()
    expect(view.container.querySelector('p')?.textContent).toBe('success:saved:undefined:Ada')
  })

  it('unmounting mid-mutation aborts nothing: the call finishes, writes the cache, warns nothing', async () => {
    const errors = vi.spyOn(console, 'error')
    const { calls, action } = actionLog()
    const onSuccess = vi.fn()
    const { api, cache, view } = mount(action, {
      key: 'name',
      populate: (_, result) => result,
      revalidate: false,
      onSuccess,
    })
    act(() => api.current!.mutate('Ada'))
    view.unmount()
    await drain()
    expect(calls[0]!.signal.aborted).toBe(false)
    calls[0]!.d.resolve('saved Ada')
    await drain()
    expect(onSuccess).toHaveBeenCalledTimes(1)
    expect(cache.get('name')?.data).toBe('saved Ada')
    expect(errors).not.toHaveBeenCalled()
  })
})

describe('useMutation: the cache', () => {
  it('a key function and optimistic receive the variables; the layer shows at once and rolls back on failure', async () => {
    const cache = createCache({ staleTime: Infinity })
    cache.set(['user', 1], 'Grace')
    const { calls, action } = actionLog()
    const key = vi.fn((name: string) => ['user', name.length === 3 ? 1 : 2])
    const optimistic = vi.fn((current: string | undefined, name: string) => `${name} (was ${current})`)
    const api = createRef<Rename>()
    function Reader() {
      return <p>{String(useSingleflight<string>(['user', 1], () => 'server').data)}</p>
    }
    const view = render(
      <SingleflightProvider cache={cache}>
        <Mutator action={action} options={{ key, optimistic, revalidate: false }} api={api} />
        <Reader />
      </SingleflightProvider>,
    )
    act(() => api.current!.mutate('Ada'))
    expect(key).toHaveBeenCalledWith('Ada')
    expect(optimistic).toHaveBeenCalledWith('Grace', 'Ada')
    expect(view.container.querySelectorAll('p')[1]?.textContent).toBe('Ada (was Grace)')
    calls[0]!.d.reject(new Error('refused'))
    await drain()
    expect(view.container.querySelectorAll('p')[1]?.textContent).toBe('Grace')
  })

  it('without a key the action just runs and writes nothing; revalidate still names keys to reload', async () => {
    const { calls, action } = actionLog()
    const { api, cache } = mount(action, { revalidate: ['user', 2] }, createCache({ staleTime: Infinity }))
    const fetcher = vi.fn(async () => 'user 2')
    cache.set('other', 'untouched')
    await cache.fetch(['user', 2], fetcher, { force: true })
    act(() => api.current!.mutate('Ada'))
    calls[0]!.d.resolve('saved')
    await drain()
    expect(cache.inspect().map((info) => info.hash)).toEqual([hashKey('other'), hashKey(['user', 2])])
    expect(cache.get('other')?.data).toBe('untouched')
    // Invalidated: the next fetch loads again.
    await cache.fetch(['user', 2], fetcher)
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('1,000 components reading the mutated key are updated in one render pass, each rendering once', async () => {
    const cache = createCache({ staleTime: Infinity })
    cache.set('counter', 0)
    const renders = { readers: 0, commits: 0, readerCommits: 0 }
    const { calls, action } = actionLog()
    function Reader() {
      renders.readers++
      return <i>{String(useSingleflight<number>('counter', () => -1).data)}</i>
    }
    const options = { key: 'counter', optimistic: (n: number | undefined) => (n ?? 0) + 1, revalidate: false }
    function Button() {
      const { mutate } = useMutation(action, options)
      return <button onClick={() => mutate('go')}>go</button>
    }
    const view = render(
      <SingleflightProvider cache={cache}>
        <Profiler id="all" onRender={() => void renders.commits++}>
          <Button />
          <Profiler id="readers" onRender={() => void renders.readerCommits++}>
            {Array.from({ length: 1000 }, (_, i) => (
              <Reader key={i} />
            ))}
          </Profiler>
        </Profiler>
      </SingleflightProvider>,
    )
    await drain()
    Object.assign(renders, { readers: 0, commits: 0, readerCommits: 0 })
    // A click, as in an app: the hook's state and the 1,000 readers in one commit.
    fireEvent.click(view.getByText('go'))
    expect(renders).toEqual({ readers: 1000, commits: 1, readerCommits: 1 })
    const shown = [...view.container.querySelectorAll('i')].map((element) => element.textContent)
    expect(new Set(shown)).toEqual(new Set(['1']))
    Object.assign(renders, { readers: 0, commits: 0, readerCommits: 0 })
    // The rollback reaches the readers in one pass too (the hook's own error state may commit apart).
    calls[0]!.d.reject(new Error('refused'))
    await drain()
    expect(renders).toMatchObject({ readers: 1000, readerCommits: 1 })
    expect(new Set([...view.container.querySelectorAll('i')].map((element) => element.textContent))).toEqual(
      new Set(['0']),
    )
    // The timeout is headroom for a loaded machine (1,000 components mount, then render twice); no speed is asserted.
  }, 30_000)
})

describe('useMutation: bad input', () => {
  const tryRender = (action: unknown, options?: unknown) => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    function Bad() {
      useMutation(action as never, options as never)
      return null
    }
    return () => render(<Bad />)
  }

  it('a non-function action is a TypeError naming it', () => {
    expect(tryRender('save')).toThrow(/^oneflight: useMutation needs an action function$/)
  })

  it('options that are not an object, or an optimistic that is not a function, are TypeErrors naming them', () => {
    const action = async () => 1
    expect(tryRender(action, 'fast')).toThrow(/oneflight: useMutation options must be an object/)
    expect(tryRender(action, { key: 'k', optimistic: 'x' })).toThrow(/options\.optimistic must be a function/)
    expect(tryRender(action, { key: 'k', populate: 1 })).toThrow(/options\.populate must be a function/)
    expect(tryRender(action, { onSuccess: true })).toThrow(/options\.onSuccess must be a function/)
    expect(tryRender(action, { rollbackOnError: 'no' })).toThrow(/options\.rollbackOnError must be a boolean/)
    expect(tryRender(action, { optimistic: () => 1 })).toThrow(/options\.optimistic and options\.populate need/)
  })

  it('a bad key is a TypeError at render; a key function returning one rejects that call', async () => {
    expect(tryRender(async () => 1, { key: Symbol('k') })).toThrow(TypeError)
    const { api, shown } = mount(async () => 'x', { key: () => Symbol('k') as never })
    let promise!: Promise<string>
    act(() => void (promise = api.current!.mutateAsync('a')))
    await expect(promise).rejects.toThrow(TypeError)
    await drain()
    expect(shown()).toMatch(/^error:undefined:TypeError: oneflight:/)
  })
})
