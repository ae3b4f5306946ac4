'use client'

export function Mismatch() {
  return <p>{typeof window === 'undefined' ? 'rendered on the server' : 'rendered in the browser'}</p>
}
