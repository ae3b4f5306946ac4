import { vi } from 'vitest'

/**
 * manualFrames replaces requestAnimationFrame with a queue the test runs by
 * hand: `run()` runs the frames requested so far and returns how many ran.
 */
export const manualFrames = () => {
  let queue: FrameRequestCallback[] = []
  vi.stubGlobal('requestAnimationFrame', (callback: FrameRequestCallback) => queue.push(callback))
  vi.stubGlobal('cancelAnimationFrame', (id: number) => {
    queue[id - 1] = () => {}
  })
  return {
    pending: () => queue.length,
    run(): number {
      const due = queue
      queue = []
      for (const callback of due) callback(performance.now())
      return due.length
    },
  }
}
