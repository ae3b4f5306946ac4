// The packed package as users install it: the React entries (ESM and CJS)
// start with the "use client" directive, no other file carries it, and the
// React entry uses the very core module the main entry exports (one cache
// class, one registry of cache internals). Packs with `npm pack`, whose
// `prepack` builds dist.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
// Inside the repository, so the installed package finds react in its node_modules.
const work = join(root, 'node_modules', '.cache', 'oneflight-package-test')
const installed = join(work, 'node_modules', 'oneflight')
const clientSubpaths = new Set(['./react', './devtools/react'])

type Conditions = { import: { default: string }; require: { default: string } }
let exportsMap: Record<string, Conditions | string> = {}

const filesUnder = (folder: string): string[] =>
  readdirSync(folder, { withFileTypes: true }).flatMap((item) =>
    item.isDirectory() ? filesUnder(join(folder, item.name)) : [join(folder, item.name)],
  )

// The built files of every entry point, by subpath.
const entryFiles = (): [string, string][] =>
  Object.entries(exportsMap).flatMap(([subpath, target]) =>
    typeof target === 'string' ? [] : [target.import.default, target.require.default].map((file) => [subpath, file]),
  ) as [string, string][]

beforeAll(() => {
  rmSync(work, { recursive: true, force: true })
  mkdirSync(installed, { recursive: true })
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const [{ filename }] = JSON.parse(packed.slice(packed.lastIndexOf('\n[') + 1)) as [{ filename: string }]
  execFileSync('tar', ['-xzf', join(work, filename), '-C', installed, '--strip-components=1'])
  exportsMap = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')).exports
}, 300_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the packed package', () => {
  it('starts every React entry file, ESM and CJS, with the "use client" directive', () => {
    const client = entryFiles().filter(([subpath]) => clientSubpaths.has(subpath))
    expect(client.map(([, file]) => file)).toEqual(expect.arrayContaining(['./dist/react.js', './dist/react.cjs']))
    for (const [, file] of client) {
      expect(readFileSync(join(installed, file), 'utf8').slice(0, 14), file).toBe('"use client";\n')
    }
  })

  it('has the directive in no other file: the core, fetch, tabs and every shared chunk stay server-safe', () => {
    const client = new Set(
      entryFiles()
        .filter(([subpath]) => clientSubpaths.has(subpath))
        .map(([, file]) => join(installed, file)),
    )
    const others = filesUnder(join(installed, 'dist')).filter((file) => /\.(c|m)?js$/.test(file) && !client.has(file))
    expect(others.length).toBeGreaterThan(6)
    for (const file of others) expect(readFileSync(file, 'utf8'), file).not.toContain('use client')
    for (const file of client) expect(readFileSync(file, 'utf8').split('use client')).toHaveLength(2)
  })

  // SingleflightProvider's `state` reaches the cache through the core's
  // internals registry: a React entry with a core of its own would not know a
  // cache made by the main entry's createCache, and would throw.
  const render = `
    const server = core.createCache()
    server.set(['user', 1], 'Ada')
    const Show = () => react.useSingleflight(['user', 1], () => 'client').data
    const html = renderToString(
      createElement(react.SingleflightProvider, { cache: core.createCache(), state: core.dehydrate(server) }, createElement(Show)),
    )
    if (html !== 'Ada') throw new Error('rendered ' + html)
    process.stdout.write('ok')`

  it('the ESM React entry shares the core module of the main entry', () => {
    const script = `
      import * as core from 'oneflight'
      import * as react from 'oneflight/react'
      import { createElement } from 'react'
      import { renderToString } from 'react-dom/server'
      ${render}`
    expect(execFileSync('node', ['--input-type=module', '-e', script], { cwd: work, encoding: 'utf8' })).toBe('ok')
  })

  it('the CJS React entry shares the core module of the main entry', () => {
    const script = `
      const core = require('oneflight')
      const react = require('oneflight/react')
      const { createElement } = require('react')
      const { renderToString } = require('react-dom/server')
      ${render}`
    expect(execFileSync('node', ['-e', script], { cwd: work, encoding: 'utf8' })).toBe('ok')
  })
})
