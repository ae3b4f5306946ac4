export { useSingleflight } from './use-singleflight'
export { SingleflightProvider, useCache, type SingleflightProviderProps } from './provider'
export type { SingleflightOptions, SingleflightResult, SingleflightSuspenseResult, Status } from './types'
export { useMutation, type MutationAction, type MutationOptions, type MutationResult } from './use-mutation'
