import type { Connect, Plugin } from 'vite'
import { createOrigin } from './api/origin.js'
import { createApiHandler } from './api/routes.js'

/**
 * demoApi is the Vite plugin that serves the demo's HTTP API from the Vite
 * server's own process, in `vite` (dev) and in `vite preview`. Each server
 * gets its own origin, so two servers never share counters.
 *
 * @example
 * // vite.config.ts
 * export default defineConfig({ plugins: [demoApi()] })
 * // then: GET /api/user/1, GET /api/products, GET /api/stats, POST /api/reset
 */
export const demoApi = (): Plugin => {
  // Added directly, not from a returned hook: it must run before Vite's own
  // middlewares (the SPA fallback would answer /api/* with index.html).
  const attach = (
    middlewares: Connect.Server,
    httpServer: { once(event: 'close', listener: () => void): unknown } | null,
  ): void => {
    const handler = createApiHandler(createOrigin())
    middlewares.use(handler)
    httpServer?.once('close', handler.close)
  }
  return {
    name: 'oneflight-demo-api',
    configureServer: (server) => attach(server.middlewares, server.httpServer),
    configurePreviewServer: (server) => attach(server.middlewares, server.httpServer),
  }
}
