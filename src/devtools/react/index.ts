import { useEffect, useRef } from 'react'
import { useCache } from '../../react'
import { mountDevtools, type DevtoolsOptions } from '../panel'

/**
 * SingleflightDevtoolsProps: the props of `SingleflightDevtools`, the options of `mountDevtools`.
 *
 * @example
 * const props: SingleflightDevtoolsProps = { initialIsOpen: true }
 */
export type SingleflightDevtoolsProps = DevtoolsOptions

/**
 * SingleflightDevtools mounts the devtools panel (`mountDevtools`) for the
 * cache of the nearest `SingleflightProvider` (or the default cache), and
 * removes it on unmount. It renders nothing itself: the panel lives in its
 * own shadow root, floating over the page or inside `container`.
 * `initialIsOpen` is read once, when the panel mounts.
 *
 * @example
 * <SingleflightProvider cache={cache}>
 *   <App />
 *   {import.meta.env.DEV && <SingleflightDevtools />}
 * </SingleflightProvider>
 */
export function SingleflightDevtools({ container, initialIsOpen }: SingleflightDevtoolsProps = {}): null {
  const cache = useCache()
  const openAtMount = useRef(initialIsOpen)
  useEffect(() => mountDevtools(cache, { container, initialIsOpen: openAtMount.current }), [cache, container])
  return null
}
