import { describe, expect, test } from 'vitest'
import { decodeError, errorBodies, parseMessage, PROTOCOL } from '../../src/tabs/message'

const base = { p: PROTOCOL, g: 'app', h: '"k"' }

describe('parseMessage: message validation', () => {
  test('it accepts each message shape of the protocol', () => {
    expect(parseMessage({ ...base, t: 'hello', n: 'n1' }, 'app')).toEqual({ t: 'hello', h: '"k"', n: 'n1' })
    expect(parseMessage({ ...base, t: 'start', f: 'f1' }, 'app')).toEqual({ t: 'start', h: '"k"', f: 'f1' })
    expect(parseMessage({ ...base, t: 'start', f: 'f1', to: 'n1' }, 'app')).toEqual({
      t: 'start',
      h: '"k"',
      f: 'f1',
      to: 'n1',
    })
    expect(parseMessage({ ...base, t: 'value', f: 'f1', value: undefined }, 'app')).toEqual({
      t: 'value',
      h: '"k"',
      f: 'f1',
      value: undefined,
    })
    expect(parseMessage({ ...base, t: 'uncloneable', f: 'f1' }, 'app')).toEqual({ t: 'uncloneable', h: '"k"', f: 'f1' })
    expect(parseMessage({ ...base, t: 'error', f: 'f1', error: 1, name: 'E' }, 'app')).toMatchObject({
      t: 'error',
      error: 1,
      name: 'E',
      rebuilt: false,
    })
  })

  test('it ignores anything that is not an object', () => {
    for (const data of [null, undefined, 0, 1n, 'hello', true, Symbol('x')])
      expect(parseMessage(data, 'app')).toBeUndefined()
  })

  test('it ignores another protocol version and another group name', () => {
    expect(parseMessage({ ...base, p: 'oneflight/tabs@2', t: 'hello', n: 'n' }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, t: 'hello', n: 'n' }, 'other')).toBeUndefined()
    expect(parseMessage({ ...base, g: undefined, t: 'hello', n: 'n' }, 'app')).toBeUndefined()
  })

  test('it ignores a missing or empty key hash', () => {
    expect(parseMessage({ ...base, h: undefined, t: 'hello', n: 'n' }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, h: '', t: 'hello', n: 'n' }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, h: 7, t: 'hello', n: 'n' }, 'app')).toBeUndefined()
  })

  test('it ignores an unknown type', () => {
    expect(parseMessage({ ...base, t: 'result', f: 'f1', value: 1 }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, f: 'f1', value: 1 }, 'app')).toBeUndefined()
  })

  test('it ignores a missing, empty, oversized or non-string flight id or nonce', () => {
    for (const f of [undefined, '', 'x'.repeat(65), 3, {}]) {
      expect(parseMessage({ ...base, t: 'value', f, value: 1 }, 'app')).toBeUndefined()
      expect(parseMessage({ ...base, t: 'start', f }, 'app')).toBeUndefined()
      expect(parseMessage({ ...base, t: 'uncloneable', f }, 'app')).toBeUndefined()
      expect(parseMessage({ ...base, t: 'hello', n: f }, 'app')).toBeUndefined()
      expect(parseMessage({ ...base, t: 'start', f: 'f1', to: f === undefined ? null : f }, 'app')).toBeUndefined()
    }
  })

  test('it ignores a value message without a value and malformed error fields', () => {
    expect(parseMessage({ ...base, t: 'value', f: 'f1' }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, t: 'error', f: 'f1', name: 5 }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, t: 'error', f: 'f1', message: {} }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, t: 'error', f: 'f1', rebuilt: 'yes' }, 'app')).toBeUndefined()
    expect(parseMessage({ ...base, t: 'error', f: 'f1', rebuilt: true, name: 'E' }, 'app')).toBeUndefined()
  })
})

describe('errorBodies and decodeError', () => {
  test('an Error subclass is sent as its clone plus its name, which decodeError puts back', () => {
    class HttpError extends Error {
      override name = 'HttpError'
    }
    const [cloned] = errorBodies('f1', new HttpError('503'))
    const received = structuredClone(cloned) as { t: 'error'; f: string; error: unknown; name?: string }
    const error = decodeError({ ...received, h: '"k"' }) as Error
    expect([error instanceof Error, error.name, error.message]).toEqual([true, 'HttpError', '503'])
  })

  test('a reason that cannot be cloned is rebuilt from name and message', () => {
    const [, rebuilt] = errorBodies('f1', { name: 'Odd', f() {} })
    const error = decodeError({ ...(rebuilt as { t: 'error'; f: string; error: unknown }), h: '"k"' }) as Error
    expect([error instanceof Error, error.name, error.message]).toEqual([true, 'Odd', '[object Object]'])
  })

  test('a reason whose toString throws is still sent', () => {
    const hostile = {
      toString: () => {
        throw new Error('no')
      },
    }
    expect(errorBodies('f1', hostile)[1]).toMatchObject({ name: 'Error', message: 'unknown error', rebuilt: true })
  })
})
