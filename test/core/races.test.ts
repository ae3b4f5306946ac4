import { expect, it } from 'vitest'
import fc from 'fast-check'
import { Group } from '../../src/core'

// A model-checked property over random interleavings of do/settle/forget/abort
// and of when each flight's work settles. The model is small because the
// Group's rule is: a call that does not start fn joins the newest flight of
// its key, and a new flight may only start once that flight was settled,
// forgotten or abandoned by every caller.

type Mode = 'ok' | 'fail' | 'sync-ok' | 'sync-throw'
type Op =
  | { type: 'call'; key: number; settle: boolean; signal: boolean }
  | { type: 'forget'; key: number }
  | { type: 'abort'; caller: number }

interface FlightModel {
  id: number
  key: string
  settled: boolean
  forgotten: boolean
  callers: CallerModel[]
  signal: AbortSignal
}
interface CallerModel {
  flight: FlightModel
  controller: AbortController | undefined
  settle: boolean
  abortedBeforeOutcome: boolean
  // Aborted while the flight's work had not settled: must reject with its own reason.
  abortedBeforeSettle: boolean
  outcome?: { ok: boolean; value: unknown }
}

const keyOf = (k: number) => (k === 1 ? ['k', 1] : `k${k}`) // a string key and a structured key
const nameOf = (k: number) => `k${k}`
const abandoned = (f: FlightModel) =>
  f.callers.length > 0 && f.callers.every((c) => c.controller !== undefined && c.abortedBeforeOutcome)

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      type: fc.constant('call' as const),
      key: fc.nat(1),
      settle: fc.boolean(),
      signal: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('forget' as const), key: fc.nat(1) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('abort' as const), caller: fc.nat(30) }) },
)
const modeArb = fc.constantFrom<Mode>('ok', 'ok', 'ok', 'ok', 'fail', 'fail', 'sync-ok', 'sync-throw')

it('every caller settles with its own flight, fn runs once per flight, and size returns to 0 under any interleaving', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.scheduler(),
      fc.array(opArb, { minLength: 1, maxLength: 40 }),
      fc.array(modeArb, { minLength: 30, maxLength: 30 }),
      async (s, ops, modes) => {
        const group = new Group()
        const flights: FlightModel[] = []
        const callers: CallerModel[] = []
        const newest = new Map<string, FlightModel>()

        const run = (op: Op): Promise<void> => {
          if (op.type === 'forget') {
            const last = newest.get(nameOf(op.key))
            if (last) last.forgotten = true
            group.forget(keyOf(op.key))
          } else if (op.type === 'abort') {
            // Aim at callers that can still leave, so aborts hit live flights.
            const live = callers.filter((c) => c.controller && !c.outcome && !c.controller.signal.aborted)
            const caller = live[op.caller % Math.max(1, live.length)]
            if (caller) {
              caller.abortedBeforeOutcome = true
              caller.abortedBeforeSettle = !caller.flight.settled
              caller.controller!.abort(caller)
            }
          } else {
            const name = nameOf(op.key)
            const before = flights.length
            const fn = (signal: AbortSignal): unknown => {
              const previous = newest.get(name)
              // fn runs once per flight: no live flight of this key may exist now.
              if (previous) expect(previous.settled || previous.forgotten || abandoned(previous)).toBe(true)
              const flight: FlightModel = {
                id: flights.length,
                key: name,
                settled: false,
                forgotten: false,
                callers: [],
                signal,
              }
              flights.push(flight)
              newest.set(name, flight)
              const mode = modes[flight.id % modes.length]!
              const value = { key: name, id: flight.id }
              if (mode === 'sync-ok') return ((flight.settled = true), value)
              if (mode === 'sync-throw') {
                flight.settled = true
                throw value
              }
              return s.schedule(Promise.resolve(), `settle ${name}#${flight.id}`).then(() => {
                flight.settled = true
                if (mode === 'fail') throw value
                return value
              })
            }
            const controller = op.signal ? new AbortController() : undefined
            const options = controller ? { signal: controller.signal } : undefined
            const promise = op.settle ? group.settle(keyOf(op.key), fn, options) : group.do(keyOf(op.key), fn, options)
            // The call joined the newest flight of its key, or started a new one.
            const flight = flights.length > before ? flights[before]! : newest.get(name)!
            expect(flights.length - before).toBeLessThanOrEqual(1)
            const caller: CallerModel = {
              flight,
              controller,
              settle: op.settle,
              abortedBeforeOutcome: false,
              abortedBeforeSettle: false,
            }
            flight.callers.push(caller)
            callers.push(caller)
            promise.then(
              (value) => void (caller.outcome = { ok: true, value }),
              (value) => void (caller.outcome = { ok: false, value }),
            )
          }
          return Promise.resolve()
        }

        s.scheduleSequence(ops.map((op) => ({ label: JSON.stringify(op), builder: () => run(op) })))
        await s.waitAll()
        await new Promise((resolve) => setTimeout(resolve, 0))

        for (const caller of callers) {
          const { flight, outcome } = caller
          expect(outcome, 'every caller settles').toBeDefined()
          const expected = { key: flight.key, id: flight.id }
          if (caller.abortedBeforeSettle) {
            expect(outcome, 'a caller that left rejects with its own reason').toEqual({ ok: false, value: caller })
            continue
          }
          // Aborted after the work settled but before hearing of it: either is fine.
          if (caller.abortedBeforeOutcome && !outcome!.ok && outcome!.value === caller) continue
          const mode = modes[flight.id % modes.length]!
          const failed = mode === 'fail' || mode === 'sync-throw'
          if (caller.settle) {
            expect(outcome!.ok).toBe(true)
            expect(outcome!.value).toMatchObject(
              failed ? { status: 'rejected', reason: expected } : { status: 'fulfilled', value: expected },
            )
          } else {
            expect(outcome).toEqual({ ok: !failed, value: expected })
          }
        }
        for (const flight of flights) {
          // fn's signal aborts exactly when every caller of the flight left early.
          if (flight.signal.aborted) expect(abandoned(flight)).toBe(true)
          else if (!flight.settled) expect(abandoned(flight)).toBe(false)
        }
        expect(group.size).toBe(0)
      },
    ),
    { numRuns: Number(process.env.RACE_RUNS ?? 2000) },
  )
}, 600_000)
