// Builds examples/next against the packed library, as a user would install
// it: builds and packs oneflight into .pack/, installs the example's own
// dependencies (its lockfile) and then the tarball, and runs `next build`.
//   node scripts/example-next.mjs          build, then `next start` (npm run example:next)
//   node scripts/example-next.mjs build    build only (npm run test:examples runs this first)
// The example never declares oneflight in its package.json: a file: tarball
// in its lockfile would pin the tarball's hash, which changes with every build.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const app = `${root}examples/next/`
const pack = `${root}.pack/`
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }

const run = (command, args, cwd = root) => {
  console.log(`\n$ ${[command, ...args].join(' ')}   (in ${cwd.slice(root.length) || '.'})`)
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', env })
  if (result.status !== 0) process.exit(result.status ?? 1)
}
const started = Date.now()

// dist is rebuilt only when missing or older than src or the build config
// (CI has built it in earlier steps).
const newest = (folder) =>
  Math.max(
    ...readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(`${entry.parentPath}/${entry.name}`).mtimeMs),
  )
const built = `${root}dist/index.d.ts`
const sources = Math.max(newest(`${root}src`), statSync(`${root}tsup.config.ts`).mtimeMs)
if (!existsSync(built) || statSync(built).mtimeMs < sources) run('npm', ['run', 'build'])
rmSync(pack, { recursive: true, force: true })
mkdirSync(pack)
run('npm', ['pack', '--ignore-scripts', '--pack-destination', pack])
const [tarball] = readdirSync(pack).filter((name) => name.endsWith('.tgz'))
renameSync(`${pack}${tarball}`, `${pack}oneflight.tgz`)

const install = ['--no-audit', '--no-fund']
run('npm', [existsSync(`${app}node_modules`) ? 'install' : 'ci', ...install], app)
run('npm', ['install', '--no-save', ...install, `${pack}oneflight.tgz`], app)
run('npx', ['next', 'build'], app)
console.log(`\nexamples/next built in ${((Date.now() - started) / 1000).toFixed(1)} s`)

if (process.argv[2] !== 'build') run('npx', ['next', 'start', '-H', '127.0.0.1', ...process.argv.slice(2)], app)
