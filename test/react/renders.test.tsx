// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react'
import { createRef, useImperativeHandle, type Ref } from 'react'
import { afterEach, describe, expect, it } from 'vitest'
import { createCache, type Cache } from '../../src/core'
import { SingleflightProvider, useSingleflight, type SingleflightResult } from '../../src/react'
import { drain, manual, type Fetch } from './helpers'

afterEach(cleanup)

const counts = { data: 0, fetching: 0, none: 0, all: 0 }

function DataOnly({ fetcher, api }: { fetcher: Fetch; api: Ref<SingleflightResult<string>> }) {
  counts.data++
  const result = useSingleflight('user', fetcher)
  useImperativeHandle(api, () => result)
  return <p>{result.data}</p>
}
function FetchingToo({ fetcher }: { fetcher: Fetch }) {
  counts.fetching++
  const { data, isFetching } = useSingleflight('user', fetcher)
  return <p>{`${data}:${isFetching}`}</p>
}
function ReadsNothing({ fetcher }: { fetcher: Fetch }) {
  counts.none++
  useSingleflight('user', fetcher)
  return null
}
function ReadsAll({ fetcher }: { fetcher: Fetch }) {
  counts.all++
  const { data, error, status, isLoading, isFetching, isPreviousData } = useSingleflight('user', fetcher)
  return <p>{`${data}:${String(error)}:${status}:${isLoading}:${isFetching}:${isPreviousData}`}</p>
}

const app = (cache: Cache, fetcher: Fetch, api: Ref<SingleflightResult<string>>) => (
  <SingleflightProvider cache={cache}>
    <DataOnly fetcher={fetcher} api={api} />
    <FetchingToo fetcher={fetcher} />
    <ReadsNothing fetcher={fetcher} />
    <ReadsAll fetcher={fetcher} />
  </SingleflightProvider>
)

describe('useSingleflight: re-renders', () => {
  it('a component re-renders only when a field it read changed', async () => {
    Object.assign(counts, { data: 0, fetching: 0, none: 0, all: 0 })
    const { calls, fetcher } = manual<string>()
    const api = createRef<SingleflightResult<string>>()
    render(app(createCache(), fetcher, api))
    await drain() // first load starts: isFetching was true from the first render, nothing flips
    calls[0]!.d.resolve('ann')
    await drain() // data arrives, isFetching flips to false
    void api.current!.refetch()
    await drain() // isFetching true
    calls[1]!.d.resolve('ann')
    await drain() // same data, isFetching false
    // data: the first render and the answer; nothing for the four isFetching flips.
    expect(counts.data).toBe(2)
    expect(counts.none).toBe(1)
    // Readers of isFetching see every flip: 1 (already fetching) + (ann, false) + true + false.
    expect(counts.fetching).toBe(4)
    expect(counts.all).toBe(4)
  })
})
