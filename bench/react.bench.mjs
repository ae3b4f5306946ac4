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
const SWR = await import('swr')
const { default: useSWR, SWRConfig } = SWR
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
 * useSingleflight was than TanStack and SWR (median of same-round ratios too). A new scenario is a new set of contestants and a
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
  // Same-round ratios, like the × floor columns: a round disturbed by the machine moves every
  // contestant of that round, not one median.
  const faster = (field) => {
    const over = ratiosTo(samples, 'useSingleflight', (sample) => sample[field])
    return (
      `${median(over['TanStack useQuery']).toFixed(2)}× faster than TanStack, ` +
      `${median(over['SWR useSWR']).toFixed(2)}× faster than SWR`
    )
  }
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

// --- Scenario (H4): revalidation returning equal data -------------------
// 1,000 mounted components read `data` of one key; one revalidation answers
// with a new object deep-equal to the one shown. Counted: the components'
// re-renders after it (must be 0 for useSingleflight), and the time from the
// trigger until the answer landed and every library settled (the fetcher's
// 5 ms, then three macrotasks: TanStack notifies through setTimeout(0)).
// Interleaved with a rotating start, like the scenario above.
async function equalDataRevalidation() {
  const N = 1000
  let renders = 0
  let mounted = 0
  let fetches = 0
  let answered = Promise.resolve()
  const equalFetcher = () => {
    fetches++
    const answer = new Promise((resolve) => setTimeout(() => resolve({ name: 'ann', tags: ['a', 'b'] }), 5))
    answered = answer
    return answer
  }
  const macrotask = () => new Promise((resolve) => setTimeout(resolve, 0))
  const settle = async () => {
    await answered
    for (let i = 0; i < 3; i++) await macrotask()
  }
  const until = async (check) => {
    for (let i = 0; i < 2000 && !check(); i++) await macrotask()
    if (!check()) throw new Error('equal-data scenario: timed out waiting')
  }
  const reader = (useData) =>
    function Reader() {
      renders++
      const data = useData()
      React.useLayoutEffect(() => {
        if (data !== undefined) mounted++
      }, [data])
      return h('p', null, data ? data.name : '…')
    }
  // Each contestant: the tree, and how it triggers one revalidation of the key.
  const contestants = {
    useSingleflight: () => {
      const cache = createCache()
      const Reader = reader(function useData() {
        return useSingleflight(KEY, equalFetcher).data
      })
      return { tree: h(SingleflightProvider, { cache }, list(N, Reader)), revalidate: () => cache.invalidate(KEY) }
    },
    'SWR useSWR': () => {
      let mutate
      const Reader = reader(function useData() {
        return useSWR(KEY, equalFetcher).data
      })
      function Grab() {
        mutate = SWR.useSWRConfig().mutate
        return null
      }
      const tree = h(SWRConfig, { value: { provider: () => new Map() } }, h(Grab), list(N, Reader))
      return { tree, revalidate: () => mutate(KEY) }
    },
    'TanStack useQuery': () => {
      const client = new QueryClient({ defaultOptions: { queries: { retry: false } } })
      const Reader = reader(function useData() {
        return useQuery({ queryKey: [KEY], queryFn: equalFetcher }).data
      })
      const tree = h(QueryClientProvider, { client }, list(N, Reader))
      return { tree, revalidate: () => client.invalidateQueries({ queryKey: [KEY] }) }
    },
  }
  const once = async (make) => {
    const { tree, revalidate } = make()
    const container = document.createElement('div')
    document.body.append(container)
    const root = createRoot(container)
    renders = mounted = fetches = 0
    root.render(tree)
    await until(() => mounted === N)
    await settle()
    // The garbage of mounting is collected before the clock starts, for every contestant: the
    // scenario measures the revalidation, not a collection the mount left due.
    globalThis.gc?.()
    const rendersBefore = renders
    const fetchesBefore = fetches
    const c0 = process.cpuUsage()
    const t0 = performance.now()
    revalidate()
    // Some libraries call the fetcher a few ticks after the trigger.
    await until(() => fetches > fetchesBefore)
    await settle()
    const ms = performance.now() - t0
    const cpu = process.cpuUsage(c0)
    if (fetches !== fetchesBefore + 1)
      throw new Error(`the revalidation made ${fetches - fetchesBefore} fetcher calls, expected 1`)
    const rerenders = renders - rendersBefore
    root.unmount()
    container.remove()
    globalThis.gc?.()
    return { ms, cpu: (cpu.user + cpu.system) / 1000, rerenders }
  }
  const names = Object.keys(contestants)
  const results = Object.fromEntries(names.map((name) => [name, { ms: [], cpu: [], rerenders: [] }]))
  for (let round = 0; round < WARMUP + ROUNDS && Date.now() - started < BUDGET_MS * 1.5; round++) {
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const got = await once(contestants[name])
      if (round < WARMUP) continue
      for (const field of ['ms', 'cpu', 'rerenders']) results[name][field].push(got[field])
    }
  }
  console.log(
    `Revalidation returning equal data: N = ${N} mounted components reading data (${results[names[0]].ms.length} rounds, 1 fetcher call checked)`,
  )
  console.log('| contestant | re-renders (max over rounds) | wall ms (median) | process CPU ms (median) |')
  console.log('| --- | ---: | ---: | ---: |')
  for (const name of names) {
    const { ms, cpu, rerenders } = results[name]
    console.log(`| ${name} | ${Math.max(...rerenders)} | ${median(ms).toFixed(1)} | ${median(cpu).toFixed(1)} |`)
  }
  console.log('')
}
await equalDataRevalidation()
// --- end of the H4 scenario ---------------------------------------------

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
