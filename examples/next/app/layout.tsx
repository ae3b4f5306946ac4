import Link from 'next/link'
import type { ReactNode } from 'react'
import { Providers } from './providers'

export const metadata = { title: 'oneflight + Next.js App Router' }

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <nav>
          <Link href="/">Home</Link> · <Link href="/second">Second page</Link>
        </nav>
        <Providers>{children}</Providers>
      </body>
    </html>
  )
}
