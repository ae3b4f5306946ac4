import type { EntryInfo } from '../core'
import { entryRow, keyText, toJson, type EntryRow } from './view-model'

/** ROW_HEIGHT: px of one entry row; rows are fixed-height so only the visible ones are drawn. */
export const ROW_HEIGHT = 26
// Rows drawn above and below the visible ones, so a fast scroll shows no gap.
const OVERSCAN = 4
// The list's max-height in the styles, used before the browser has laid it out.
const DEFAULT_VIEWPORT = 260
// Characters of the full data shown for the selected entry.
const DETAIL_LENGTH = 20_000

/**
 * EntryAction: what a button of an entry row asks for.
 *
 * @example
 * const onAction = (action: EntryAction, info: EntryInfo) => action === 'remove' && cache.remove(info.key)
 */
export type EntryAction = 'refetch' | 'invalidate' | 'remove'

/**
 * EntriesView: the entry table of the panel, drawing only the rows in view.
 *
 * @example
 * const view = createEntriesView(document, { onAction })
 * panel.append(view.element)
 * view.update(cache.inspect(), now)
 */
export interface EntriesView {
  readonly element: HTMLElement
  /** Draws `infos` (in the cache's order); cheap when little changed. */
  update(infos: readonly EntryInfo[], now: number): void
}

const COLUMNS = ['key', 'status', 'observers', 'countdown', 'mutations', 'preview'] as const
type Column = (typeof COLUMNS)[number]

interface RowElement {
  readonly element: HTMLElement
  readonly cells: Record<Column, HTMLElement>
  // What the row shows now, to write the DOM only where something changed.
  shown: EntryRow | undefined
}

const element = (document: Document, tag: string, className: string, text = ''): HTMLElement => {
  const node = document.createElement(tag)
  node.className = className
  if (text) node.textContent = text
  return node
}

const makeRow = (document: Document): RowElement => {
  const row = element(document, 'div', 'of-row')
  row.dataset.testid = 'entry'
  const cells = {} as Record<Column, HTMLElement>
  for (const column of COLUMNS) cells[column] = row.appendChild(element(document, 'span', `of-${column}`))
  cells.preview.dataset.action = 'preview'
  cells.preview.title = 'show the data'
  const actions = row.appendChild(element(document, 'span', 'of-actions'))
  for (const action of ['refetch', 'invalidate', 'remove'] as const) {
    const button = actions.appendChild(element(document, 'button', '', action))
    button.setAttribute('type', 'button')
    button.dataset.action = action
    button.dataset.testid = `entry-${action}`
  }
  return { element: row, cells, shown: undefined }
}

const paint = (row: RowElement, next: EntryRow): void => {
  const { shown, cells, element: node } = row
  if (shown?.hash !== next.hash) node.dataset.hash = next.hash
  if (shown?.keyText !== next.keyText) {
    node.dataset.key = next.keyText
    cells.key.textContent = next.keyText
    cells.key.title = next.keyText
  }
  if (shown?.status !== next.status) {
    node.dataset.status = next.status
    cells.status.textContent = next.status
    cells.status.className = `of-status of-status-${next.status}`
  }
  if (shown?.observers !== next.observers) cells.observers.textContent = String(next.observers)
  if (shown?.countdown !== next.countdown) cells.countdown.textContent = next.countdown
  if (shown?.freshness !== next.freshness) cells.countdown.className = `of-countdown of-${next.freshness}`
  if (shown?.mutations !== next.mutations) cells.mutations.textContent = next.mutations ? String(next.mutations) : ''
  if (shown?.preview !== next.preview) cells.preview.textContent = next.preview
  row.shown = next
}

/**
 * createEntriesView builds the entry table: a header, the rows in view
 * (key, status, observers, fresh/stale countdown, running mutations, one line
 * of the data) with refetch, invalidate and remove buttons, and below it the
 * whole data of the entry whose preview was clicked. `onAction` gets the
 * entry as the last `update` saw it.
 *
 * @example
 * const view = createEntriesView(document, { onAction: (action, info) => run(action, info.key) })
 */
export const createEntriesView = (
  document: Document,
  { onAction }: { onAction: (action: EntryAction, info: EntryInfo) => void },
): EntriesView => {
  const root = element(document, 'div', 'of-entries')
  const table = root.appendChild(element(document, 'div', 'of-table'))
  const header = table.appendChild(element(document, 'div', 'of-row of-header'))
  for (const title of ['key', 'status', 'obs', 'freshness', 'mut', 'data', 'actions'])
    header.appendChild(element(document, 'span', '', title))
  const scroll = table.appendChild(element(document, 'div', 'of-scroll'))
  const spacer = scroll.appendChild(element(document, 'div', 'of-spacer'))
  const rowsBox = scroll.appendChild(element(document, 'div', 'of-rows'))
  const empty = table.appendChild(element(document, 'div', 'of-empty', 'No entries in the cache.'))
  const detail = root.appendChild(element(document, 'pre', 'of-detail'))
  detail.dataset.testid = 'entry-detail'
  detail.hidden = true

  const pool: RowElement[] = []
  let byHash = new Map<string, EntryInfo>()
  let selected: string | undefined
  let detailData: unknown = Symbol('nothing shown')

  root.addEventListener('click', (event) => {
    const target = (event.target as Element | null)?.closest?.('[data-action]')
    const hash = target?.closest('[data-hash]')?.getAttribute('data-hash')
    const info = hash == null ? undefined : byHash.get(hash)
    if (!target || !info) return
    const action = target.getAttribute('data-action')
    if (action === 'preview') {
      selected = selected === info.hash ? undefined : info.hash
      detailData = Symbol('redraw')
      showDetail()
    } else onAction(action as EntryAction, info)
  })

  const showDetail = (): void => {
    const info = selected === undefined ? undefined : byHash.get(selected)
    detail.hidden = !info
    if (!info || info.snapshot.data === detailData) return
    detailData = info.snapshot.data
    detail.textContent = `${keyText(info.key)}\n${toJson(info.snapshot.data, { indent: 2, maxLength: DETAIL_LENGTH })}`
  }

  let lastInfos: readonly EntryInfo[] = []
  let lastNow = 0
  const draw = (): void => {
    const infos = lastInfos
    const viewport = scroll.clientHeight || DEFAULT_VIEWPORT
    const first = Math.max(0, Math.floor(scroll.scrollTop / ROW_HEIGHT) - OVERSCAN)
    const last = Math.min(infos.length, first + Math.ceil(viewport / ROW_HEIGHT) + 2 * OVERSCAN)
    spacer.style.height = `${infos.length * ROW_HEIGHT}px`
    rowsBox.style.transform = `translateY(${first * ROW_HEIGHT}px)`
    empty.hidden = infos.length > 0
    for (let index = first; index < last; index++) {
      const slot = index - first
      const row = pool[slot] ?? (pool[slot] = makeRow(document))
      if (row.element.parentNode !== rowsBox) rowsBox.appendChild(row.element)
      paint(row, entryRow(infos[index] as EntryInfo, lastNow))
    }
    for (let slot = last - first; slot < pool.length; slot++) pool[slot]?.element.remove()
    showDetail()
  }
  scroll.addEventListener('scroll', draw, { passive: true })

  return {
    element: root,
    update(infos, now) {
      lastInfos = infos
      lastNow = now
      byHash = new Map(infos.map((info) => [info.hash, info]))
      draw()
    },
  }
}
