import { defineConfig } from 'vitest/config'

// Example apps driven in Chromium: `npm run test:examples` builds each
// (scripts/example-next.mjs build) and then runs these files.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/examples/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
