// The app's data source, served to browsers by the route handler in
// app/api/data/[name] and read in-process by server components. Every read is
// counted by who asked (`http`: a request to the route handler, `server`: a
// server component), so the example's test can see which requests happened.
// The counts live on globalThis: the route handlers and the pages are separate
// bundles in one Node process, and must count together.

export type Source = 'http' | 'server'
export interface Counts {
  http: Record<string, number>
  server: Record<string, number>
}

const store = globalThis as typeof globalThis & { oneflightExampleCounts?: Counts }
export const counts: Counts = (store.oneflightExampleCounts ??= { http: {}, server: {} })

const records: Record<string, (served: number) => unknown> = {
  'user-1': () => ({ id: 1, name: 'Ada Lovelace' }),
  team: () => ({ name: 'Analytical Engine', members: 12 }),
  // Loaded only in the browser: it says how many times it was served.
  'client-only': (served) => ({ greeting: 'Hello from the client-only key', served }),
}

/** The names the API serves. */
export const names = Object.keys(records)

/** load reads one record and counts the read; undefined for an unknown name. */
export const load = (name: string, source: Source): unknown => {
  const record = records[name]
  if (!record) return undefined
  const served = (counts[source][name] = (counts[source][name] ?? 0) + 1)
  return record(served)
}
