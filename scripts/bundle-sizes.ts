/**
 * The renderer's bundle as built (`npx electron-vite build` first): each chunk's size raw and
 * gzipped; what the first paint (the sign-in screen) loads: the entry, the chunks it imports
 * statically and its styles; and what the worklist adds, fetched at once beside it. Screens
 * opened later come in chunks of their own. Goal: under 150 kB gzipped for sign-in and the worklist.
 *   npx tsx scripts/bundle-sizes.ts
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const OUT = 'out/renderer'
const GOAL_KB = 150

interface ManifestChunk {
  file: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}

const manifest = JSON.parse(readFileSync(join(OUT, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>
const sizeOf = (file: string) => {
  const bytes = readFileSync(join(OUT, file))
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length }
}
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`

/** A chunk and, transitively, what it imports statically (not what it imports when asked), with styles. */
const closure = (keys: readonly string[], into = new Set<string>()): Set<string> => {
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || into.has(chunk.file)) return
    into.add(chunk.file)
    for (const css of chunk.css ?? []) into.add(css)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  keys.forEach(visit)
  return into
}
const signIn = closure(Object.keys(manifest).filter((key) => manifest[key]!.isEntry))
const firstPaint = closure(
  Object.keys(manifest).filter((key) => key.endsWith('features/worklist/Worklist.tsx')),
  new Set(signIn)
)

const files = [...new Set(Object.values(manifest).flatMap((chunk) => [chunk.file, ...(chunk.css ?? [])]))]
  .map((file) => ({ file, ...sizeOf(file), first: firstPaint.has(file) }))
  .sort((a, b) => b.gzip - a.gzip)
console.log(`${'chunk'.padEnd(48)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  loaded`)
for (const f of files)
  console.log(
    `${f.file.padEnd(48)} ${kB(f.raw).padStart(10)} ${kB(f.gzip).padStart(10)}  ${signIn.has(f.file) ? 'at sign-in' : f.first ? 'with the worklist' : ''}`
  )
const first = files.filter((f) => f.first)
const total = (list: typeof files, key: 'raw' | 'gzip') => list.reduce((sum, f) => sum + f[key], 0)
const atSignIn = files.filter((f) => signIn.has(f.file))
console.log(
  `\nsign-in (the first paint): ${kB(total(atSignIn, 'raw'))} raw, ${kB(total(atSignIn, 'gzip'))} gzip in ${atSignIn.length} files\n` +
    `sign-in and the worklist: ${kB(total(first, 'raw'))} raw, ${kB(total(first, 'gzip'))} gzip in ${first.length} files (goal < ${GOAL_KB} kB gzip)\n` +
    `everything: ${kB(total(files, 'raw'))} raw, ${kB(total(files, 'gzip'))} gzip in ${files.length} files`
)
if (total(first, 'gzip') > GOAL_KB * 1000) process.exitCode = 1
