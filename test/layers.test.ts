// The layer rules of eslint.config.js, proved on virtual files: ESLint lints a
// few lines of source as if they lived at a given path, and we look for the
// `no-restricted-imports` reports. `eslint .` (in `npm run check`) applies the
// same rules to the real tree.
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, test } from 'vitest'

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname })

/** restrictedImports lints `code` as the file at `path` and returns the layer-rule reports. */
const restrictedImports = async (path: string, code: string): Promise<string[]> => {
  const [result] = await eslint.lintText(code, { filePath: path })
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message)
}

describe('layer rules', () => {
  // The first lint loads the parser and the config: slow on a busy machine, so it happens here.
  beforeAll(() => restrictedImports('src/core/x.ts', ''), 60_000)

  test.each([
    ['src/core/x.ts', "import { useState } from 'react'"],
    ['src/core/x.ts', "import { createRoot } from 'react-dom/client'"],
    ['src/core/x.ts', "import { useCache } from '../react/provider'"],
    ['src/core/x.ts', "import type { SingleflightResult } from '../react'"],
    ['src/core/x.ts', "import { createFetch } from '../fetch'"],
    ['src/core/x.ts', "export { createTabGroup } from '../tabs/create'"],
    ['src/core/x.ts', "import { mountDevtools } from '../devtools'"],
    ['src/core/x.ts', "import { App } from '../../demo/App'"],
    ['src/core/x.ts', "import { useSingleflight } from 'oneflight/react'"],
    ['src/fetch/x.ts', "import { useState } from 'react'"],
    ['src/fetch/x.ts', "import { useCache } from '../react'"],
    ['src/tabs/x.ts', "import { jsx } from 'react/jsx-runtime'"],
    ['src/tabs/x.ts', "import { mountDevtools } from '../devtools/mount'"],
    ['src/react/x.ts', "import { mountDevtools } from '../devtools'"],
    ['src/devtools/x.ts', "import { useState } from 'react'"],
    ['src/devtools/x.ts', "import { SingleflightDevtools } from './react/devtools'"],
    ['src/devtools/x.ts', "import { createFetch } from '../fetch'"],
  ])('%s may not %s', async (path, code) => {
    expect(await restrictedImports(path, code)).toHaveLength(1)
  })

  test.each([
    ['src/core/x.ts', "import { hashKey } from './key'"],
    ['src/fetch/x.ts', "import { Group } from '../core/group'"],
    ['src/tabs/x.ts', "import type { Key } from '../core'"],
    ['src/react/x.ts', "import { useSyncExternalStore } from 'react'"],
    ['src/react/x.ts', "import { createCache } from '../core'"],
    ['src/devtools/x.ts', "import type { Cache } from '../core'"],
    ['src/devtools/react/x.tsx', "import { useEffect } from 'react'"],
    ['src/devtools/react/x.tsx', "import { useCache } from '../../react'"],
    ['src/devtools/react/x.tsx', "import { mountDevtools } from '../mount'"],
  ])('%s may %s', async (path, code) => {
    expect(await restrictedImports(path, code)).toEqual([])
  })
})
