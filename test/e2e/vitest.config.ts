import { defineConfig } from 'vitest/config'

// End-to-end tests drive Debian's Chromium through playwright-core against
// servers started on 127.0.0.1 port 0; run with `npm run test:e2e`.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
})
