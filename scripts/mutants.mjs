#!/usr/bin/env node
/**
 * The mutation check: breaks one workflow rule at a time, in a copy of the tree, and runs the
 * model test (test/workflow/model.property.test.ts) against it. Each mutant must be caught (the
 * model test fails on it); the script exits non-zero if one survives or cannot be applied.
 *
 *   npm run test:mutants                  every mutant
 *   npm run test:mutants -- accept        only those whose name contains "accept"
 *
 * The copy holds the files git knows (committed or not, ignored ones left out) with node_modules
 * linked, so the worktree itself is never touched; MUTANT_JOBS copies run at once (default 2).
 * A mutant is caught when the model test finds the core disagreeing with the reference model or
 * breaking a rule ("Property failed"); its coverage assertions do not count, as a few runs need
 * not cover everything. The tree is also run unmutated, which must not fail that way. The model
 * test runs with MODEL_SEED=1 and MODEL_RUNS=4 unless they are set (a mutant is caught or not the
 * same way every time).
 */
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MUTANTS } from './mutants-list.mjs'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const MODEL_TEST = 'test/workflow/model.property.test.ts'

const only = process.argv[2]
const chosen = MUTANTS.filter((mutant) => !only || mutant.name.includes(only))
if (chosen.length === 0) {
  console.error(`no mutant's name contains "${only}"`)
  process.exit(2)
}

/** The files git knows in the worktree: committed, staged or new, but not ignored. */
function trackedFiles() {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: ROOT,
    encoding: 'utf8'
  })
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`)
  return listed.stdout.split('\0').filter((file) => file && !file.startsWith('node_modules/'))
}

function copyTree(files) {
  const dir = mkdtempSync(join(tmpdir(), 'counter-mutant-'))
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true })
    try {
      cpSync(join(ROOT, file), join(dir, file))
    } catch (error) {
      // A file deleted in the worktree but still in the index: the copy goes without it.
      if (error.code !== 'ENOENT') throw error
    }
  }
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir')
  return dir
}

function apply(dir, mutant) {
  const path = join(dir, mutant.file)
  const text = readFileSync(path, 'utf8')
  const times = text.split(mutant.find).length - 1
  if (times !== 1) return `its text is found ${times} times in ${mutant.file} (the code moved: update the mutant)`
  writeFileSync(path, text.replace(mutant.find, mutant.replace))
  return null
}

const files = trackedFiles()
const report = (result) => {
  const label = result.mutant.file ? result.outcome : result.outcome === 'caught' ? 'FAILS' : 'passes'
  console.log(`${label.padEnd(11)} ${String(result.seconds).padStart(4)} s  ${result.mutant.name}`)
  if (result.mutant.file && result.detail) console.log(`            ${result.detail.split('\n')[0].slice(0, 200)}`)
}
// The unmutated tree and the mutants run side by side (each in its own copy), JOBS at a time.
const JOBS = Math.max(1, Number(process.env.MUTANT_JOBS ?? 2))
const queue = [{ name: 'the tree as it is', file: null }, ...chosen]
const results = []
await Promise.all(
  Array.from({ length: JOBS }, async () => {
    for (let mutant = queue.shift(); mutant; mutant = queue.shift()) {
      const result = await check(mutant)
      report(result)
      results.push(result)
    }
  })
)
const baseline = results.find((result) => !result.mutant.file)
if (baseline.outcome === 'caught' || baseline.outcome === 'did not run') {
  console.error(`\nthe model test fails without any mutant, so no mutant can be judged: ${baseline.detail}`)
  process.exit(1)
}

async function check(mutant) {
  const started = Date.now()
  const dir = copyTree(files)
  try {
    const problem = mutant.file ? apply(dir, mutant) : null
    if (problem) return { mutant, outcome: 'not applied', detail: problem, seconds: 0 }
    const run = await modelTest(dir)
    const output = `${run.stdout}\n${run.stderr}`
    const seconds = Math.round((Date.now() - started) / 1000)
    // Caught: the core disagreed with the model or broke a rule, not the copy failing to load.
    const outcome = /Property failed/.test(output)
      ? 'caught'
      : run.status === 0 || /AssertionError/.test(output)
        ? 'SURVIVED'
        : 'did not run'
    const failure = output.match(/Caused by: \w*Error: (.*)/) ?? output.match(/AssertionError: (.*)/)
    return { mutant, outcome, detail: outcome === 'SURVIVED' ? '' : (failure?.[1] ?? output.slice(-500)), seconds }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function modelTest(dir) {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['vitest', 'run', MODEL_TEST], {
      cwd: dir,
      env: {
        ...process.env,
        MODEL_SEED: process.env.MODEL_SEED ?? '1',
        MODEL_RUNS: process.env.MODEL_RUNS ?? '4',
        NO_COLOR: '1'
      }
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (status) => resolve({ status, stdout, stderr }))
  })
}

const bad = results.filter((result) => result.mutant.file && result.outcome !== 'caught')
console.log(
  bad.length === 0
    ? `\nevery mutant caught (${results.length - 1})`
    : `\n${bad.length} of ${results.length - 1} not caught: ${bad.map((result) => result.mutant.name).join('; ')}`
)
process.exit(bad.length === 0 ? 0 : 1)
