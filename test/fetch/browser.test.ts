// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createFetch } from '../../src/fetch'

afterEach(() => {
  document.head.innerHTML = ''
})

describe('createFetch in a browser-like environment', () => {
  it('resolves relative URLs against the document, so they share with the absolute URL', async () => {
    const spy = vi.fn(async () => new Response('ok'))
    const fetch = createFetch({ fetch: spy })
    const absolute = new URL('/api/me', location.href).href
    await Promise.all([fetch('/api/me'), fetch('api/me'), fetch(absolute)])
    expect(spy).toHaveBeenCalledTimes(1)
  })

  it('honours <base href> as fetch does', async () => {
    const base = document.createElement('base')
    base.href = 'https://cdn.example/v2/'
    document.head.append(base)
    const spy = vi.fn(async () => new Response('ok'))
    const fetch = createFetch({ fetch: spy })
    await Promise.all([fetch('user'), fetch('https://cdn.example/v2/user')])
    expect(spy).toHaveBeenCalledTimes(1)
    await Promise.all([fetch('user'), fetch(new URL('/user', location.href))])
    expect(spy).toHaveBeenCalledTimes(3)
  })
})
