import { useEffect, useRef } from 'react'

const CHANNEL = 'oneflight-demo-control'

/**
 * useTabRestarts connects the demo's tabs while cross-tab mode is on: the
 * returned function asks every other such tab to cold-restart now, and
 * `onRestart` runs when another tab asks this one. One click thus makes all
 * tabs mount their components within a few milliseconds: the cross-tab
 * stampede. Anything but `{ type: 'restart' }` on the channel is ignored.
 *
 * @example
 * const restartOthers = useTabRestarts(tabs, () => void restart({ origin: false }))
 * restartOthers()
 */
export const useTabRestarts = (enabled: boolean, onRestart: () => void): (() => void) => {
  const handler = useRef(onRestart)
  handler.current = onRestart
  const channel = useRef<BroadcastChannel>(undefined)
  useEffect(() => {
    if (!enabled || typeof BroadcastChannel !== 'function') return
    const open = new BroadcastChannel(CHANNEL)
    open.onmessage = (event: MessageEvent<unknown>) => {
      if ((event.data as { type?: unknown } | null)?.type === 'restart') handler.current()
    }
    channel.current = open
    return () => {
      open.close()
      channel.current = undefined
    }
  }, [enabled])
  return () => channel.current?.postMessage({ type: 'restart' })
}
