/** Every record is cached under ['data', name]. */
export type DataKey = readonly ['data', string]

/** fetchData: the browser's fetcher, a request to the app's route handler. */
export const fetchData = async <T>([, name]: DataKey, { signal }: { signal: AbortSignal }): Promise<T> => {
  const response = await fetch(`/api/data/${name}`, { signal })
  if (!response.ok) throw new Error(`GET /api/data/${name}: ${response.status}`)
  return (await response.json()) as T
}
