'use client'
import type { DehydratedState } from 'oneflight'
import { SingleflightProvider, useCache } from 'oneflight/react'
import type { ReactNode } from 'react'

// Writes a page's server state into the layout's cache (the one the hooks
// below read), before they render.
export function Hydrate({ state, children }: { state: DehydratedState; children: ReactNode }) {
  return (
    <SingleflightProvider cache={useCache()} state={state}>
      {children}
    </SingleflightProvider>
  )
}
