import { act } from '@testing-library/react'
import { Component, useImperativeHandle, useLayoutEffect, type ReactNode, type Ref } from 'react'
import type { Cache, Key } from '../../src/core'
import {
  SingleflightProvider,
  useSingleflight,
  type SingleflightOptions,
  type SingleflightResult,
} from '../../src/react'
import type { Fetch } from '../manual'

export { manual, type Fetch } from '../manual'

/**
 * drain: THE "let promises run" helper of the React tests. It runs queued
 * microtasks for a bounded number of turns (no timers, so it works under
 * fake timers too) inside `act`, so React commits every update they cause.
 * Use it after anything that settles a promise or fires an event.
 */
export const drain = async (): Promise<void> => {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
  })
}

/** texts: the text of every element matching `selector`. */
export const texts = (container: HTMLElement, selector = 'p'): string[] =>
  [...container.querySelectorAll(selector)].map((el) => el.textContent ?? '')

/** A result field as Show prints it: '' for undefined, an error's message, anything else as a string. */
const print = (value: unknown): string =>
  value === undefined ? '' : value instanceof Error ? value.message : String(value)

/** ShowProps: the key (default 'user' when the prop is left out), fetcher and options of a Show, the fields it prints, a ref to its result. */
export interface ShowProps {
  k?: Key | null | undefined | false
  fetcher: Fetch
  options?: SingleflightOptions<string>
  fields?: readonly (keyof SingleflightResult<string>)[]
  api?: Ref<SingleflightResult<string>>
}

/**
 * Show: one useSingleflight, printed as `<p>` with the `fields` it reads
 * (default status and data) joined by ':', e.g. `success:ann`. It reads
 * nothing else, so its re-renders follow those fields only.
 */
export function Show(props: ShowProps) {
  const { fetcher, options, fields = ['status', 'data'], api } = props
  const result = useSingleflight('k' in props ? props.k : 'user', fetcher, options)
  useImperativeHandle(api, () => result)
  return <p>{fields.map((field) => print(result[field])).join(':')}</p>
}

/** many: `count` Shows with the same props under a provider of `cache`. */
export const many = (cache: Cache, count: number, props: ShowProps) => (
  <SingleflightProvider cache={cache}>
    {Array.from({ length: count }, (_, i) => (
      <Show key={i} {...props} />
    ))}
  </SingleflightProvider>
)

/** Boundary: a minimal error boundary that shows the caught error's message. */
export class Boundary extends Component<{ children: ReactNode }, { error: unknown }> {
  override state = { error: undefined as unknown }
  static getDerivedStateFromError(error: unknown) {
    return { error }
  }
  override render() {
    return this.state.error ? <p>caught: {(this.state.error as Error).message}</p> : this.props.children
  }
}

// React logs "Cannot update a component while rendering a different
// component" only once per rendering component, so tests watch for the
// cause instead: a subscriber notified while a render is in progress.
let rendering = false

/**
 * RenderMark: put it first in a tree; from its render until its layout
 * effect (the first to run once the render is committed) `renderInProgress()`
 * is true.
 */
export function RenderMark() {
  rendering = true
  useLayoutEffect(() => {
    rendering = false
  })
  return null
}

/** renderInProgress: whether a tree with a RenderMark is rendering right now. */
export const renderInProgress = (): boolean => rendering
