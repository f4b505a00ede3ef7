/**
 * The Phensys sandbox on its own thread, so that while the generator works the counter on one
 * core, Phensys answers on the other. Its clock is the generator's simulated clock, shared
 * through memory.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { startSandbox } from '../../src/sandbox'

const { clock, token, dbFile } = workerData as { clock: SharedArrayBuffer; token: string; dbFile: string }
const now = new Float64Array(clock)
const sandbox = await startSandbox({ token, dbFile, seed: 'none', durable: false, now: () => new Date(now[0]!) })
parentPort!.postMessage({ url: sandbox.url })
parentPort!.once('message', () => {
  void sandbox.close().then(() => parentPort!.postMessage({ closed: true }))
})
