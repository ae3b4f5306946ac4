import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// `npm run test:react18`: the React suite (test/react/**) on React 18, from
// the separate install in .react18/ (made by scripts/react18.mjs, never in
// the main lockfile). Every import of react, react-dom and
// @testing-library/react in the tests and in src/ resolves there; those
// packages then find each other (and @testing-library/dom) inside .react18/.
const installed = fileURLToPath(new URL('../../.react18/node_modules/', import.meta.url))

export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: {
    alias: [{ find: /^(react|react-dom|@testing-library\/react)(\/.*)?$/, replacement: `${installed}$1$2` }],
  },
  test: {
    include: ['test/react/**/*.test.{ts,tsx}'],
    environment: 'node',
  },
})
