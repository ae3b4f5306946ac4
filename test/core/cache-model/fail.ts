// How the model reports a broken promise, and how a step lets promises run.

/** PropertyFailure: a broken promise of DESIGN, named. */
export class PropertyFailure extends Error {}

// MODEL_IGNORE (comma-separated property names) lets one explore past a known
// failure by hand; `npm test` and `npm run test:races` never set it.
const ignored = new Set((process.env.MODEL_IGNORE ?? '').split(',').filter(Boolean))

export const fail = (property: string, detail: string): void => {
  if (!ignored.has(property)) throw new PropertyFailure(`${property}: ${detail}`)
}

export const flush = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
