import { describe, expect, it } from 'vitest'
import { Group } from '../../src/core'
import { isAbortSignal } from '../../src/core/signal'
import { deferred } from '../deferred'
import { foreignController, LookAlike, PolyfillSignal } from '../signals'

describe('isAbortSignal: any AbortSignal, from any realm, and nothing else', () => {
  it('accepts this realm’s signals, another realm’s and a polyfill tagged AbortSignal', () => {
    expect(isAbortSignal(new AbortController().signal)).toBe(true)
    expect(isAbortSignal(AbortSignal.abort())).toBe(true)
    const foreign = foreignController().signal
    expect(foreign instanceof AbortSignal).toBe(false)
    expect(isAbortSignal(foreign)).toBe(true)
    expect(isAbortSignal(new PolyfillSignal())).toBe(true)
  })

  it('refuses look-alikes without the tag, tagged objects without listener methods, and non-objects', () => {
    expect(isAbortSignal(new LookAlike())).toBe(false)
    expect(isAbortSignal(new EventTarget())).toBe(false)
    expect(isAbortSignal({ [Symbol.toStringTag]: 'AbortSignal', aborted: false })).toBe(false)
    for (const value of [undefined, null, 'AbortSignal', 1, () => {}]) expect(isAbortSignal(value)).toBe(false)
  })
})

describe('Group: signals from another realm and polyfills', () => {
  it('a signal from another realm (a jsdom window) rejects its caller on abort and leaves the others', async () => {
    const group = new Group()
    const work = deferred<string>()
    const controller = foreignController()
    let fnSignal: AbortSignal | undefined
    const fn = (signal: AbortSignal) => ((fnSignal = signal), work.promise)
    const leaving = group.do('k', fn, { signal: controller.signal })
    const staying = group.do('k', fn)
    controller.abort('bye')
    await expect(leaving).rejects.toBe('bye')
    expect(fnSignal?.aborted).toBe(false)
    work.resolve('v')
    await expect(staying).resolves.toBe('v')
  })

  it('a polyfill signal tagged AbortSignal is accepted, and its abort reaches fn once every caller left', async () => {
    const group = new Group()
    const signal = new PolyfillSignal()
    let fnSignal: AbortSignal | undefined
    const settled = group.settle('k', (s) => ((fnSignal = s), deferred<never>().promise), {
      signal: signal as unknown as AbortSignal,
    })
    signal.abort('gone')
    await expect(settled).rejects.toBe('gone')
    expect(fnSignal?.aborted).toBe(true)
    expect(group.size).toBe(0)
    const already = new PolyfillSignal()
    already.abort('before')
    await expect(group.do('k', () => 1, { signal: already as unknown as AbortSignal })).rejects.toBe('before')
  })

  it('a look-alike without the AbortSignal tag is a TypeError', () => {
    expect(() => new Group().do('k', () => 1, { signal: new LookAlike() as unknown as AbortSignal })).toThrow(
      /oneflight: invalid signal: not an AbortSignal/,
    )
  })
})
