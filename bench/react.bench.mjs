// bench/react: N components mount on one key and show its data, for a
// minimal useSyncExternalStore + Map hook (the floor), useSingleflight, SWR
// and TanStack Query, under jsdom with React's production build. Time runs
// from root.render() until every component has committed the data; the
// fetcher answers after 5 ms and must run exactly once per run. Contestants
// are interleaved with a rotating start; medians and the median ratio to the
// floor measured in the same round (wall time, and the process CPU time,
// which a busy machine disturbs less). Then the brotli size of each hook with
// what it pulls in (esbuild bundle + minify, react external).

// Before anything imports React: the production build.
process.env.NODE_ENV = 'production'

const zlib = await import('node:zlib')
const { performance } = await import('node:perf_hooks')
const { fileURLToPath } = await import('node:url')
const { JSDOM } = await import('jsdom')

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true })
const { window } = dom
// Globals React DOM and the libraries look for. SWR decides "browser or
// server" at import, so these must exist before it loads.
for (const name of [
  'window',
  'document',
  'navigator',
  'Node',
  'Element',
  'HTMLElement',
  'HTMLIFrameElement',
  'Event',
  'requestAnimationFrame',
  'cancelAnimationFrame',
]) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    writable: true,
    value: name === 'window' ? window : window[name],
  })
}

const React = await import('react')
const { createRoot } = await import('react-dom/client')
const { default: useSWR, SWRConfig } = await import('swr')
const { QueryClient, QueryClientProvider, useQuery } = await import('@tanstack/react-query')
const { useSingleflight, SingleflightProvider } = await import('../dist/react.js')
const { createCache } = await import('../dist/index.js')
const { interleave, machine, median, printTable, ratiosTo } = await import('./harness.mjs')

const h = React.createElement
const started = Date.now()
const ROUNDS = Number(process.env.ROUNDS ?? 9)
const WARMUP = 2
const BUDGET_MS = 180_000 // a hard bound on the whole run
const SIZES = [100, 1000]
const KEY = 'user:1'

// One run's bookkeeping: fetcher calls and components that committed data.
let calls = 0
let shown = 0
let target = 0
let finish = () => {}
const fetcher = () => {
  calls++
  return new Promise((resolve) => setTimeout(() => resolve({ name: 'ann' }), 5))
}
// Counts a component as done once it has committed the data.
const useSeen = (data) => {
  React.useLayoutEffect(() => {
    if (data !== undefined && ++shown === target) finish()
  }, [data])
}

// The floor: the smallest hook that shares one request through a Map and
// useSyncExternalStore (no errors, no abort, no revalidation).
const floorStore = () => {
  const data = new Map()
  const inflight = new Set()
  const listeners = new Set()
  const subscribe = (cb) => (listeners.add(cb), () => listeners.delete(cb))
  return function useFloor(key, load) {
    const value = React.useSyncExternalStore(subscribe, () => data.get(key))
    React.useEffect(() => {
      if (data.has(key) || inflight.has(key)) return
      inflight.add(key)
      load(key).then((v) => {
        inflight.delete(key)
        data.set(key, v)
        for (const cb of listeners) cb()
      })
    }, [key, load])
    return value
  }
}

const list = (n, Item) => Array.from({ length: n }, (_, i) => h(Item, { key: i }))

const contestants = {
  'useSyncExternalStore + Map (floor)': (n) => {
    const useFloor = floorStore()
    function Item() {
      const data = useFloor(KEY, fetcher)
      useSeen(data)
      return h('p', null, data ? data.name : '…')
    }
    return h(React.Fragment, null, list(n, Item))
  },
  useSingleflight: (n) => {
    function Item() {
      const { data } = useSingleflight(KEY, fetcher)
      useSeen(data)
      return h('p', null, data ? data.name : '…')
    }
    return h(SingleflightProvider, { cache: createCache() }, list(n, Item))
  },
  'SWR useSWR': (n) => {
    function Item() {
      const { data } = useSWR(KEY, fetcher)
      useSeen(data)
      return h('p', null, data ? data.name : '…')
    }
    return h(SWRConfig, { value: { provider: () => new Map() } }, list(n, Item))
  },
  'TanStack useQuery': (n) => {
    function Item() {
      const { data } = useQuery({ queryKey: [KEY], queryFn: fetcher })
      useSeen(data)
      return h('p', null, data ? data.name : '…')
    }
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    return h(QueryClientProvider, { client }, list(n, Item))
  },
}

const mount = async (make, n) => {
  const tree = make(n)
  const container = document.createElement('div')
  document.body.append(container)
  const root = createRoot(container)
  calls = 0
  shown = 0
  target = n
  const done = new Promise((resolve) => (finish = resolve))
  const guard = setTimeout(() => finish(), 10_000) // a bounded wait
  const c0 = process.cpuUsage()
  const t0 = performance.now()
  root.render(tree)
  await done
  const ms = performance.now() - t0
  const cpu = process.cpuUsage(c0)
  clearTimeout(guard)
  if (shown !== n) throw new Error(`${shown} of ${n} components showed the data`)
  if (calls !== 1) throw new Error(`the fetcher ran ${calls} times, expected 1`)
  const texts = container.querySelectorAll('p')
  if (texts.length !== n || texts[n - 1].textContent !== 'ann') throw new Error('the DOM does not show the data')
  root.unmount()
  container.remove()
  globalThis.gc?.()
  return { ms, cpu: (cpu.user + cpu.system) / 1000 }
}

console.log(`bench/react — ${new Date().toISOString()}, ${machine()}`)
console.log(
  `React ${React.version} (production), jsdom, fetcher answers after 5 ms; ${ROUNDS} rounds after ${WARMUP} warm-up rounds, rotating start\n`,
)

/**
 * compare runs one scenario: every contestant interleaved over the rounds (`run(contestant)`
 * returns `{ ms, cpu }` and throws when the run's checks fail), then prints wall and CPU medians
 * with their same-round ratios to the first contestant, the floor, and how much faster
 * useSingleflight was than TanStack and SWR. A new scenario is a new set of contestants and a
 * `run` function.
 */
const compare = async (title, contestantsOfScenario, run) => {
  const names = Object.keys(contestantsOfScenario)
  const { samples, rounds } = await interleave({
    names,
    rounds: ROUNDS,
    warmup: WARMUP,
    budgetMs: BUDGET_MS - (Date.now() - started),
    measure: (name) => run(contestantsOfScenario[name]),
  })
  const wall = ratiosTo(samples, names[0], (sample) => sample.ms)
  const cpu = ratiosTo(samples, names[0], (sample) => sample.cpu)
  const medianOf = (name, field) => median(samples[name].map((sample) => sample[field]))
  const faster = (field) =>
    `${(medianOf('TanStack useQuery', field) / medianOf('useSingleflight', field)).toFixed(2)}× faster than TanStack, ` +
    `${(medianOf('SWR useSWR', field) / medianOf('useSingleflight', field)).toFixed(2)}× faster than SWR`
  console.log(`${title} (${rounds} rounds, 1 fetcher call checked in every run)`)
  printTable(
    ['contestant', 'wall ms (median)', '× floor, wall', 'process CPU ms (median)', '× floor, CPU'],
    names.map((name) => [
      name,
      medianOf(name, 'ms').toFixed(1),
      median(wall[name]).toFixed(2),
      medianOf(name, 'cpu').toFixed(1),
      median(cpu[name]).toFixed(2),
    ]),
  )
  console.log(`useSingleflight, wall: ${faster('ms')}; CPU: ${faster('cpu')}\n`)
}

// Scenario: N components mount on one key and show its data.
for (const n of SIZES) {
  await compare(`N = ${n} components on one key`, contestants, (make) => mount(make, n))
}

// Sizes: what an app pays for the hook, bundled the way an app bundler would.
const { build, stop } = await import('esbuild')
const root = fileURLToPath(new URL('..', import.meta.url))
const entries = {
  'useSingleflight (oneflight/react, src)': "export { useSingleflight } from './src/react'",
  'useSingleflight + SingleflightProvider': "export { useSingleflight, SingleflightProvider } from './src/react'",
  'useSWR (swr)': "export { default as useSWR } from 'swr'",
  'useQuery (@tanstack/react-query)': "export { useQuery } from '@tanstack/react-query'",
  'useQuery + QueryClient + QueryClientProvider':
    "export { useQuery, QueryClient, QueryClientProvider } from '@tanstack/react-query'",
}
console.log('| import | minified bytes | brotli bytes |')
console.log('| --- | ---: | ---: |')
for (const [name, contents] of Object.entries(entries)) {
  const out = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  })
  const code = out.outputFiles[0].contents
  const brotli = zlib.brotliCompressSync(code, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length
  console.log(`| ${name} | ${code.length} | ${brotli} (${(brotli / 1024).toFixed(2)} KB) |`)
}
// esbuild's service process, and the 5-minute gc timers TanStack leaves for
// every query of every run, would keep Node alive for minutes.
await stop()
process.exit(0)
