import type { ReactNode } from 'react'

/**
 * Mode: how the grid's components load their data.
 *
 * @example
 * const mode: Mode = 'singleflight'
 */
export type Mode = 'naive' | 'singleflight' | 'fetch'

// Each mode's label and one line on what it does.
const MODES: Record<Mode, { label: string; about: string }> = {
  naive: { label: 'useEffect + fetch', about: 'every component fetches for itself' },
  singleflight: { label: 'useSingleflight', about: 'one cache, one flight per resource' },
  fetch: { label: 'createFetch, no React', about: 'plain DOM cells, one deduplicating fetch' },
}

// The values the controls show and what they call.
interface ControlsProps {
  mode: Mode
  count: number
  latency: number
  errorRate: number
  retry: boolean
  busy: boolean
  onMode(mode: Mode): void
  onCount(count: number): void
  onLatency(ms: number): void
  onErrorRate(rate: number): void
  onRetry(retry: boolean): void
  actions: { id: string; label: string; hint: string; run(): void }[]
}

const Field = ({ label, value, children }: { label: string; value: string; children: ReactNode }) => (
  <label className="field">
    <span className="field-label">
      {label} <output>{value}</output>
    </span>
    {children}
  </label>
)

/**
 * Controls: the mode switch, the sliders and the action buttons.
 *
 * @example
 * <Controls {...props} />
 */
export const Controls = (props: ControlsProps) => (
  <section className="controls" aria-label="controls">
    <fieldset className="modes">
      <legend>Mode</legend>
      {(Object.keys(MODES) as Mode[]).map((mode) => (
        <label key={mode} className="mode" data-active={props.mode === mode}>
          <input
            type="radio"
            name="mode"
            value={mode}
            data-testid={`mode-${mode}`}
            checked={props.mode === mode}
            disabled={props.busy}
            onChange={() => props.onMode(mode)}
          />
          <span className="mode-label">{MODES[mode].label}</span>
          <span className="mode-about">{MODES[mode].about}</span>
        </label>
      ))}
    </fieldset>
    <div className="sliders">
      <Field label="Components" value={String(props.count)}>
        <input
          type="range"
          min={1}
          max={1000}
          value={props.count}
          data-testid="count-slider"
          onChange={(e) => props.onCount(Number(e.currentTarget.value))}
        />
      </Field>
      <Field label="Latency" value={`${props.latency} ms`}>
        <input
          type="range"
          min={0}
          max={2000}
          step={10}
          value={props.latency}
          data-testid="latency-slider"
          onChange={(e) => props.onLatency(Number(e.currentTarget.value))}
        />
      </Field>
      <Field label="Error rate" value={`${Math.round(props.errorRate * 100)} %`}>
        <input
          type="range"
          min={0}
          max={1}
          step={0.05}
          value={props.errorRate}
          data-testid="error-rate-slider"
          onChange={(e) => props.onErrorRate(Number(e.currentTarget.value))}
        />
      </Field>
      <label className="check">
        <input
          type="checkbox"
          checked={props.retry}
          disabled={props.busy}
          data-testid="retry"
          onChange={(e) => props.onRetry(e.currentTarget.checked)}
        />
        retry a failed flight once (useSingleflight's cache)
      </label>
    </div>
    <div className="actions">
      {props.actions.map((action) => (
        <button
          key={action.id}
          type="button"
          data-testid={`btn-${action.id}`}
          title={action.hint}
          disabled={props.busy}
          onClick={action.run}
        >
          {action.label}
        </button>
      ))}
    </div>
  </section>
)
