import { useEffect, useRef } from 'react'
import { mountDevtools, type DevtoolsTarget } from 'oneflight/devtools'

/**
 * FlightPanel shows the oneflight devtools panel inside the page, open: the
 * entries of the cache and the flights on a time axis. The demo remounts it
 * (a new `key`) at every cold restart, so the timeline starts empty.
 *
 * @example
 * <FlightPanel key={generation} target={cache} />
 */
export const FlightPanel = ({ target }: { target: DevtoolsTarget }) => {
  const box = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!box.current) return
    return mountDevtools(target, { container: box.current, initialIsOpen: true })
  }, [target])
  return <div ref={box} className="flight-panel" data-testid="flight-panel" />
}
