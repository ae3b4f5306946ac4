import type { ServerResponse } from 'node:http'
import type { Origin, Ticket } from './origin.js'

/**
 * answerLater runs `answer` after `latency` ms, the origin counting the
 * request as answered, unless the client goes away first: then it counts
 * it as aborted and `answer` never runs (a closed socket while the timer
 * still runs is what a page's abort looks like from here). The pending
 * timer is kept in `timers`, so the API's `close()` can stop it.
 *
 * @example
 * answerLater({ res, origin, ticket: origin.arrive(path, 0), latency: 300, timers, answer: () => send(res, 200, body) })
 */
export const answerLater = (options: {
  res: ServerResponse
  origin: Origin
  ticket: Ticket
  latency: number
  timers: Set<NodeJS.Timeout>
  answer: () => void
}): void => {
  const { res, origin, ticket, latency, timers, answer } = options
  let done = false
  const timer = setTimeout(() => {
    timers.delete(timer)
    done = true
    origin.leave(ticket, 'answered')
    answer()
  }, latency)
  timers.add(timer)
  res.once('close', () => {
    if (done) return
    done = true
    clearTimeout(timer)
    timers.delete(timer)
    origin.leave(ticket, 'aborted')
  })
}
