import { dehydrate } from 'oneflight'
import { ClientOnlyList, Profile, TeamCard } from './components'
import { Hydrate } from './hydrate'
import { getServerCache } from '../lib/server-cache'
import { load } from '../lib/data'

export const dynamic = 'force-dynamic'

// A server component: loads through a cache made for this request, then hands
// what it loaded to the client components below, which read the same keys.
export default async function Home() {
  const cache = getServerCache()
  await Promise.all(
    ['user-1', 'team'].map((name) => cache.fetch(['data', name], ([, record]) => load(record, 'server'))),
  )
  return (
    <main>
      <h1>Home</h1>
      <Hydrate state={dehydrate(cache)}>
        <Profile />
        <TeamCard />
        <ClientOnlyList count={200} />
      </Hydrate>
    </main>
  )
}
