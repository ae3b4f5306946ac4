import { useCallback, useState, useSyncExternalStore, type FormEvent } from 'react'
import type { Cache } from 'oneflight'
import { SingleflightProvider, useMutation } from 'oneflight/react'
import { describeError, readJson, RESOURCES, type User } from '../lib/resources'

const USER = RESOURCES[0]
// Slow enough to see the optimistic name before the server's answer.
const WRITE_LATENCY = 800

const saveName = async (name: string, errorRate: number, signal: AbortSignal): Promise<User> => {
  const response = await fetch(`${USER}/name?errorRate=${errorRate}&latency=${WRITE_LATENCY}`, {
    method: 'PUT',
    cache: 'no-store',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name }),
    signal,
  })
  return (await readJson(response)) as User
}

// Reads the user from the cache without loading it: the grid's components
// load it, and this control must not add a request of its own to the counts.
const useCachedUser = (cache: Cache) => {
  const subscribe = useCallback((onChange: () => void) => cache.subscribe(USER, onChange), [cache])
  return useSyncExternalStore(subscribe, () => cache.get<User>(USER))
}

const RenameForm = ({ cache }: { cache: Cache }) => {
  const [draft, setDraft] = useState('ada king')
  const [errorRate, setErrorRate] = useState(0)
  const user = useCachedUser(cache)
  const rename = useMutation((name: string, { signal }) => saveName(name, errorRate, signal), {
    key: USER,
    // Shown at once in every cell; dropped alone if the server refuses.
    optimistic: (current: User | undefined, name) => ({ id: 1, email: '', ...current, name }),
    // The server's answer (its normalized name) becomes the base at once;
    // then the key is revalidated (the default): the user reloads.
    populate: (_, saved) => saved,
  })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    rename.mutate(draft)
  }

  const status =
    rename.status === 'pending'
      ? `Saving “${rename.variables}”: every cell shows it already (optimistic layer); the server answers in ${WRITE_LATENCY} ms.`
      : rename.status === 'success'
        ? `Saved: the server stored “${rename.data?.name}”, then the user was revalidated (see the timeline).`
        : rename.status === 'error'
          ? `The server refused (${describeError(rename.error)}): “${rename.variables}” was rolled back, other edits stay.`
          : 'Rename user 1: the new name shows at once, the server confirms or refuses it.'

  return (
    <section className="rename" aria-label="rename user" data-testid="rename">
      <h2>
        useMutation: rename user 1{' '}
        <output data-testid="rename-current" data-fetching={String(user?.isFetching ?? false)}>
          {user?.data?.name ?? '…'}
        </output>
      </h2>
      <form onSubmit={submit}>
        <input
          value={draft}
          maxLength={60}
          aria-label="new name"
          data-testid="rename-input"
          onChange={(event) => setDraft(event.currentTarget.value)}
        />
        <button type="submit" data-testid="rename-submit">
          Rename
        </button>
        <label className="field">
          <span className="field-label">
            Write error rate <output>{Math.round(errorRate * 100)} %</output>
          </span>
          <input
            type="range"
            min={0}
            max={1}
            step={0.05}
            value={errorRate}
            data-testid="rename-error-rate"
            onChange={(event) => setErrorRate(Number(event.currentTarget.value))}
          />
        </label>
      </form>
      <p className="rename-status" data-testid="rename-status" data-state={rename.status}>
        {status}
      </p>
    </section>
  )
}

/**
 * RenameUser: a `useMutation` control on the grid's cache. Its optimistic
 * name shows at once in every cell, a refused write rolls back only itself,
 * and a saved one folds in the server's answer and reloads the user.
 *
 * @example
 * <RenameUser cache={cache} />
 */
export const RenameUser = ({ cache }: { cache: Cache }) => (
  <SingleflightProvider cache={cache}>
    <RenameForm cache={cache} />
  </SingleflightProvider>
)
