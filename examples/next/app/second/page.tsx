import { ClientOnlyList, Profile } from '../components'

// No server loading here: after a client-side navigation from Home, the
// layout's cache already holds both keys, so nothing is requested.
export default function Second() {
  return (
    <main>
      <h1>Second page</h1>
      <Profile />
      <ClientOnlyList count={3} />
    </main>
  )
}
