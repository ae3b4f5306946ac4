// The layer rules of src/, as ESLint `no-restricted-imports` configs (used by eslint.config.js and
// proved by test/layers.test.ts). Each layer imports only the layers below it:
//
//   oneflight/devtools/react  ->  oneflight/react, oneflight/devtools, react
//   oneflight/react           ->  oneflight (core), react
//   oneflight/fetch, /tabs    ->  oneflight (core)
//   oneflight/devtools        ->  oneflight (core)
//   oneflight (src/core)      ->  nothing of ours outside src/core, no React, no demo
//
// Patterns are gitignore-style and match both relative paths (`../react`, `../../src/fetch/x`) and
// the package's own names (`oneflight/react`), so neither spelling slips through.

/** Builds the `group` patterns that forbid a folder (or package) name at any depth. */
const anywhere = (...names) => names.flatMap((name) => [`**/${name}`, `**/${name}/**`])

const react = ['react', 'react/**', 'react-dom', 'react-dom/**', ...anywhere('react')]
const demo = anywhere('demo')

/** A `no-restricted-imports` rule forbidding `group` with the reason shown to whoever breaks it. */
const forbid = (group, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
})

export const layerRules = [
  {
    files: ['src/core/**'],
    rules: forbid(
      [...react, ...anywhere('fetch', 'tabs', 'devtools'), ...demo],
      'src/core is the bottom layer: it imports nothing from React, fetch, tabs, devtools or the demo.',
    ),
  },
  {
    files: ['src/fetch/**', 'src/tabs/**'],
    rules: forbid(
      [...react, ...anywhere('devtools'), ...demo],
      'src/fetch and src/tabs build on the core only: no React, no devtools, no demo.',
    ),
  },
  {
    files: ['src/react/**'],
    rules: forbid(
      [...anywhere('fetch', 'tabs', 'devtools'), ...demo],
      'src/react builds on the core and React only: devtools must stay out of its bundle.',
    ),
  },
  {
    files: ['src/devtools/**'],
    ignores: ['src/devtools/react/**'],
    rules: forbid(
      [...react, ...anywhere('fetch', 'tabs'), ...demo],
      'src/devtools is framework-free: it imports the core only (React code goes in src/devtools/react).',
    ),
  },
  {
    files: ['src/devtools/react/**'],
    rules: forbid(
      [...anywhere('fetch', 'tabs'), ...demo],
      'src/devtools/react imports the core, devtools and React only.',
    ),
  },
]
