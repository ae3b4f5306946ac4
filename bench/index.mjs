// Runs every bench/*.bench.mjs in its own Node process (a clean heap and JIT
// for each), one after another, with --expose-gc for the heap measurements.
import { readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`\n### ${file}\n`)
  const { status } = spawnSync(process.execPath, ['--expose-gc', dir + file], { stdio: 'inherit' })
  if (status !== 0) failed++
}
process.exit(failed ? 1 : 0)
