import fc from 'fast-check'
import { afterEach, beforeEach, it, vi } from 'vitest'
import { commandArbitraries } from './cache-model/commands'
import { verify } from './cache-model/verify'
import { World, type Settings } from './cache-model/world'

// A model-based test of the cache: random sequences of fetch (forced, with a
// per-call staleTime, with signals that abort), set, invalidate, subscribe,
// unsubscribe (and StrictMode's unmount-remount), clear, time passing, and
// loads answering or failing in any order, each step checked against the
// reference model in ./cache-model (what DESIGN promises). RACE_RUNS (npm run
// test:races) runs many more.

const runs = Number(process.env.RACE_RUNS ?? 1000)

const settings: fc.Arbitrary<Settings> = fc.record({
  staleTime: fc.constantFrom(0, 50, Infinity),
  gcTime: fc.constantFrom(30, 300, Infinity),
  maxEntries: fc.constantFrom(Infinity, Infinity, 1, 2),
})

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
afterEach(() => void vi.useRealTimers())

it('the cache keeps every promise of its model under any sequence of calls, answers and time', async () => {
  await fc.assert(
    fc.asyncProperty(
      settings,
      fc.commands(commandArbitraries({ perCallStaleTime: false }), { maxCommands: 50, size: 'medium' }),
      async (options, commands) => {
        const world = new World(options)
        try {
          await fc.asyncModelRun(() => ({ model: world, real: world }), commands)
          await world.drain(verify)
        } finally {
          world.dispose()
        }
      },
    ),
    { numRuns: runs },
  )
}, 600_000)
