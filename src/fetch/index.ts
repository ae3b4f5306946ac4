export { createFetch, type CreateFetchOptions, type FetchFunction } from './create-fetch'
