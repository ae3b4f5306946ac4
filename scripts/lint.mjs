// Packaging checks on what users install: publint (strict) on the package,
// @arethetypeswrong/cli on the packed tarball for every entry point, and a
// smoke test that installs the tarball into an empty project and loads every
// entry with both import and require.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const run = (cmd, args, options = {}) => execFileSync(cmd, args, { stdio: 'inherit', ...options })
const dir = mkdtempSync(join(tmpdir(), 'oneflight-pack-'))
try {
  run('npx', ['publint', '--strict'])
  const out = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { encoding: 'utf8' })
  const tarball = join(dir, out.trim().split('\n').pop())
  // node10 resolution cannot see subpath exports; every modern resolver can.
  run('npx', ['attw', tarball, '--profile', 'node16'])

  const project = join(dir, 'consumer')
  mkdirSync(join(project, 'node_modules', 'oneflight'), { recursive: true })
  writeFileSync(join(project, 'package.json'), '{"name":"consumer","private":true}')
  // React is a peer dependency: the consumer brings its own.
  for (const peer of ['react', 'react-dom'])
    symlinkSync(resolve('node_modules', peer), join(project, 'node_modules', peer))
  run('tar', ['-xzf', tarball, '-C', join(project, 'node_modules', 'oneflight'), '--strip-components=1'])
  const check = `
    const group = new m.Group()
    let runs = 0
    const fn = async () => (runs++, m.hashKey(['a', { b: 1 }]))
    Promise.all([group.do('k', fn), group.do('k', fn)]).then(([a, b]) => {
      if (runs !== 1 || a !== b || a !== '["a",{"b":1}]') throw new Error('the packed Group does not dedupe')
    })`
  run('node', ['--input-type=module', '-e', `import * as m from 'oneflight'; ${check}`], { cwd: project })
  run('node', ['-e', `const m = require('oneflight'); ${check}`], { cwd: project })
  for (const entry of [
    'oneflight/react',
    'oneflight/fetch',
    'oneflight/tabs',
    'oneflight/devtools',
    'oneflight/devtools/react',
  ]) {
    run('node', ['--input-type=module', '-e', `await import('${entry}')`], { cwd: project })
    run('node', ['-e', `require('${entry}')`], { cwd: project })
  }
  console.log('packed tarball installs and loads as ESM and CommonJS')
} finally {
  rmSync(dir, { recursive: true, force: true })
}
