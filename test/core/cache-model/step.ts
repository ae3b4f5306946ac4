import type fc from 'fast-check'
import { flush } from './fail'
import { verify } from './verify'
import { KEYS, type World } from './world'

/** Command: one step of a model run; the world is both the model and the real system. */
export type Command = fc.AsyncCommand<World, World, false>

export const name = (key: number): string => JSON.stringify(KEYS[key])

/**
 * step ends a command: the caller's key objects change, every queued
 * microtask runs, `settled` (if given) reads what happened meanwhile, and
 * every property is verified.
 */
export const step = async (world: World, settled?: () => void): Promise<void> => {
  world.scrambleKeys()
  await flush()
  world.reportProblem()
  settled?.()
  verify(world)
}
