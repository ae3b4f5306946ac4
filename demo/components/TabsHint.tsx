/**
 * TabsHint: the cross-tab switch, whether cross-tab is active, and a link
 * that opens the demo in another tab with the switch on (`?tabs=1`).
 * `crossTab` is the tab group's own flag (undefined while the switch is off).
 *
 * @example
 * <TabsHint tabs crossTab={true} busy={false} onTabs={setTabs} />
 */
export const TabsHint = (props: {
  tabs: boolean
  crossTab: boolean | undefined
  busy: boolean
  onTabs(on: boolean): void
}) => (
  <section className="tabs-hint" aria-label="cross-tab">
    <label className="check">
      <input
        type="checkbox"
        checked={props.tabs}
        disabled={props.busy}
        data-testid="cross-tab"
        onChange={(e) => props.onTabs(e.currentTarget.checked)}
      />
      cross-tab: share useSingleflight's flights with the other tabs of this demo
    </label>
    {props.tabs && (
      <span className="tabs-state" data-testid="cross-tab-status" data-active={String(props.crossTab === true)}>
        {props.crossTab
          ? 'active (Web Locks + BroadcastChannel); Cold restart restarts every such tab at once'
          : 'fallback: this tab only (Web Locks need a secure context: https, localhost or 127.0.0.1)'}
      </span>
    )}
    <a href="?tabs=1" target="_blank" rel="noopener" data-testid="open-tab">
      Open another tab ↗
    </a>
    {!props.tabs && <span className="tabs-state">(cross-tab is on there: turn it on here too)</span>}
  </section>
)
