/**
 * Fails when the imports of src/ go round in a circle, between files or between folders.
 *
 * A folder cycle (stock imports fulfilment, fulfilment imports stock) is as bad as a file cycle
 * even when no single file closes the loop: neither folder can be understood, tested or moved
 * without the other. The units compared are the folders just below each area (src/main/stock,
 * src/shared/gs1, src/renderer/src/features/request, src/renderer/src/app, src/sandbox/seed…),
 * a folder's subfolders counting as part of it; a file lying loose in an area (src/main/core.ts,
 * src/main/errors.ts) is a unit of its own. Type-only imports count too: they tie the folders
 * together just the same for a reader.
 *
 * dpdm reads the imports; this script only groups them. `npm run check:cycles`.
 */
import { relative, sep } from 'node:path'
import { parseCircular, parseDependencyTree, type DependencyTree } from 'dpdm'

/** Folders whose own subfolders are the units; the longest match wins. */
const AREAS = [
  'src/main',
  'src/shared',
  'src/preload',
  'src/browser',
  'src/sandbox',
  'src/renderer/src',
  'src/renderer/src/features'
]

/** The unit a source file belongs to (see above). */
function unitOf(file: string): string {
  const area = AREAS.filter((a) => file.startsWith(`${a}/`)).sort((a, b) => b.length - a.length)[0]
  if (area === undefined) return file
  const rest = file.slice(area.length + 1).split('/')
  return rest.length === 1 ? file : `${area}/${rest[0]}`
}

/**
 * File imports left out of the folder check, each with its reason. The check fails when one of
 * them no longer exists, so an entry cannot outlive the import it excuses.
 */
const TOLERATED: ReadonlyArray<{ from: string; to: string; why: string }> = []

interface Edge {
  from: string
  to: string
  /** The file imports behind the edge, for the message. */
  imports: string[]
}

/** The strongly connected groups of more than one unit (Tarjan's algorithm). */
function cyclicGroups(units: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  const visit = (unit: string): void => {
    index.set(unit, next)
    low.set(unit, next)
    next++
    stack.push(unit)
    onStack.add(unit)
    for (const to of units.get(unit) ?? []) {
      if (!index.has(to)) {
        visit(to)
        low.set(unit, Math.min(low.get(unit)!, low.get(to)!))
      } else if (onStack.has(to)) {
        low.set(unit, Math.min(low.get(unit)!, index.get(to)!))
      }
    }
    if (low.get(unit) !== index.get(unit)) return
    const group: string[] = []
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member)
      group.push(member)
      if (member === unit) break
    }
    if (group.length > 1) groups.push(group.sort())
  }
  for (const unit of units.keys()) if (!index.has(unit)) visit(unit)
  return groups
}

function folderEdges(tree: DependencyTree, tolerated: Set<string>): Map<string, Edge> {
  const edges = new Map<string, Edge>()
  for (const [file, deps] of Object.entries(tree)) {
    if (!file.startsWith('src/') || deps === null) continue
    for (const dep of deps) {
      if (dep.id === null || !dep.id.startsWith('src/')) continue
      const excuse = TOLERATED.find((t) => t.from === file && t.to === dep.id)
      if (excuse) {
        tolerated.add(excuse.why)
        continue
      }
      const from = unitOf(file)
      const to = unitOf(dep.id)
      if (from === to) continue
      const key = `${from} → ${to}`
      const edge = edges.get(key) ?? { from, to, imports: [] }
      edge.imports.push(`${file} imports ${dep.id}`)
      edges.set(key, edge)
    }
  }
  return edges
}

async function main(): Promise<void> {
  const absolute = await parseDependencyTree(['src/**/*.ts', 'src/**/*.tsx'], { transform: false })
  const tree: DependencyTree = {}
  const short = (id: string) => relative(process.cwd(), id).split(sep).join('/')
  for (const [file, deps] of Object.entries(absolute)) {
    tree[short(file)] = deps && deps.map((d) => ({ ...d, issuer: short(d.issuer), id: d.id && short(d.id) }))
  }

  const problems: string[] = []
  const fileCycles = new Set(parseCircular(tree).map((circle) => [...circle, circle[0]].join(' → ')))
  for (const circle of fileCycles) problems.push(`files: ${circle}`)

  const tolerated = new Set<string>()
  const edges = folderEdges(tree, tolerated)
  for (const t of TOLERATED) {
    if (!tolerated.has(t.why)) problems.push(`${t.from} no longer imports ${t.to}: remove it from TOLERATED`)
  }
  const units = new Map<string, Set<string>>()
  for (const { from, to } of edges.values()) units.set(from, (units.get(from) ?? new Set()).add(to))
  for (const group of cyclicGroups(units)) {
    const inside = [...edges.values()].filter((e) => group.includes(e.from) && group.includes(e.to))
    problems.push(
      `folders: ${group.join(', ')} import each other:\n` +
        inside.map((e) => `    ${e.from} → ${e.to}\n      ${e.imports.join('\n      ')}`).join('\n')
    )
  }

  if (problems.length === 0) {
    console.log(`no import cycles between ${Object.keys(tree).filter((f) => f.startsWith('src/')).length} files`)
    return
  }
  console.error(`${problems.length} import problem(s):\n${problems.map((p) => `  ${p}`).join('\n')}`)
  process.exitCode = 1
}

await main()
