import { expect, it } from 'vitest'
import { getEventListeners } from 'node:events'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { Group } from '../../src/core'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const settleGc = async (): Promise<void> => {
  // WeakRef targets stay alive until the current job ends: collect across turns.
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 0))
    gc()
  }
}

const BATCH = 10_000

it('1,000,000 distinct keys through do leave size 0 and retain neither closures nor heap', async () => {
  const group = new Group()
  const refs: WeakRef<object>[] = []
  await settleGc()
  const before = process.memoryUsage().heapUsed
  for (let start = 0; start < 1_000_000; start += BATCH) {
    const calls: Promise<object>[] = []
    for (let i = start; i < start + BATCH; i++) {
      const value = { i }
      const fn = () => Promise.resolve(value)
      if (i % 100_000 === 0) refs.push(new WeakRef(fn), new WeakRef(value))
      calls.push(group.do(`key-${i}`, fn), group.do(`key-${i}`, fn))
    }
    await Promise.all(calls)
    expect(group.size).toBe(0)
  }
  await settleGc()
  const grown = process.memoryUsage().heapUsed - before
  expect(refs.every((ref) => ref.deref() === undefined)).toBe(true)
  // A retained record per key would be ~100 MB; allow for allocator noise.
  expect(grown).toBeLessThan(8 * 1024 * 1024)
}, 120_000)

it('callers with signals leave no listener or closure behind once their flight settles', async () => {
  const group = new Group()
  const controller = new AbortController()
  const refs: WeakRef<object>[] = []
  for (let start = 0; start < 100_000; start += BATCH) {
    const calls: Promise<unknown>[] = []
    for (let i = start; i < start + BATCH; i++) {
      const fn = () => Promise.resolve(i)
      if (i % 10_000 === 0) refs.push(new WeakRef(fn))
      calls.push(group.do(['key', i], fn, { signal: controller.signal }), group.settle(['key', i], fn))
    }
    await Promise.all(calls)
  }
  expect(group.size).toBe(0)
  await settleGc()
  expect(refs.every((ref) => ref.deref() === undefined)).toBe(true)
  expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0)
}, 120_000)
