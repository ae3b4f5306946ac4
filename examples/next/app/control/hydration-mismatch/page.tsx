import { Mismatch } from './mismatch'

// A page that fails hydration on purpose: the example's test loads it to show
// that its console watcher does catch a hydration mismatch.
export default function HydrationMismatch() {
  return <Mismatch />
}
