import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/core/index.ts',
    react: 'src/react/index.ts',
    fetch: 'src/fetch/index.ts',
    tabs: 'src/tabs/index.ts',
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
  },
})
