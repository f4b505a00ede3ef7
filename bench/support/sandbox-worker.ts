/**
 * The Phensys sandbox on its own thread: the counter works on one core while Phensys answers on
 * the other, as it would from another machine.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { startSandbox } from '../../src/sandbox'

const { token } = workerData as { token: string }
const sandbox = await startSandbox({ token, seed: 'none' })
parentPort!.postMessage({ url: sandbox.url })
parentPort!.once('message', () => {
  void sandbox.close().then(() => parentPort!.postMessage({ closed: true }))
})
