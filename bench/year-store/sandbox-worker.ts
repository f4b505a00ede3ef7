/**
 * The Phensys sandbox on its own thread, so that while the generator (or a benchmark) works the
 * counter on one core, Phensys answers on the other. Its clock is the generator's simulated clock,
 * shared through memory, or a benchmark's: the wall clock moved by a fixed offset.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { startSandbox } from '../../src/sandbox'

const { clock, token, dbFile } = workerData as {
  clock: SharedArrayBuffer | { offsetMs: number }
  token: string
  dbFile: string
}
const now = clock instanceof SharedArrayBuffer ? sharedTime(clock) : () => new Date(Date.now() + clock.offsetMs)
const sandbox = await startSandbox({ token, dbFile, seed: 'none', durable: false, now })
parentPort!.postMessage({ url: sandbox.url })
parentPort!.once('message', () => {
  void sandbox.close().then(() => parentPort!.postMessage({ closed: true }))
})

function sharedTime(buffer: SharedArrayBuffer): () => Date {
  const ms = new Float64Array(buffer)
  return () => new Date(ms[0]!)
}
