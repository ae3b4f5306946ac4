import fc from 'fast-check'
import { afterEach, beforeEach, it, vi } from 'vitest'
import { commandArbitraries, settingsArbitrary } from './cache-model/arbitraries'
import { answerAll } from './cache-model/mutations'
import { verify } from './cache-model/verify'
import { World, type Features } from './cache-model/world'

// A model-based test of the cache: random sequences of fetch (forced, with a
// per-call staleTime, with signals that abort), set, invalidate, remove,
// mutate, subscribe, unsubscribe (and StrictMode's unmount-remount), clear,
// time passing, and loads and actions answering or failing in any order, each
// step checked against the reference model in ./cache-model (what DESIGN
// promises). RACE_RUNS (npm run test:races) runs many more.

const runs = Number(process.env.RACE_RUNS ?? 1000)
const features: Features = {
  perCallStaleTime: true,
  remove: true,
  inspect: true,
  mutate: true,
  internals: true,
  events: true,
}

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
afterEach(() => void vi.useRealTimers())

it('the cache keeps every promise of its model under any sequence of calls, answers and time', async () => {
  await fc.assert(
    fc.asyncProperty(
      settingsArbitrary,
      fc.commands(commandArbitraries(features), { maxCommands: 50, size: 'medium' }),
      async (settings, commands) => {
        const world = new World(settings, features)
        try {
          await fc.asyncModelRun(() => ({ model: world, real: world }), commands)
          await world.drain(answerAll, verify)
        } finally {
          world.dispose()
        }
      },
    ),
    { numRuns: runs },
  )
}, 600_000)
