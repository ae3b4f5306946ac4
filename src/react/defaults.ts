import { createContext } from 'react'
import type { SingleflightDefaults } from './types'

/**
 * DefaultsContext: the options the nearest `SingleflightProvider` gives the
 * hooks below it (merged with those of the providers above it).
 *
 * @example
 * const defaults = useContext(DefaultsContext)
 */
export const DefaultsContext = createContext<SingleflightDefaults | undefined>(undefined)
