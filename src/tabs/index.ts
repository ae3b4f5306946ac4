export { createTabGroup, type TabGroupOptions } from './create'
export type { TabGroup } from './tab-group'
