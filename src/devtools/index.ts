export { mountDevtools, FRAME_MEASURE, type DevtoolsOptions, type DevtoolsTarget } from './panel'
