import { getEventListeners } from 'node:events'
import { describe, expect, it, vi } from 'vitest'
import { Group } from '../../src/core'
import { deferred, flush } from '../deferred'

describe('Group: Go semantics', () => {
  it('1. every caller while a flight is in progress joins it: fn runs once, all get the same value', async () => {
    const group = new Group()
    const work = deferred<{ n: number }>()
    const fn = vi.fn(() => work.promise)
    const calls = [group.do('k', fn), group.do('k', fn), group.settle('k', fn), group.do('k', fn)]
    expect(group.size).toBe(1)
    const value = { n: 1 }
    work.resolve(value)
    const [a, b, c, d] = await Promise.all(calls)
    expect(fn).toHaveBeenCalledTimes(1)
    expect(a).toBe(value)
    expect(b).toBe(value)
    expect(c).toEqual({ status: 'fulfilled', value, shared: true })
    expect(d).toBe(value)
  })

  it('1. every caller of a failing flight gets the same error', async () => {
    const group = new Group()
    const work = deferred<never>()
    const error = new Error('boom')
    const calls = [group.do('k', () => work.promise), group.do('k', () => work.promise)]
    work.reject(error)
    const results = await Promise.allSettled(calls)
    expect(results).toEqual([
      { status: 'rejected', reason: error },
      { status: 'rejected', reason: error },
    ])
  })

  it('2. once a flight settles the key is free and the next call runs fn again', async () => {
    const group = new Group()
    const fn = vi.fn(async () => 'v')
    await group.do('k', fn)
    expect(group.size).toBe(0)
    await group.do('k', fn)
    expect(fn).toHaveBeenCalledTimes(2)
    expect(group.size).toBe(0)
  })

  it('3. settle never rejects for an error of fn and reports shared', async () => {
    const group = new Group()
    const error = new Error('no')
    await expect(group.settle('k', () => Promise.reject(error))).resolves.toEqual({
      status: 'rejected',
      reason: error,
      shared: false,
    })
    await expect(group.settle('k', () => 7)).resolves.toEqual({ status: 'fulfilled', value: 7, shared: false })
    const work = deferred<number>()
    const both = [group.settle('k', () => work.promise), group.do('k', () => work.promise)]
    work.resolve(8)
    await expect(both[0]).resolves.toEqual({ status: 'fulfilled', value: 8, shared: true })
  })

  it('3. settle reports shared for a caller with a signal too', async () => {
    const group = new Group()
    const work = deferred<number>()
    const ac = new AbortController()
    const mine = group.settle('k', () => work.promise, { signal: ac.signal })
    void group.do('k', () => work.promise)
    work.resolve(1)
    await expect(mine).resolves.toEqual({ status: 'fulfilled', value: 1, shared: true })
  })

  it('4. forget starts a new flight; old callers get the old result; the old flight settling keeps the new one', async () => {
    const group = new Group()
    const first = deferred<string>()
    const second = deferred<string>()
    const old = group.do('k', () => first.promise)
    group.forget('k')
    expect(group.size).toBe(0)
    const fresh = group.do('k', () => second.promise)
    first.resolve('old')
    await expect(old).resolves.toBe('old')
    expect(group.size).toBe(1)
    const joiner = vi.fn(() => 'never')
    const joined = group.do('k', joiner)
    second.resolve('new')
    await expect(fresh).resolves.toBe('new')
    await expect(joined).resolves.toBe('new')
    expect(joiner).not.toHaveBeenCalled()
    expect(group.size).toBe(0)
  })

  it('4. forget of a key with no flight does nothing', () => {
    const group = new Group()
    group.forget(['nothing', 1])
    expect(group.size).toBe(0)
  })

  it('5. fn throwing synchronously rejects every caller and frees the key', async () => {
    const group = new Group()
    const error = new Error('sync')
    await expect(
      group.do('k', () => {
        throw error
      }),
    ).rejects.toBe(error)
    expect(group.size).toBe(0)
    await expect(group.do('k', () => 'ok')).resolves.toBe('ok')
  })

  it('5. fn returning a plain value resolves and frees the key', async () => {
    const group = new Group()
    await expect(group.do(['k'], () => 42)).resolves.toBe(42)
    expect(group.size).toBe(0)
  })

  it('5. fn returning a rejected promise or a thenable frees the key', async () => {
    const group = new Group()
    await expect(group.do('k', () => Promise.reject(new Error('r')))).rejects.toThrow('r')
    expect(group.size).toBe(0)
    const thenable = { then: (ok: (v: string) => void) => ok('thenable') } as unknown as PromiseLike<string>
    await expect(group.do('k', () => thenable)).resolves.toBe('thenable')
    expect(group.size).toBe(0)
  })

  it('6. an error is never kept: the call after a failed flight starts fresh', async () => {
    const group = new Group()
    let n = 0
    const fn = vi.fn(async () => {
      if (n++ === 0) throw new Error('first fails')
      return 'second works'
    })
    await expect(group.do('k', fn)).rejects.toThrow('first fails')
    await expect(group.do('k', fn)).resolves.toBe('second works')
    expect(fn).toHaveBeenCalledTimes(2)
  })
})

describe('Group: cancellation', () => {
  it('7. an aborting caller rejects at once with signal.reason; the others are untouched', async () => {
    const group = new Group()
    const work = deferred<string>()
    let fnSignal: AbortSignal | undefined
    const fn = (signal: AbortSignal) => ((fnSignal = signal), work.promise)
    const a = new AbortController()
    const leaving = group.do('k', fn, { signal: a.signal })
    const staying = group.do('k', fn, { signal: new AbortController().signal })
    const reason = new Error('left')
    a.abort(reason)
    await expect(leaving).rejects.toBe(reason)
    expect(fnSignal?.aborted).toBe(false)
    expect(group.size).toBe(1)
    work.resolve('done')
    await expect(staying).resolves.toBe('done')
  })

  it("7. fn's signal aborts only when every caller has aborted, and the key is free from that moment", async () => {
    const group = new Group()
    const work = deferred<string>()
    let fnSignal: AbortSignal | undefined
    const a = new AbortController()
    const b = new AbortController()
    const fn = vi.fn((signal: AbortSignal) => ((fnSignal = signal), work.promise))
    const first = group.do('k', fn, { signal: a.signal })
    const second = group.settle('k', fn, { signal: b.signal })
    a.abort()
    expect(fnSignal?.aborted).toBe(false)
    b.abort('gone')
    expect(fnSignal?.aborted).toBe(true)
    expect(fnSignal?.reason).toBe('gone')
    expect(group.size).toBe(0)
    await expect(first).rejects.toBeInstanceOf(DOMException)
    await expect(second).rejects.toBe('gone')
    const next = deferred<string>()
    const fresh = group.do('k', () => next.promise)
    expect(group.size).toBe(1)
    work.resolve('stale') // the doomed flight settling must not free the new one
    await flush()
    expect(group.size).toBe(1)
    next.resolve('fresh')
    await expect(fresh).resolves.toBe('fresh')
  })

  it('7. a caller without a signal keeps the flight alive when every other caller aborts', async () => {
    const group = new Group()
    const work = deferred<string>()
    let fnSignal: AbortSignal | undefined
    const a = new AbortController()
    const fn = (signal: AbortSignal) => ((fnSignal = signal), work.promise)
    const leaving = group.do('k', fn, { signal: a.signal })
    const staying = group.do('k', fn)
    a.abort()
    await expect(leaving).rejects.toThrow()
    expect(fnSignal?.aborted).toBe(false)
    expect(group.size).toBe(1)
    work.resolve('kept')
    await expect(staying).resolves.toBe('kept')
  })

  it('7. an already-aborted signal never starts fn and never joins a flight', async () => {
    const group = new Group()
    const fn = vi.fn(() => 'x')
    const reason = new Error('already')
    await expect(group.do('k', fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    await expect(group.settle('k', fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    expect(fn).not.toHaveBeenCalled()
    const work = deferred<string>()
    const running = group.do('k', () => work.promise)
    await expect(group.do('k', fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason)
    work.resolve('y')
    await expect(running).resolves.toBe('y')
    expect(fn).not.toHaveBeenCalled()
  })

  it('7. an abort after the flight settled changes nothing for that caller', async () => {
    const group = new Group()
    const a = new AbortController()
    await expect(group.do('k', async () => 'v', { signal: a.signal })).resolves.toBe('v')
    a.abort()
    expect(group.size).toBe(0)
  })

  it('7. a signal caller joining a flight begun without a signal cannot end it by leaving', async () => {
    const group = new Group()
    const work = deferred<string>()
    const fn = vi.fn(() => work.promise)
    const first = group.do('k', fn)
    const a = new AbortController()
    const leaving = group.do('k', fn, { signal: a.signal })
    a.abort('left')
    await expect(leaving).rejects.toBe('left')
    expect(group.size).toBe(1)
    const third = group.do('k', fn)
    work.resolve('v')
    await expect(Promise.all([first, third])).resolves.toEqual(['v', 'v'])
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('7. after forget, the old flight losing every caller never frees the new flight', async () => {
    const group = new Group()
    const a = new AbortController()
    const old = group.do('k', () => deferred<never>().promise, { signal: a.signal })
    group.forget('k')
    const work = deferred<string>()
    const fn = vi.fn(() => work.promise)
    const fresh = group.do('k', fn)
    a.abort('gone')
    await expect(old).rejects.toBe('gone')
    expect(group.size).toBe(1)
    void group.do('k', fn)
    expect(fn).toHaveBeenCalledTimes(1)
    work.resolve('new')
    await expect(fresh).resolves.toBe('new')
  })

  it('7. a signal aborted by fn itself, while it starts, rejects the caller and frees the key', async () => {
    const group = new Group()
    const a = new AbortController()
    let fnSignal: AbortSignal | undefined
    const leaving = group.do(
      'k',
      (signal) => {
        fnSignal = signal
        a.abort('during fn')
        return deferred<never>().promise
      },
      { signal: a.signal },
    )
    await expect(leaving).rejects.toBe('during fn')
    expect(fnSignal?.aborted).toBe(true)
    expect(group.size).toBe(0)
  })

  it('7. shared counts only the callers still waiting when the flight settles', async () => {
    const group = new Group()
    const work = deferred<number>()
    const a = new AbortController()
    const staying = group.settle('k', () => work.promise, { signal: new AbortController().signal })
    void group.do('k', () => work.promise, { signal: a.signal }).catch(() => {})
    a.abort()
    work.resolve(1)
    await expect(staying).resolves.toEqual({ status: 'fulfilled', value: 1, shared: false })
  })

  it('9. a fn that declares no parameter but listens to its signal leaves no listener behind', async () => {
    const group = new Group()
    const seen: AbortSignal[] = []
    const fn = (...args: AbortSignal[]) => {
      seen.push(args[0]!)
      args[0]!.addEventListener('abort', () => {})
      return Promise.resolve(1)
    }
    expect(fn.length).toBe(0)
    for (let i = 0; i < 20; i++) await group.do('k', fn)
    expect(seen[0]).toBeInstanceOf(AbortSignal)
    expect(seen[0]!.aborted).toBe(false)
    expect(getEventListeners(seen[0]!, 'abort')).toHaveLength(0)
  })

  it('7. settle rejects with signal.reason when its caller aborts', async () => {
    const group = new Group()
    const a = new AbortController()
    const pending = group.settle('k', () => deferred<never>().promise, { signal: a.signal })
    a.abort('bye')
    await expect(pending).rejects.toBe('bye')
  })
})

describe('Group: keys and arguments', () => {
  it('8. structural keys share a flight regardless of property order', async () => {
    const group = new Group()
    const work = deferred<number>()
    const fn = vi.fn(() => work.promise)
    const a = group.do(['user', { id: 1, tab: 'posts' }], fn)
    const b = group.do(['user', { tab: 'posts', id: 1 }], fn)
    expect(group.size).toBe(1)
    work.resolve(1)
    await Promise.all([a, b])
    expect(fn).toHaveBeenCalledTimes(1)
  })

  it('8. a string key never meets a structured key with the same hash', async () => {
    const group = new Group()
    const keys = ['"a"', 'a', ['a'], '["a"]', 1, '1', true, 'true', null, 'null'] as const
    const fns = keys.map(() => vi.fn(() => deferred<never>().promise))
    keys.forEach((key, i) => void group.do(key, fns[i]!))
    expect(group.size).toBe(keys.length)
    for (const fn of fns) expect(fn).toHaveBeenCalledTimes(1)
  })

  it('8. an invalid key, fn or signal throws a TypeError at once', () => {
    const group = new Group()
    expect(() => group.do(new Date() as never, () => 1)).toThrow(TypeError)
    expect(() => group.do('k', 'nope' as never)).toThrow(/oneflight: invalid fn: not a function/)
    expect(() => group.do('k', () => 1, { signal: {} as never })).toThrow(/AbortSignal/)
    expect(() => group.do('k', () => 1, { signal: new EventTarget() as never })).toThrow(/AbortSignal/)
    expect(() => group.do('k', () => 1, { signal: { aborted: false, addEventListener() {} } as never })).toThrow(
      /AbortSignal/,
    )
    expect(() => group.forget(Symbol('s') as never)).toThrow(/symbol/)
    expect(group.size).toBe(0)
  })
})
