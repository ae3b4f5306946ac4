import { readFile, writeFile } from 'node:fs/promises'
import { defineConfig, type Options } from 'tsup'

// The React entries must begin with the "use client" directive, so Next.js App
// Router (and other React Server Components hosts) treat them as client
// modules; the core, fetch and tabs entries must not carry it, so servers can
// use them. esbuild and the tree-shaking pass drop module-level directives,
// so this plugin notes which output files are React entries while they are
// rendered, and puts the directive first in each once it is written (ESM and
// CJS alike). Shared chunks never get it: the core stays one module for all entries.
const clientEntry = /^src\/(react|devtools\/react)\//
const useClient = (): NonNullable<Options['plugins']>[number] => {
  // Per format: the ESM and CJS builds run at the same time with this plugin.
  const files = new Map<string, string[]>()
  return {
    name: 'oneflight-use-client',
    renderChunk(_code, chunk) {
      if (!chunk.entryPoint || !clientEntry.test(chunk.entryPoint)) return
      files.set(this.format, [...(files.get(this.format) ?? []), chunk.path])
    },
    async buildEnd() {
      for (const file of files.get(this.format) ?? []) {
        const code = await readFile(file, 'utf8')
        if (!code.startsWith('"use client";')) await writeFile(file, `"use client";\n${code}`)
      }
      files.delete(this.format)
    },
  }
}

export default defineConfig({
  entry: {
    index: 'src/core/index.ts',
    react: 'src/react/index.ts',
    fetch: 'src/fetch/index.ts',
    tabs: 'src/tabs/index.ts',
    'devtools/index': 'src/devtools/index.ts',
    'devtools/react': 'src/devtools/react/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'es2022',
  // Entries share the core through one chunk, so `oneflight/react` and
  // `oneflight` hand out the same Group and cache classes.
  splitting: true,
  treeshake: true,
  external: ['react', 'react-dom'],
  // Internal fields are named in full with a leading `_` (e.g. `_freshUntil`);
  // the build shortens them, as Preact's mangle.json does, so the source stays
  // readable at no cost in bytes. `__proto__` and friends are left alone.
  esbuildOptions(options) {
    options.mangleProps = /^_[^_]/
    // Group's record fields keep one-letter names whatever else the build
    // mangles (by frequency, across every entry), so the smallest entry's
    // size does not move with unrelated code.
    options.mangleCache = { _source: 's', _callers: 'c', _controller: 'o', _settled: 'd', _joined: 'j' }
  },
  plugins: [useClient()],
})
