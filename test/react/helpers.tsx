import { act } from '@testing-library/react'
import { Component, type ReactNode } from 'react'
import { deferred, type Deferred } from '../deferred'

/** drain lets promise chains run (microtasks only, so it works under fake timers) and flushes React. */
export const drain = async (): Promise<void> => {
  await act(async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve()
  })
}

/** A fetcher whose every call returns a new deferred, kept in `calls` with the signal it got. */
export const manual = <T,>() => {
  const calls: { key: unknown; signal: AbortSignal; d: Deferred<T> }[] = []
  const fetcher = (key: unknown, { signal }: { signal: AbortSignal }): Promise<T> => {
    const d = deferred<T>()
    calls.push({ key, signal, d })
    return d.promise
  }
  return { calls, fetcher }
}

/** texts: the text of every element matching `selector`. */
export const texts = (container: HTMLElement, selector = 'p'): string[] =>
  [...container.querySelectorAll(selector)].map((el) => el.textContent ?? '')

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
