// Type-checks every ```ts and ```tsx block of README.md and docs/*.md against
// the built package types (`npm run check:docs`, part of `npm run check`).
//
// Each block becomes its own module in node_modules/.cache/check-docs/ and the
// lot is compiled with `tsc --noEmit --strict`, `oneflight` and `oneflight/*`
// resolving to ./dist as they would for a user. Blocks must be self-contained:
// what a sample uses but does not define is declared in it
// (`declare function getUser(id: number, signal: AbortSignal): Promise<User>`).
// A block may opt out with this line directly above its opening fence:
//
//   <!-- not type-checked: the reason -->
//
// Errors are reported at the Markdown file and line. Builds dist first when it
// is missing or older than src. Pass file names to check only those files.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'

const root = resolve(new URL('..', import.meta.url).pathname)
const output = join(root, 'node_modules', '.cache', 'check-docs')
const optOut = /^<!--\s*not type-checked:\s*\S.*-->$/

/** newestModification returns the latest mtime (ms) of the files under `folder`. */
const newestModification = (folder) =>
  Math.max(
    ...readdirSync(folder, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath, entry.name)).mtimeMs),
  )

const builtTypes = join(root, 'dist', 'index.d.ts')
if (!existsSync(builtTypes) || statSync(builtTypes).mtimeMs < newestModification(join(root, 'src'))) {
  console.log('check-docs: building dist first')
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] })
}

const requested = process.argv.slice(2).map((file) => resolve(file))
const documents = requested.length
  ? requested
  : [
      join(root, 'README.md'),
      ...(existsSync(join(root, 'docs'))
        ? readdirSync(join(root, 'docs'))
            .filter((name) => name.endsWith('.md'))
            .sort()
            .map((name) => join(root, 'docs', name))
        : []),
    ]

/** extractBlocks returns the ts/tsx blocks of one Markdown file, with the line of their first code line. */
const extractBlocks = (file) => {
  const lines = readFileSync(file, 'utf8').split('\n')
  const blocks = []
  let skipped = 0
  for (let index = 0; index < lines.length; index++) {
    const fence = /^(\s*)```(ts|tsx|typescript)\s*$/.exec(lines[index])
    if (!fence) {
      // Skip over other fenced blocks so a ``` inside them is not taken for an opening.
      if (/^\s*```/.test(lines[index])) {
        do index++
        while (index < lines.length && !/^\s*```\s*$/.test(lines[index]))
      }
      continue
    }
    const start = index + 1
    do index++
    while (index < lines.length && !/^\s*```\s*$/.test(lines[index]))
    const indent = fence[1].length
    const code = lines.slice(start, index).map((line) => line.slice(Math.min(indent, line.search(/\S|$/))))
    if (optOut.test((lines[start - 2] ?? '').trim())) {
      skipped++
      continue
    }
    blocks.push({ line: start + 1, extension: fence[2] === 'tsx' ? 'tsx' : 'ts', code })
  }
  return { blocks, skipped }
}

/** entryTypes maps each entry of package.json `exports` to its built ESM types, as a user's resolver would. */
function entryTypes() {
  const { name, exports } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return Object.fromEntries(
    Object.entries(exports)
      .filter(([, target]) => target?.import?.types)
      .map(([subpath, target]) => [
        subpath === '.' ? name : `${name}/${subpath.slice(2)}`,
        [join(root, target.import.types)],
      ]),
  )
}

rmSync(output, { recursive: true, force: true })
mkdirSync(output, { recursive: true })
const origins = new Map() // generated file name -> { document, line }
let skippedTotal = 0
for (const document of documents) {
  const { blocks, skipped } = extractBlocks(document)
  skippedTotal += skipped
  const stem = relative(root, document).replace(/[^\w]+/g, '_')
  for (const block of blocks) {
    const name = `${stem}_${block.line}.${block.extension}`
    // `export {}` makes each block a module: its names stay its own and top-level await works.
    writeFileSync(join(output, name), `${block.code.join('\n')}\nexport {}\n`)
    origins.set(name, { document: relative(root, document), line: block.line })
  }
}

writeFileSync(
  join(output, 'tsconfig.json'),
  JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        isolatedModules: true,
        types: ['node', 'react', 'react-dom'],
        typeRoots: [join(root, 'node_modules', '@types')],
        paths: entryTypes(),
      },
      include: ['*.ts', '*.tsx'],
    },
    null,
    2,
  ),
)

const tsc = spawnSync(
  process.execPath,
  [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', output, '--pretty', 'false'],
  {
    cwd: root,
    encoding: 'utf8',
  },
)
const failing = new Map() // "file:line" of a block -> its messages
for (const message of `${tsc.stdout}${tsc.stderr}`.split('\n').filter(Boolean)) {
  const located = /^(.+?)\((\d+),(\d+)\): (.*)$/.exec(message)
  const origin = located && origins.get(relative(output, resolve(root, located[1])))
  if (!origin) {
    failing.set('tsc', [...(failing.get('tsc') ?? []), message])
    continue
  }
  const block = `${origin.document}:${origin.line}`
  const at = `${origin.document}:${origin.line + Number(located[2]) - 1}:${located[3]}`
  failing.set(block, [...(failing.get(block) ?? []), `  ${at} ${located[4]}`])
}

const summary = `${origins.size} blocks in ${documents.length} files, ${skippedTotal} marked not type-checked`
if (tsc.status === 0 && failing.size === 0) {
  console.log(`check-docs: ${summary}: all type-check`)
} else {
  for (const [block, messages] of failing) console.log(`${block}\n${messages.join('\n')}`)
  console.log(`check-docs: ${failing.size} failing blocks (${summary})`)
  process.exit(1)
}
