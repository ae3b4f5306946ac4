import { defineConfig } from 'tsup'

export default defineConfig({
  entry: {
    index: 'src/core/index.ts',
    react: 'src/react/index.ts',
    fetch: 'src/fetch/index.ts',
    tabs: 'src/tabs/index.ts',
    // --- devtools entries (H6): oneflight/devtools and oneflight/devtools/react ---
    'devtools/index': 'src/devtools/index.ts',
    'devtools/react': 'src/devtools/react.ts',
    // --- end of devtools entries ---
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
})
