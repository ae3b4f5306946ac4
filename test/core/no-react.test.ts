import { expect, it, vi } from 'vitest'

// The core must work where React does not exist: importing react from it
// would throw here.
vi.mock('react', () => {
  throw new Error('the core imported react')
})
vi.mock('react-dom', () => {
  throw new Error('the core imported react-dom')
})

it('the core entry loads and dedupes without React', async () => {
  const { Group, hashKey } = await import('../../src/core')
  const group = new Group()
  const fn = vi.fn(async () => 1)
  await Promise.all([group.do('k', fn), group.do('k', fn)])
  expect(fn).toHaveBeenCalledTimes(1)
  expect(hashKey(['a', 1])).toBe('["a",1]')
})
