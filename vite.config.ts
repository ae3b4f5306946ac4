/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type UserConfig } from 'vite'
import { demoApi } from './demo/api-plugin.js'

// The demo (`npm run demo`): the Vite app in demo/ with React and the
// embedded HTTP API. Vitest runs in mode 'test' and gets none of it, so the
// unit tests see exactly the config they had before the demo existed.
const demo: UserConfig = {
  root: fileURLToPath(new URL('./demo', import.meta.url)),
  plugins: [react(), demoApi()],
  // The demo imports the library by its package name, as a user would; the
  // names resolve to the source, so edits show up without a build.
  resolve: {
    alias: [
      { find: /^oneflight$/, replacement: fileURLToPath(new URL('./src/core/index.ts', import.meta.url)) },
      { find: /^oneflight\/(\w+)$/, replacement: fileURLToPath(new URL('./src/$1/index.ts', import.meta.url)) },
    ],
  },
  // Its own dependency cache, so the demo and other Vite servers (vitest, the
  // tabs e2e) never rewrite each other's pre-bundled dependencies.
  cacheDir: fileURLToPath(new URL('./node_modules/.vite/demo', import.meta.url)),
  // Pre-bundled at start-up: a dependency found later makes Vite reload the page.
  optimizeDeps: { include: ['react', 'react-dom/client', 'react/jsx-runtime', 'react/jsx-dev-runtime'] },
}

export default defineConfig(({ mode }) => ({
  ...(mode === 'test' ? {} : demo),
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    typecheck: {
      include: ['test/**/*.test-d.{ts,tsx}'],
      tsconfig: './tsconfig.json',
    },
    environment: 'node',
    // `npm run coverage`: the library's source only.
    coverage: {
      provider: 'v8',
      include: ['src/**'],
      reporter: ['text-summary', 'text'],
      // A little under the measured figures (statements 98.1, branches 95.1, functions 98.7,
      // lines 99.3 %): new code lands with its tests.
      thresholds: { lines: 98, statements: 97, branches: 93, functions: 97 },
    },
  },
}))
