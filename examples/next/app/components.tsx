'use client'
import { useSingleflight } from 'oneflight/react'
import { fetchData } from '../lib/keys'

interface User {
  id: number
  name: string
}
interface Team {
  name: string
  members: number
}
interface Greeting {
  greeting: string
  served: number
}

export function Profile() {
  const { data } = useSingleflight(['data', 'user-1'], fetchData<User>)
  return <p data-testid="user">{data ? data.name : 'loading user'}</p>
}

export function TeamCard() {
  const { data } = useSingleflight(['data', 'team'], fetchData<Team>)
  return <p data-testid="team">{data ? `${data.name}, ${data.members} members` : 'loading team'}</p>
}

// The key no server component loads: fetched in the browser, once for all of them.
function ClientOnly({ index }: { index: number }) {
  const { data } = useSingleflight(['data', 'client-only'], fetchData<Greeting>)
  return (
    <li data-greeting={data ? 'ready' : 'loading'}>
      {index}: {data ? `${data.greeting} (served ${data.served}x)` : 'loading'}
    </li>
  )
}

export function ClientOnlyList({ count }: { count: number }) {
  return (
    <ul>
      {Array.from({ length: count }, (_, index) => (
        <ClientOnly key={index} index={index} />
      ))}
    </ul>
  )
}
