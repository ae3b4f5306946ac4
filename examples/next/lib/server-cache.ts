import { createCache } from 'oneflight'
import { cache as perRequest } from 'react'

// One oneflight cache per server request: React's `cache` memoizes it for the
// duration of one render, so every server component of a request shares it
// (and its flights) while requests never share data.
export const getServerCache = perRequest(() => createCache({ staleTime: 60_000 }))
