#!/usr/bin/env node
/**
 * Rewrites imports to the layout's two rules, and can be run again at any time (a run on a tree
 * that already follows them changes nothing):
 *
 * 1. A folder of src/main (stock, dispatch, db…) is imported from outside it only through its
 *    index.ts. Each import in src/ that reaches past an index (`../stock/eta`) is pointed at the
 *    folder (`../stock`), and the names it takes are added to that index as
 *    `export { name } from './eta'` (`export type { … }` for types), creating index.ts if the
 *    folder has none. Only what is imported is exported, so knip stays quiet. Tests (`*.test.ts`,
 *    test/, bench/, e2e/) may reach inside a folder and are left alone; so is src/main/shell/, the
 *    Electron shell, which only src/main/index.ts imports and which no index may re-export.
 * 2. An import that climbs three folders or more (`../../../shared/time`) into src/main or
 *    src/shared is written with the path alias (`@shared/time`), in src/,
 *    test/, bench/, e2e/ and scripts/. The drizzle schema keeps relative imports: drizzle-kit
 *    loads it with a loader that knows no aliases.
 *
 * What it cannot route (a default, namespace or side-effect import of a folder's file, or two
 * different things of one name for one index) it names and exits non-zero, leaving those files
 * for a person; ESLint then names the same imports. Files it changed are formatted with Prettier.
 *
 *   node scripts/route-imports-through-index.mjs
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, posix, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import ts from 'typescript'
import * as prettier from 'prettier'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const MAIN = 'src/main'
/** Folders of src/main that are not domain folders with an index. */
const NOT_ROUTED = new Set(['shell'])
/** Alias prefixes and the folders they stand for (the same as in tsconfig.base.json). */
const ALIASES = [
  ['@main/', 'src/main/'],
  ['@shared/', 'src/shared/']
]
/** drizzle-kit loads these without alias support. */
const KEEP_RELATIVE = ['src/main/db/schema/']

const problems = []
/** path → new text, for every file changed. */
const changed = new Map()

const toPosix = (path) => path.split(sep).join('/')
const isTest = (file) => /\.(test|spec)\.tsx?$/.test(file)

/** The repo-relative path (no extension) an import specifier names, or null for a package. */
function targetOf(importer, specifier) {
  for (const [alias, folder] of ALIASES) {
    if (specifier.startsWith(alias)) return folder + specifier.slice(alias.length)
  }
  if (!specifier.startsWith('.')) return null
  return posix.normalize(posix.join(posix.dirname(importer), specifier))
}

/** For a path inside a routed folder of src/main: the folder and the path inside it. */
function folderOf(target) {
  const match = /^src\/main\/([^/]+)\/(.+)$/.exec(target)
  if (!match || NOT_ROUTED.has(match[1])) return null
  if (!isDirectory(`${MAIN}/${match[1]}`)) return null
  return { folder: match[1], inside: match[2] }
}

function isDirectory(path) {
  return existsSync(join(ROOT, path)) && statSync(join(ROOT, path)).isDirectory()
}

/** A specifier for `target` from `importer`: relative, starting with ./ or ../ */
function relativeSpecifier(importer, target) {
  const spec = posix.relative(posix.dirname(importer), target)
  return spec.startsWith('.') ? spec : `./${spec}`
}

function programFor(tsconfig) {
  const config = ts.readConfigFile(join(ROOT, tsconfig), ts.sys.readFile)
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT)
  return ts.createProgram(parsed.fileNames, { ...parsed.options, noEmit: true })
}

/** The declaration an imported or exported name finally stands for. */
function originalOf(checker, symbol) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol
  return target
}
const isValue = (symbol) => (symbol.flags & ts.SymbolFlags.Value) !== 0

/** Rule 1: imports of a folder's insides from outside it go through its index. */
function routeThroughIndexes() {
  const program = programFor('tsconfig.node.json')
  const checker = program.getTypeChecker()
  /** folder → Map(exported name → { module, type, symbol }) to add to its index. */
  const additions = new Map()
  /** file → edits [{ start, end, text }] */
  const edits = new Map()

  const sources = program
    .getSourceFiles()
    .map((sf) => ({ sf, file: toPosix(relative(ROOT, sf.fileName)) }))
    .filter(({ file }) => file.startsWith('src/') && !isTest(file) && !file.endsWith('.d.ts'))
    .sort((a, b) => a.file.localeCompare(b.file))

  for (const { sf, file } of sources) {
    for (const statement of sf.statements) {
      const isImport = ts.isImportDeclaration(statement)
      if (!isImport && !ts.isExportDeclaration(statement)) continue
      if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue
      const target = targetOf(file, statement.moduleSpecifier.text)
      const place = target && folderOf(target)
      if (!place || place.inside === 'index' || file.startsWith(`${MAIN}/${place.folder}/`)) continue

      const where = `${file}: ${statement.getText(sf).split('\n')[0]}`
      const clause = isImport ? statement.importClause : null
      const named = isImport
        ? clause && !clause.name && clause.namedBindings && ts.isNamedImports(clause.namedBindings)
          ? clause.namedBindings
          : null
        : statement.exportClause && ts.isNamedExports(statement.exportClause)
          ? statement.exportClause
          : null
      if (!named) {
        problems.push(`${where}\n    only named imports can go through an index: change it by hand`)
        continue
      }
      const module = `./${place.inside.replace(/\/index$/, '')}`
      const wanted = additions.get(place.folder) ?? new Map()
      additions.set(place.folder, wanted)
      let routable = true
      for (const element of named.elements) {
        const name = (element.propertyName ?? element.name).text
        const symbol = checker.getSymbolAtLocation(element.name)
        if (!symbol) {
          problems.push(`${where}\n    ${name} cannot be resolved`)
          routable = false
          continue
        }
        const original = originalOf(checker, symbol)
        const already = wanted.get(name)
        if (already && already.symbol !== original) {
          problems.push(`${where}\n    ${place.folder}/index.ts would export two different things named ${name}`)
          routable = false
          continue
        }
        if (!already) wanted.set(name, { module, type: !isValue(original), symbol: original })
      }
      if (!routable) continue
      const spec = statement.moduleSpecifier
      const list = edits.get(file) ?? []
      list.push({
        start: spec.getStart(sf),
        end: spec.getEnd(),
        text: `'${relativeSpecifier(file, `${MAIN}/${place.folder}`)}'`
      })
      edits.set(file, list)
    }
  }

  for (const [folder, wanted] of additions) writeIndex(program, checker, folder, wanted)
  for (const [file, list] of edits) {
    const text = applyEdits(readCurrent(file), list)
    changed.set(file, mergeImportsOfOneModule(file, text, new Set(list.map((e) => e.text.slice(1, -1)))))
  }
}

function readCurrent(file) {
  if (changed.has(file)) return changed.get(file)
  return existsSync(join(ROOT, file)) ? readFileSync(join(ROOT, file), 'utf8') : ''
}

function applyEdits(text, list) {
  let out = text
  for (const edit of [...list].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end)
  }
  return out
}

/** Adds to a folder's index.ts the names it must export and does not yet. */
function writeIndex(program, checker, folder, wanted) {
  const indexFile = `${MAIN}/${folder}/index.ts`
  const indexSf = program.getSourceFile(join(ROOT, indexFile))
  /** name → the declaration the index exports under it now */
  const present = new Map()
  const moduleSymbol = indexSf && checker.getSymbolAtLocation(indexSf)
  if (moduleSymbol) {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      present.set(exported.name, originalOf(checker, exported))
    }
  }
  /** module → [{ name, type }] still to export */
  const missing = new Map()
  for (const [name, { module, type, symbol }] of wanted) {
    const existing = present.get(name)
    if (existing === symbol) continue
    if (existing) {
      problems.push(`${indexFile} already exports another ${name}: rename one of them`)
      continue
    }
    missing.set(module, [...(missing.get(module) ?? []), { name, type }])
  }
  if (missing.size === 0) return

  let text = readCurrent(indexFile).replace(/\s*$/, '\n')
  if (text === '\n') text = ''
  const edits = []
  for (const [module, names] of [...missing].sort(([a], [b]) => a.localeCompare(b))) {
    // Join an `export { … } from` of the same module already there, else add a line of its own.
    const same = indexSf?.statements.find(
      (s) =>
        ts.isExportDeclaration(s) &&
        !s.isTypeOnly &&
        s.moduleSpecifier?.text === module &&
        s.exportClause &&
        ts.isNamedExports(s.exportClause)
    )
    if (same) {
      const old = same.exportClause.elements.map((e) => e.getText(indexSf))
      const all = [...old, ...names.map(({ name, type }) => (type ? `type ${name}` : name))]
      edits.push({
        start: same.getStart(indexSf),
        end: same.getEnd(),
        text: `export { ${all.join(', ')} } from '${module}'`
      })
      continue
    }
    const values = names.filter((n) => !n.type).map((n) => n.name)
    const types = names.filter((n) => n.type).map((n) => n.name)
    if (values.length > 0) text += `export { ${values.join(', ')} } from '${module}'\n`
    if (types.length > 0) text += `export type { ${types.join(', ')} } from '${module}'\n`
  }
  changed.set(indexFile, applyEdits(text, edits))
}

/**
 * After a rewrite, one file may import the same module twice (once from './stock/eta', once from
 * './stock/levels'): the named imports of a module the script wrote are joined into the first
 * declaration.
 */
function mergeImportsOfOneModule(file, text, written) {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const groups = new Map()
  for (const statement of sf.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue
    const clause = statement.importClause
    if (!clause || clause.name || !clause.namedBindings || !ts.isNamedImports(clause.namedBindings)) continue
    const spec = statement.moduleSpecifier.text
    if (!written.has(spec)) continue
    groups.set(spec, [...(groups.get(spec) ?? []), statement])
  }
  const edits = []
  for (const [spec, statements] of groups) {
    if (statements.length < 2) continue
    const allTypes = statements.every((s) => s.importClause.isTypeOnly)
    const elements = statements.flatMap((s) =>
      s.importClause.namedBindings.elements.map((e) => {
        const source = e.getText(sf)
        return s.importClause.isTypeOnly && !allTypes && !e.isTypeOnly ? `type ${source}` : source
      })
    )
    const merged = `import ${allTypes ? 'type ' : ''}{ ${[...new Set(elements)].join(', ')} } from '${spec}'`
    edits.push({ start: statements[0].getStart(sf), end: statements[0].getEnd(), text: merged })
    for (const extra of statements.slice(1)) {
      const end = text[extra.getEnd()] === '\n' ? extra.getEnd() + 1 : extra.getEnd()
      edits.push({ start: extra.getStart(sf), end, text: '' })
    }
  }
  return applyEdits(text, edits)
}

/** Rule 2: imports climbing three folders or more use the path alias. */
function aliasDeepImports() {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  const files = listed.stdout
    .split('\0')
    .filter((f) => /^(src|test|bench|e2e|scripts)\/.*\.tsx?$/.test(f) && !f.endsWith('.d.ts'))
    .filter((f) => existsSync(join(ROOT, f)) && !KEEP_RELATIVE.some((k) => f.startsWith(k)))
  for (const file of files) {
    const text = readCurrent(file)
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const edits = []
    const visit = (node) => {
      let literal = null
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) {
        literal = node.moduleSpecifier
      } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
        literal = node.arguments[0]
      } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
        literal = node.argument.literal
      }
      if (literal && ts.isStringLiteral(literal) && literal.text.startsWith('../../../')) {
        const target = targetOf(file, literal.text)
        const alias = ALIASES.find(([, folder]) => target.startsWith(folder))
        if (alias) {
          const quote = text[literal.getStart(sf)]
          const aliased = alias[0] + target.slice(alias[1].length)
          edits.push({ start: literal.getStart(sf), end: literal.getEnd(), text: `${quote}${aliased}${quote}` })
        }
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
    if (edits.length > 0)
      changed.set(
        file,
        mergeImportsOfOneModule(file, applyEdits(text, edits), new Set(edits.map((e) => e.text.slice(1, -1))))
      )
  }
}

routeThroughIndexes()
aliasDeepImports()

const options = await prettier.resolveConfig(join(ROOT, 'package.json'))
for (const [file, text] of changed) {
  const formatted = await prettier.format(text, { ...options, filepath: join(ROOT, file) })
  if (existsSync(join(ROOT, file)) && readFileSync(join(ROOT, file), 'utf8') === formatted) continue
  writeFileSync(join(ROOT, file), formatted)
  console.log(`rewrote ${file}`)
}
if (problems.length > 0) {
  console.error(`${problems.length} import(s) left for a person:\n${problems.map((p) => `  ${p}`).join('\n')}`)
  process.exitCode = 1
}
