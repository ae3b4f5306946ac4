// Installs React 18 (react, react-dom and a matching @testing-library/react)
// into .react18/, apart from the main install and lockfile, unless the
// versions there already match, then runs the React suite against it
// (test/react18/vitest.config.ts). Arguments go on to vitest.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const prefix = `${root}.react18`
const wanted = { react: '^18.3.1', 'react-dom': '^18.3.1', '@testing-library/react': '^16.3.0' }

const run = (command, args, cwd = root) => {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

// The install is kept between runs; a changed `wanted` list reinstalls.
const manifest = `${prefix}/package.json`
const current = existsSync(manifest) ? readFileSync(manifest, 'utf8') : ''
const next = `${JSON.stringify({ private: true, dependencies: wanted }, null, 2)}\n`
if (current !== next || !existsSync(`${prefix}/node_modules/react-dom`)) {
  mkdirSync(prefix, { recursive: true })
  writeFileSync(manifest, next)
  run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--ignore-scripts'], prefix)
}
const version = JSON.parse(readFileSync(`${prefix}/node_modules/react-dom/package.json`, 'utf8')).version
console.log(`React suite on react-dom ${version}`)
run('npx', ['vitest', 'run', '--config', 'test/react18/vitest.config.ts', ...process.argv.slice(2)])
