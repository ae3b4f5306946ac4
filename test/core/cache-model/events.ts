import { fail } from './fail'
import { KEYS, type World } from './world'

const name = (key: number): string => JSON.stringify(KEYS[key])

// The events devtools draw their timeline from: every load is announced
// once ('started', its flightId the load's place in the order of writes),
// and ends with exactly one 'settled' (ok as it ended) or 'aborted'.

export const verifyEvents = (world: World): void => {
  const log = world.eventLog
  const bySequence = new Map(world.loads.map((load) => [load.sequence, load]))
  for (const event of log.events.slice(log.read)) {
    if (event.type !== 'started' && event.type !== 'settled' && event.type !== 'aborted') continue
    const load = bySequence.get(event.flightId)
    if (!load) return fail('events name their flights', `${event.type} of flight ${event.flightId}: no such load`)
    const label = `load #${load.id} of ${name(load.key)}`
    if (event.type === 'started') {
      if (log.started.has(load.sequence)) fail('a load is announced once', `${label} started twice`)
      log.started.add(load.sequence)
      continue
    }
    if (log.ended.has(load.sequence))
      fail('a load ends once', `${label}: ${log.ended.get(load.sequence)}, then ${event.type}`)
    log.ended.set(load.sequence, event.type)
    if (event.type === 'settled' && (load.state !== 'settled' || event.ok !== load.ok))
      fail('settled events tell how the load ended', `${label}: settled ok ${event.ok}, model ${load.state}`)
    if (event.type === 'aborted' && load.state !== 'aborted')
      fail('aborted events are for aborted loads', `${label} is ${load.state}`)
  }
  log.read = log.events.length
  for (const load of world.loads) {
    const label = `load #${load.id} of ${name(load.key)}`
    if (!log.started.has(load.sequence)) fail('every load is announced', `${label} has no started event`)
    if (load.state !== 'running' && !log.ended.has(load.sequence))
      fail('every load that ended says so', `${label} is ${load.state} without an event`)
  }
}
