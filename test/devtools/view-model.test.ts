import { describe, expect, test } from 'vitest'
import { hashKey, type EntryInfo, type Snapshot } from '../../src/core'
import { countdown, entryRow, formatDuration, keyText, PREVIEW_LENGTH, toJson } from '../../src/devtools/view-model'

const info = (snapshot: Partial<Snapshot<unknown>>, more: Partial<EntryInfo> = {}): EntryInfo => ({
  key: ['user', 1],
  hash: hashKey(['user', 1]),
  snapshot: { data: undefined, error: undefined, updatedAt: 0, status: 'idle', isFetching: false, ...snapshot },
  observers: 0,
  staleAt: -Infinity,
  mutations: 0,
  ...more,
})

describe('countdown and formatDuration', () => {
  test('fresh data counts down to when it turns stale, in units that fit', () => {
    expect(countdown(10_000, 5_800)).toEqual({ freshness: 'fresh', text: 'fresh 4.2 s' })
    expect(countdown(1_000, 600)).toEqual({ freshness: 'fresh', text: 'fresh 400 ms' })
    expect(countdown(Infinity, 5)).toEqual({ freshness: 'fresh', text: 'fresh ∞' })
  })

  test('data at or past its staleAt is stale, whether staleAt is -Infinity or a past time', () => {
    expect(countdown(-Infinity, 5)).toEqual({ freshness: 'stale', text: 'stale' })
    expect(countdown(5, 5)).toEqual({ freshness: 'stale', text: 'stale' })
    expect(countdown(1, 5)).toEqual({ freshness: 'stale', text: 'stale' })
  })

  test('durations print as ms, tenths of seconds, seconds, minutes and hours', () => {
    expect([0, 999, 1_000, 9_990, 42_000, 60_000, 125_000, 3_600_000, 5_580_000].map(formatDuration)).toEqual([
      '0 ms',
      '999 ms',
      '1.0 s',
      '9.9 s',
      '42 s',
      '1 min',
      '2 min 5 s',
      '1 h',
      '1 h 33 min',
    ])
  })
})

describe('entryRow', () => {
  test('a loaded entry shows its status, observers, mutations, countdown and one line of data', () => {
    const row = entryRow(
      info(
        { status: 'success', data: { id: 1, name: 'Ada' }, updatedAt: 1 },
        { observers: 3, mutations: 1, staleAt: 3_000 },
      ),
      1_000,
    )
    expect(row).toMatchObject({
      keyText: '["user",1]',
      status: 'success',
      observers: 3,
      mutations: 1,
      freshness: 'fresh',
      countdown: 'fresh 2.0 s',
      preview: '{"id":1,"name":"Ada"}',
    })
  })

  test('an entry reloading with data is shown as fetching; a first load as pending', () => {
    expect(entryRow(info({ status: 'success', data: 1, isFetching: true, updatedAt: 1 }), 0).status).toBe('fetching')
    expect(entryRow(info({ status: 'pending', isFetching: true }), 0).status).toBe('pending')
  })

  test('an entry that never had data says so instead of stale, and shows no preview', () => {
    expect(entryRow(info({ status: 'pending' }), 0)).toMatchObject({ countdown: 'no data', preview: '' })
  })

  test('the data preview is one line cut at PREVIEW_LENGTH characters', () => {
    const row = entryRow(info({ status: 'success', data: { text: 'x'.repeat(500) }, updatedAt: 1 }), 0)
    expect(row.preview).toHaveLength(PREVIEW_LENGTH)
    expect(row.preview.endsWith('…')).toBe(true)
    expect(row.preview).not.toContain('\n')
  })
})

describe('toJson and keyText', () => {
  test('prints what JSON cannot say instead of throwing: cycles, bigint, functions, symbols, errors', () => {
    const looped: Record<string, unknown> = { n: 1n, f: function load() {}, s: Symbol('s'), e: new TypeError('bad') }
    looped.self = looped
    expect(toJson(looped)).toBe('{"n":"1n","f":"ƒ load()","s":"Symbol(s)","e":"TypeError: bad","self":"[circular]"}')
  })

  test('an object seen twice but not in a cycle is printed both times', () => {
    const shared = { id: 1 }
    expect(toJson([shared, shared])).toBe('[{"id":1},{"id":1}]')
  })

  test('undefined prints as undefined, and a getter that throws as not printable', () => {
    expect(toJson(undefined)).toBe('undefined')
    const hostile = {
      get boom(): never {
        throw new Error('no')
      },
    }
    expect(toJson(hostile)).toBe('[not printable: no]')
  })

  test('a string key prints as itself, a structured key as JSON', () => {
    expect(keyText('/api/user/1')).toBe('/api/user/1')
    expect(keyText(['user', { id: 1 }])).toBe('["user",{"id":1}]')
  })
})
