// Packaging checks on what users install (`npm run check:package`): packs the
// tarball (`prepack` builds dist), checks it is named oneflight-<version>.tgz,
// runs publint (strict) and @arethetypeswrong/cli on it, then installs it into
// an empty project and loads every entry of package.json `exports` with both
// import and require, so a new entry is covered the day it is added.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, resolve } from 'node:path'

const run = (command, args, options = {}) => execFileSync(command, args, { stdio: 'inherit', ...options })
const manifest = JSON.parse(readFileSync('package.json', 'utf8'))
const folder = mkdtempSync(join(tmpdir(), 'oneflight-pack-'))
try {
  const packed = execFileSync('npm', ['pack', '--json', '--pack-destination', folder], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  // `prepack` prints the build's output before the JSON; the JSON is the last array printed.
  const [{ filename }] = JSON.parse(packed.slice(packed.lastIndexOf('\n[') + 1))
  const tarball = join(folder, basename(filename))
  const expected = `oneflight-${manifest.version}.tgz`
  if (basename(tarball) !== expected) throw new Error(`the tarball is ${basename(tarball)}, expected ${expected}`)

  run('npx', ['publint', '--strict', tarball])
  // node10 resolution cannot see subpath exports; every modern resolver can.
  run('npx', ['attw', tarball, '--profile', 'node16'])

  const project = join(folder, 'consumer')
  mkdirSync(join(project, 'node_modules', 'oneflight'), { recursive: true })
  writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}')
  // React is a peer dependency: the consumer brings its own.
  for (const peer of ['react', 'react-dom'])
    symlinkSync(resolve('node_modules', peer), join(project, 'node_modules', peer))
  run('tar', ['-xzf', tarball, '-C', join(project, 'node_modules', 'oneflight'), '--strip-components=1'])

  const dedupes = `
    const group = new m.Group()
    let runs = 0
    const fn = async () => (runs++, m.hashKey(['a', { b: 1 }]))
    Promise.all([group.do('k', fn), group.do('k', fn)]).then(([a, b]) => {
      if (runs !== 1 || a !== b || a !== '["a",{"b":1}]') throw new Error('the packed Group does not dedupe')
    })`
  run('node', ['--input-type=module', '-e', `import * as m from 'oneflight'; ${dedupes}`], { cwd: project })
  run('node', ['-e', `const m = require('oneflight'); ${dedupes}`], { cwd: project })

  const entries = Object.keys(manifest.exports)
    .filter((subpath) => !subpath.endsWith('.json'))
    .map((subpath) => (subpath === '.' ? 'oneflight' : `oneflight/${subpath.slice(2)}`))
  for (const entry of entries) {
    const empty = `if (Object.keys(m).length === 0) throw new Error('${entry} exports nothing')`
    run('node', ['--input-type=module', '-e', `const m = await import('${entry}'); ${empty}`], { cwd: project })
    run('node', ['-e', `const m = require('${entry}'); ${empty}`], { cwd: project })
  }
  console.log(`${basename(tarball)}: ${entries.join(', ')} install and load as ESM and CommonJS`)
} finally {
  rmSync(folder, { recursive: true, force: true })
}
