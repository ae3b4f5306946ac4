// @vitest-environment jsdom
import { describe, expect, test } from 'vitest'
import { fallbackTests } from './fallback'

describe('createTabGroup under jsdom', () => {
  test('jsdom has no Web Locks', () => {
    expect((navigator as { locks?: unknown }).locks).toBeUndefined()
  })

  fallbackTests()
})
