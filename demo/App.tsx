import { useEffect, useRef, useState } from 'react'
import { flushSync } from 'react-dom'
import { Controls, type Mode } from './components/Controls'
import { Counters } from './components/Counters'
import { RenameUser } from './components/RenameUser'
import { TabsHint } from './components/TabsHint'
import { FlightPanel } from './components/FlightPanel'
import { refetchBus } from './lib/bus'
import { counters } from './lib/counters'
import { fetchFlights, naiveFlights } from './lib/flight-source'
import { configureOrigin, resetOrigin } from './lib/origin-client'
import { RESOURCES } from './lib/resources'
import { useTabRestarts } from './lib/tab-control'
import { FetchGrid } from './modes/FetchGrid'
import { HookGrid } from './modes/HookGrid'
import { createDemoCache } from './modes/hook-cache'
import { NaiveGrid } from './modes/NaiveGrid'

// `?tabs=1` (the "open another tab" link) opens the page with cross-tab on.
const tabsInUrl = (): boolean => new URLSearchParams(window.location.search).get('tabs') === '1'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

// Sliders move many times a second; the origin hears the last position.
const useDebounced = (fn: (value: number) => void, ms: number): ((value: number) => void) => {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined)
  useEffect(() => () => clearTimeout(timer.current), [])
  return (value) => {
    clearTimeout(timer.current)
    timer.current = setTimeout(() => fn(value), ms)
  }
}

/**
 * App: the demo page. It owns the mode, the grid's size and mount state, and
 * the actions; the grid of the current mode does the loading.
 *
 * @example
 * createRoot(element).render(<App />)
 */
export const App = () => {
  const [mode, setMode] = useState<Mode>('singleflight')
  const [count, setCount] = useState(100)
  const [latency, setLatency] = useState(300)
  const [errorRate, setErrorRate] = useState(0)
  const [retry, setRetry] = useState(false)
  const [tabs, setTabs] = useState(tabsInUrl)
  const [{ cache, crossTab }, setCache] = useState(() => createDemoCache({ retry: false, tabs }))
  // Nothing is mounted until the first cold start has zeroed the counters.
  const [mounted, setMounted] = useState(false)
  const [generation, setGeneration] = useState(0)
  // The devtools panel's mount: a new one at every cold restart starts with an empty timeline.
  const [panelGeneration, setPanelGeneration] = useState(0)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const sendLatency = useDebounced((ms) => void configureOrigin({ latency: ms }).catch(report), 150)
  const sendErrorRate = useDebounced((rate) => void configureOrigin({ errorRate: rate }).catch(report), 150)

  function report(error: unknown): void {
    setStatus(`Something went wrong: ${error instanceof Error ? error.message : String(error)}`)
  }

  // A cold restart: unmount every component (aborting what they wait for),
  // zero the counters on both sides, empty the cache, mount them all again.
  // `origin: false` leaves the origin's counters alone (another tab zeroed them).
  const restart = async (
    next: { mode?: Mode; retry?: boolean; tabs?: boolean; origin?: boolean } = {},
  ): Promise<void> => {
    // The switch moves at once (a controlled input would otherwise snap back
    // until the restart is done); the grid stays unmounted meanwhile.
    flushSync(() => {
      setMounted(false)
      if (next.mode) setMode(next.mode)
      if (next.retry !== undefined) setRetry(next.retry)
      if (next.tabs !== undefined) setTabs(next.tabs)
    })
    if (next.origin !== false) await resetOrigin()
    counters.reset()
    const wanted = { retry: next.retry ?? retry, tabs: next.tabs ?? tabs }
    if (wanted.retry !== retry || wanted.tabs !== tabs) setCache(createDemoCache(wanted))
    else cache.clear()
    // A fresh panel, listening before any component can start a flight.
    flushSync(() => setPanelGeneration((g) => g + 1))
    flushSync(() => {
      setGeneration((g) => g + 1)
      setMounted(true)
    })
  }

  const act = (label: string, work: () => Promise<string>) => () => {
    setBusy(true)
    setStatus(`${label}…`)
    work()
      .then(setStatus, report)
      .finally(() => setBusy(false))
  }

  // Cross-tab: another tab's cold restart restarts this tab too, at once.
  const restartOthers = useTabRestarts(tabs, () =>
    act(
      'Restart from another tab',
      async () => (
        await restart({ origin: false }),
        `Cold restart from another tab: ${count} components mounted at once.`
      ),
    )(),
  )

  // The page opens with a cold start, so both sides count from zero.
  useEffect(() => {
    act('Starting', async () => {
      const response = await fetch('/api/config', { cache: 'no-store' })
      const config = (await response.json()) as { latency: number; errorRate: number }
      setLatency(config.latency)
      setErrorRate(config.errorRate)
      await restart()
      return `Cold start: ${count} components mounted at once.`
    })()
    // Once, on mount: later changes of count or mode have their own buttons.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  const actions = [
    {
      id: 'cold-restart',
      label: tabs ? 'Cold restart, all tabs' : 'Cold restart',
      hint: 'Clear the cache and remount every component at once: the stampede (cross-tab: in every tab with cross-tab on)',
      run: act('Cold restart', async () => {
        if (!tabs) {
          await restart()
          return `Cold restart: ${count} components mounted at once.`
        }
        // Zeroed once, before any tab asks, so the origin counts every tab.
        await resetOrigin()
        restartOthers()
        await restart({ origin: false })
        return `Cold restart of every cross-tab tab: ${count} components mounted at once here.`
      }),
    },
    {
      id: 'focus-storm',
      label: 'Focus storm',
      hint: 'Fire focus and visibilitychange: every component revalidates',
      run: act('Focus storm', async () => {
        window.dispatchEvent(new Event('focus'))
        document.dispatchEvent(new Event('visibilitychange'))
        return 'Focus storm: focus and visibilitychange fired; every mounted component wants fresh data.'
      }),
    },
    {
      id: 'fail-next',
      label: 'Fail next request',
      hint: 'The origin fails its next request; every component then refetches the user',
      run: act('Fail next request', async () => {
        if (!mounted) await restart()
        await configureOrigin({ failNext: 1 })
        refetchBus.request(RESOURCES[0])
        if (mode === 'naive')
          return 'Fail next: the origin fails the next request. Only the component that sent it gets the error; every other component sent a request of its own.'
        if (mode === 'fetch')
          return 'Fail next: the origin fails the next request, and every caller of that flight gets the 500 (Go’s known risk). createFetch has no cache and no retry: that is the cache’s job.'
        return retry
          ? 'Fail next: the origin fails the next request; the cache retries the flight once, and every caller gets the retry’s data.'
          : 'Fail next: the origin fails the next request, and every caller of that flight gets the error (Go’s known risk); cells keep their last data beside it (stale-if-error). Tick “retry” and try again.'
      }),
    },
    {
      id: 'unmount',
      label: mounted ? 'Unmount mid-flight' : 'Mount again',
      hint: 'Cold restart, then unmount everything while the requests are in flight',
      run: act(mounted ? 'Unmount mid-flight' : 'Mount again', async () => {
        await restart()
        if (!mounted) return 'Mounted again.'
        await sleep(latency / 2)
        flushSync(() => setMounted(false))
        return `Unmounted every component ${latency / 2} ms into the flight; “aborted at origin” shows what the server saw.`
      }),
    },
  ]

  return (
    <main className="page">
      <header className="intro">
        <h1>oneflight demo</h1>
        <p>
          {count} components all need <code>{RESOURCES[0]}</code> and <code>{RESOURCES[1]}</code>. Compare how many
          requests they ask for with how many reach the origin (counted by the server).
        </p>
      </header>
      <Controls
        mode={mode}
        count={count}
        latency={latency}
        errorRate={errorRate}
        retry={retry}
        busy={busy}
        onMode={(next) =>
          act('Switching mode', async () => (await restart({ mode: next }), `Mode: ${next}, cold start.`))()
        }
        onCount={setCount}
        onLatency={(ms) => (setLatency(ms), sendLatency(ms))}
        onErrorRate={(rate) => (setErrorRate(rate), sendErrorRate(rate))}
        onRetry={(on) =>
          act('Changing retry', async () => (await restart({ retry: on }), `Retry ${on ? 'on' : 'off'}, cold start.`))()
        }
        actions={actions}
      />
      <p className="status" data-testid="status" role="status">
        {status}
      </p>
      <TabsHint
        tabs={tabs}
        crossTab={crossTab}
        busy={busy}
        onTabs={(on) =>
          act('Switching cross-tab', async () => {
            window.history.replaceState(null, '', on ? '?tabs=1' : window.location.pathname)
            await restart({ tabs: on })
            return `Cross-tab ${on ? 'on' : 'off'}, cold start.`
          })()
        }
      />
      <Counters shared={tabs} />
      <FlightPanel
        key={panelGeneration}
        target={mode === 'naive' ? naiveFlights : mode === 'fetch' ? fetchFlights : cache}
      />
      {mounted && mode === 'singleflight' && <RenameUser cache={cache} />}
      <section className="grid" data-testid="grid" data-mode={mode} data-mounted={mounted} aria-label="components">
        {!mounted ? (
          <p className="grid-empty" data-testid="grid-empty">
            No component is mounted.
          </p>
        ) : mode === 'naive' ? (
          <NaiveGrid key={generation} count={count} />
        ) : mode === 'singleflight' ? (
          <HookGrid key={generation} count={count} cache={cache} />
        ) : (
          <FetchGrid key={generation} count={count} />
        )}
      </section>
    </main>
  )
}
