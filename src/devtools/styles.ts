/**
 * PANEL_CSS: the panel's styles. They live in the panel's shadow root, so
 * nothing of the page reaches in and nothing of them leaks out; the classes
 * carry an `of-` prefix all the same, for browsers' element inspectors.
 *
 * @example
 * style.textContent = PANEL_CSS
 */
export const PANEL_CSS = `
:host { all: initial; }
.of-root { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; color: #e5e7eb; }
.of-root.of-floating { position: fixed; right: 12px; bottom: 12px; z-index: 2147483000;
  display: flex; flex-direction: column; align-items: flex-end; gap: 6px; max-width: calc(100vw - 24px); }
.of-toggle { font: inherit; cursor: pointer; border: 1px solid #334155; border-radius: 999px; padding: 4px 10px;
  background: #0f172a; color: #e5e7eb; box-shadow: 0 2px 8px rgba(0,0,0,.3); }
.of-toggle:hover, .of-toggle:focus-visible { background: #1e293b; }
.of-panel { background: #0f172a; border: 1px solid #334155; border-radius: 8px; padding: 8px; box-sizing: border-box;
  display: flex; flex-direction: column; gap: 8px; min-width: 0; }
.of-floating .of-panel { width: min(960px, calc(100vw - 24px)); max-height: min(70vh, 720px); overflow: auto;
  box-shadow: 0 8px 24px rgba(0,0,0,.35); }
.of-panel[hidden] { display: none; }
.of-head { display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
.of-title { font-weight: 700; color: #f8fafc; }
.of-summary { color: #94a3b8; }
.of-table { border: 1px solid #1e293b; border-radius: 6px; overflow-x: auto; }
.of-table > * { min-width: 720px; }
.of-row { display: grid; grid-template-columns: minmax(80px, 2fr) 64px 36px 104px 32px minmax(60px, 3fr) 204px;
  gap: 8px; align-items: center; height: 26px; padding: 0 6px; box-sizing: border-box; border-bottom: 1px solid #1e293b;
  contain: layout paint style; }
.of-row > span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.of-row.of-header { color: #94a3b8; background: #111827; }
.of-scroll { max-height: 260px; overflow-y: auto; position: relative; contain: layout paint; }
.of-rows { position: absolute; left: 0; right: 0; top: 0; }
.of-status-success { color: #4ade80; } .of-status-error { color: #f87171; }
.of-status-pending, .of-status-fetching { color: #60a5fa; } .of-status-idle { color: #94a3b8; }
.of-fresh { color: #4ade80; } .of-stale { color: #fbbf24; }
.of-preview { color: #cbd5e1; cursor: pointer; }
.of-preview:hover { text-decoration: underline; }
.of-actions { display: flex; gap: 4px; }
.of-actions button { font: inherit; font-size: 11px; cursor: pointer; padding: 1px 6px; border-radius: 4px;
  border: 1px solid #334155; background: #1e293b; color: #e5e7eb; }
.of-actions button:hover { background: #334155; }
.of-empty { padding: 8px; color: #94a3b8; }
.of-detail { margin: 0; max-height: 200px; overflow: auto; padding: 6px; background: #020617; border-radius: 6px;
  color: #cbd5e1; white-space: pre-wrap; word-break: break-all; }
.of-detail[hidden] { display: none; }
.of-timeline { contain: layout paint; }
.of-timeline svg { display: block; overflow: hidden; }
.of-timeline text { fill: #cbd5e1; font: 11px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.of-timeline .of-axis text { fill: #94a3b8; }
.of-timeline .of-axis line { stroke: #475569; }
.of-lane-bg { fill: #111827; }
.of-tick { stroke: #e5e7eb; stroke-width: 1; opacity: .7; }
.of-retry-dot { fill: #f59e0b; stroke: #0f172a; }
.of-mark-invalidated { stroke: #fbbf24; stroke-width: 1.5; stroke-dasharray: 3 2; }
.of-mark-evicted { stroke: #f87171; stroke-width: 2; }
.of-legend { display: flex; flex-wrap: wrap; gap: 10px; color: #94a3b8; }
.of-legend i { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
`
