/**
 * Shortcuts live in one table and one listener (keymap.ts) dispatches them by the open scopes.
 * A component adding its own keydown listener would answer keys the help overlay does not show
 * and bypass the scope stack, so this reads the renderer's source and lists every such listener.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const RENDERER = join(import.meta.dirname, '..', '..', 'src', 'renderer', 'src')
/** Listeners that are not shortcuts: the keymap itself, the wedge scanner's reader, and the report that a person is active. */
const ALLOWED = ['keymap/keymap.ts', 'features/scan/wedge-listener.ts', 'app/App.tsx']

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}

function keyListeners(text: string): string[] {
  return [...text.matchAll(/addEventListener\(\s*['"`](keydown|keyup|keypress)['"`]/g)].map((match) => match[0])
}

describe('the one keymap', () => {
  it('is the only place that listens for shortcut keys', () => {
    const outside = sourceFiles(RENDERER)
      .map((path) => relative(RENDERER, path).split('\\').join('/'))
      .filter((path) => !ALLOWED.includes(path))
      .filter((path) => keyListeners(readFileSync(join(RENDERER, path), 'utf8')).length > 0)
    expect(outside).toEqual([])
  })

  it('finds a listener where there is one', () => {
    expect(keyListeners("window.addEventListener('keydown', onKey)")).toHaveLength(1)
    expect(keyListeners('win.addEventListener("keyup", onKey, true)')).toHaveLength(1)
    expect(keyListeners("window.addEventListener('pointerdown', report)")).toHaveLength(0)
  })
})
