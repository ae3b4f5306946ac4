'use client'
import { createCache } from 'oneflight'
import { SingleflightProvider } from 'oneflight/react'
import { useState, type ReactNode } from 'react'

// One cache per browser tab (and per server render), made once: the root
// layout stays mounted across client-side navigations, so the cache does too.
export function Providers({ children }: { children: ReactNode }) {
  const [cache] = useState(() => createCache({ staleTime: 60_000 }))
  return <SingleflightProvider cache={cache}>{children}</SingleflightProvider>
}
