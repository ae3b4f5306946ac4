import { defineConfig } from 'vitest/config'

// Checks on the packed package (`npm run test:package`): each file packs it
// (`prepack` builds dist), so they stay out of `npm test` and coverage.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/package/**/*.pack.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 300_000,
  },
})
