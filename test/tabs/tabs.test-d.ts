import { expectTypeOf, test } from 'vitest'
import type { CacheOptions, Group, Settled } from '../../src/core'
import { createTabGroup, type TabGroup } from '../../src/tabs'

test('createTabGroup returns what createCache takes as its group', () => {
  expectTypeOf(createTabGroup()).toEqualTypeOf<TabGroup>()
  expectTypeOf(createTabGroup({ name: 'app' })).toExtend<Pick<Group, 'do' | 'settle' | 'forget' | 'size'>>()
  expectTypeOf(createTabGroup()).toExtend<NonNullable<CacheOptions['group']>>()
})

test('do and settle keep the value type of fn', () => {
  const group = createTabGroup()
  expectTypeOf(group.do('k', () => 1)).toEqualTypeOf<Promise<number>>()
  expectTypeOf(group.settle('k', async () => 'x')).toEqualTypeOf<Promise<Settled<string>>>()
  // @ts-expect-error: the name is a string
  createTabGroup({ name: 1 })
})
