import type { MutateOptions } from '../../../src/core'
import { deferred } from '../../deferred'
import { fail } from './fail'
import { expectReloads, revalidated, settleLoad, settleMutation } from './rules'
import { name, step, type Command } from './step'
import type { SignalMode } from './commands'
import type { Mutation } from './types'
import type { World } from './world'

// cache.mutate: an action that waits on a deferred a command settles, an
// optimistic layer that wraps the data it is given, a populate that folds
// the result in, and what it revalidates.

export class MutateCommand implements Command {
  constructor(
    readonly key: number,
    readonly optimistic: boolean,
    readonly populate: boolean,
    readonly rollbackOnError: boolean,
    readonly revalidate: Mutation['revalidate'],
    readonly signal: SignalMode,
  ) {}
  check = () => true
  async run(world: World): Promise<void> {
    const { key, optimistic, populate, rollbackOnError, revalidate } = this
    const id = world.mutations.length
    const controller = this.signal === 'none' ? undefined : new AbortController()
    if (this.signal === 'aborted') controller!.abort({ mutationAbortedBefore: id })
    // An already-aborted signal rejects at once: no action, no layer, (maybe) no entry.
    const model = this.signal === 'aborted' ? world.keys[key]! : world.ensure(key)
    if (this.signal === 'aborted') world.mayAppear.add(key)
    const mutation: Mutation = {
      id,
      key,
      generation: model.generation,
      answer: deferred(),
      answered: false,
      state: 'running',
      optimistic,
      populate,
      rollbackOnError,
      revalidate,
      calls: 0,
      actionSignal: undefined,
      controller,
      aborted: this.signal === 'aborted',
      expected: this.signal === 'aborted' ? { ok: false, value: controller!.signal.reason } : undefined,
      outcome: undefined,
    }
    if (this.signal === 'aborted') {
      mutation.state = 'done'
      mutation.answered = true
    }
    world.mutations.push(mutation)
    const options: MutateOptions<unknown, unknown> = {
      ...(optimistic && { optimistic: (current) => ({ optimistic: id, over: current }) }),
      ...(populate && { populate: (current, result) => ({ populated: id, result, over: current }) }),
      ...(!rollbackOnError && { rollbackOnError: false }),
      ...(revalidate === 'none' && { revalidate: false }),
      ...(revalidate === 'every key' && { revalidate: () => true }),
      ...(controller && { signal: controller.signal }),
    }
    const action = (signal: AbortSignal) => {
      mutation.calls++
      mutation.actionSignal = signal
      return mutation.answer.promise
    }
    world.watch(mutation, world.cache.mutate(world.handKey(key), action, options))
    await step(world, () => {
      const calls = this.signal === 'aborted' ? 0 : 1
      if (mutation.calls !== calls)
        fail('a mutation runs its action once', `mutation #${id} ran it ${mutation.calls} times`)
    })
  }
  toString = () =>
    `mutate(${name(this.key)}${this.optimistic ? ', optimistic' : ''}${this.populate ? ', populate' : ''}${this.rollbackOnError ? '' : ', keep on error'}${this.revalidate === 'default' ? '' : `, revalidate ${this.revalidate}`}${this.signal === 'none' ? '' : `, ${this.signal}`})`
}

const unanswered = (world: World) => world.mutations.filter((mutation) => !mutation.answered)
const abortable = (world: World) => world.mutations.filter((m) => m.state === 'running' && m.controller && !m.aborted)

/** Aborts a running mutation's signal: its action's signal must abort (the action still decides how it ends). */
export class AbortMutationCommand implements Command {
  constructor(readonly index: number) {}
  check = (world: World) => abortable(world).length > 0
  async run(world: World): Promise<void> {
    const list = abortable(world)
    const mutation = list[this.index % list.length]!
    mutation.aborted = true
    mutation.controller!.abort({ mutationAborted: mutation.id })
    await step(world, () => {
      if (!mutation.actionSignal?.aborted)
        fail("a mutation's signal aborts its action's", `mutation #${mutation.id}'s action signal did not abort`)
    })
  }
  toString = () => `abortMutation(#${this.index})`
}

export class SettleMutationCommand implements Command {
  constructor(
    readonly index: number,
    readonly ok: boolean,
  ) {}
  check = (world: World) => unanswered(world).length > 0
  async run(world: World): Promise<void> {
    const list = unanswered(world)
    await answerMutation(world, list[this.index % list.length]!, this.ok)
  }
  toString = () => `${this.ok ? 'succeed' : 'fail'}(open mutation #${this.index})`
}

const answerMutation = async (world: World, mutation: Mutation, ok: boolean): Promise<void> => {
  const since = world.loads.length
  settleMutation(world, mutation, ok)
  // A success revalidates once the action's promise settled: reloads start meanwhile.
  await step(world, () => expectReloads(world, ok ? revalidated(mutation) : [], since))
}

/** answerAll: every open load answers, then every open mutation succeeds, one by one. */
export const answerAll = async (world: World): Promise<void> => {
  for (const load of world.loads) if (!load.answered) settleLoad(world, load, true)
  await step(world)
  for (const mutation of unanswered(world)) await answerMutation(world, mutation, true)
}
