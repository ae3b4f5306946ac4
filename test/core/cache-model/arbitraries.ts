import fc from 'fast-check'
import { FetchCommand, InvalidateCommand, RemoveCommand, SetCommand, type SignalMode } from './commands'
import {
  AbortCommand,
  AdvanceCommand,
  ClearCommand,
  SettleCommand,
  SubscribeCommand,
  UnsubscribeCommand,
} from './lifecycle'
import { FirstDataCommand, HydrateCommand, RevalidateCommand, type RevalidateMode } from './internals'
import { AbortMutationCommand, MutateCommand, SettleMutationCommand } from './mutations'
import type { Command } from './step'
import type { Mutation, Settings } from './types'
import { KEYS, type Features } from './world'

const key = fc.nat(KEYS.length - 1)
const index = fc.nat(7)

/** settingsArbitrary: the cache options of a run: small gcTime and maxEntries often. */
export const settingsArbitrary: fc.Arbitrary<Settings> = fc.record({
  staleTime: fc.constantFrom(0, 50, Infinity),
  gcTime: fc.constantFrom(30, 300, Infinity),
  maxEntries: fc.constantFrom(Infinity, Infinity, 1, 2),
})

/** commandArbitraries: every command, weighted so that loads are often in flight when the others act. */
export const commandArbitraries = (features: Features): fc.Arbitrary<Command>[] => {
  const fetch = fc
    .tuple(
      key,
      fc.boolean(),
      features.perCallStaleTime ? fc.constantFrom(undefined, undefined, 0, 30, Infinity) : fc.constant(undefined),
      fc.constantFrom<SignalMode>('none', 'none', 'signal', 'signal', 'aborted'),
    )
    .map(([k, force, staleTime, signal]) => new FetchCommand(k, force, staleTime, signal))
  const mutate = fc
    .tuple(
      key,
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom<Mutation['revalidate']>('default', 'default', 'none', 'every key'),
      fc.constantFrom<SignalMode>('none', 'none', 'none', 'signal', 'aborted'),
    )
    .map((args) => new MutateCommand(...args))
  const commands: fc.WeightedArbitrary<Command>[] = [
    { weight: 6, arbitrary: fetch },
    { weight: 5, arbitrary: fc.tuple(index, fc.boolean()).map(([i, ok]) => new SettleCommand(i, ok)) },
    { weight: 1, arbitrary: index.map((i) => new SettleCommand(i, true, true)) },
    { weight: 2, arbitrary: fc.tuple(key, fc.boolean()).map(([k, updater]) => new SetCommand(k, updater)) },
    { weight: 3, arbitrary: fc.option(key, { freq: 4, nil: undefined }).map((k) => new InvalidateCommand(k)) },
    { weight: 2, arbitrary: key.map((k) => new SubscribeCommand(k)) },
    { weight: 2, arbitrary: fc.tuple(index, fc.boolean()).map(([i, again]) => new UnsubscribeCommand(i, again)) },
    { weight: 1, arbitrary: fc.constant(new ClearCommand()) },
    { weight: 2, arbitrary: fc.constantFrom(1, 10, 40, 200).map((ms) => new AdvanceCommand(ms)) },
    { weight: 2, arbitrary: index.map((i) => new AbortCommand(i)) },
  ]
  if (features.internals) {
    const revalidate = fc
      .tuple(key, fc.constantFrom<RevalidateMode>('ifStale', 'join', 'restart'), fc.constantFrom(undefined, 0, 30))
      .map(([k, mode, staleTime]) => new RevalidateCommand(k, mode, staleTime))
    commands.push({ weight: 2, arbitrary: revalidate })
    commands.push({ weight: 1, arbitrary: key.map((k) => new FirstDataCommand(k)) })
    const hydrate = fc.tuple(key, fc.constantFrom(0, 20, 200)).map(([k, age]) => new HydrateCommand(k, age))
    commands.push({ weight: 1, arbitrary: hydrate })
  }
  if (features.remove) commands.push({ weight: 1, arbitrary: key.map((k) => new RemoveCommand(k)) })
  if (features.mutate) {
    commands.push({ weight: 3, arbitrary: mutate })
    const settle = fc.tuple(index, fc.boolean()).map(([i, ok]) => new SettleMutationCommand(i, ok))
    commands.push({ weight: 3, arbitrary: settle })
    commands.push({ weight: 1, arbitrary: index.map((i) => new AbortMutationCommand(i)) })
  }
  return [fc.oneof(...commands)]
}
