/**
 * `PRAGMA integrity_check` on a thread of its own, over its own read-only connection: it reads
 * every page of the store (seconds on a year's store), and the main thread must keep answering
 * the counter meanwhile. The worker's code is a string, so the check needs no file of its own in
 * the built app; it loads better-sqlite3 from where this module resolves it (or the addon built
 * for Electron, under the shell).
 */
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
let db
try {
  db = new Database(workerData.file, {
    readonly: true,
    fileMustExist: true,
    ...(workerData.nativeBinding ? { nativeBinding: workerData.nativeBinding } : {})
  })
  const rows = db.pragma('integrity_check(' + workerData.maxProblems + ')', { simple: false })
  parentPort.postMessage({ problems: rows.map((row) => row.integrity_check).filter((line) => line !== 'ok') })
} catch (error) {
  parentPort.postMessage({ problems: ['the database could not be read: ' + (error && error.message)] })
} finally {
  if (db) db.close()
}
`

/** SQLite's lines about what is wrong with the store file (none when it is sound), read off the main thread. */
export function integrityProblemsInBackground(
  file: string,
  options: { nativeBinding?: string; maxProblems: number }
): Promise<string[]> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3')
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, {
      eval: true,
      workerData: { module, file, nativeBinding: options.nativeBinding ?? null, maxProblems: options.maxProblems }
    })
    worker.once('message', (message: { problems: string[] }) => resolve(message.problems))
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the database check stopped (exit ${code})`))
    })
  })
}
