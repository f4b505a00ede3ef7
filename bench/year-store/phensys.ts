/**
 * Phensys for the year store: the project's sandbox, and the control calls with which it plays
 * Phensys and the patients (new requests, cancellations, patients' choices, resolved queries).
 * While generating it runs on a worker thread with the simulated clock; a benchmark runs it on a
 * copy of the same database, so the year's requests are there too, in its own process and thread
 * or (`phensysThread: 'worker'`) on a worker thread of its own, as another machine would be.
 */
import { Worker } from 'node:worker_threads'
import { startSandbox } from '../../src/sandbox'

export interface PhensysControl {
  url: string
  token: string
  create(bodies: ReadonlyArray<Record<string, unknown>>): Promise<void>
  cancel(id: string): Promise<void>
  decide(id: string, choice: 'wait' | 'cancel' | 'further_consultation'): Promise<void>
  resolveQuery(id: string, changes: Record<string, unknown>): Promise<void>
  close(): Promise<void>
}

/** A simulated clock both threads read: the generator moves it, the sandbox stamps with it. */
export class SharedClock {
  readonly buffer = new SharedArrayBuffer(8)
  private readonly ms = new Float64Array(this.buffer)

  constructor(startMs: number) {
    this.ms[0] = startMs
  }

  now(): Date {
    return new Date(this.ms[0]!)
  }

  get time(): number {
    return this.ms[0]!
  }

  /** Moves forward to `ms`; the clock never goes back. */
  moveTo(ms: number): void {
    if (ms > this.ms[0]!) this.ms[0] = ms
  }

  advance(ms: number): void {
    this.ms[0] = this.ms[0]! + ms
  }
}

/**
 * The sandbox on a worker thread, over `dbFile`: on the generator's simulated clock, or on the
 * wall clock moved by `offsetMs` (a benchmark's clock).
 */
export async function startPhensysWorker(
  dbFile: string,
  token: string,
  clock: SharedClock | { offsetMs: number }
): Promise<PhensysControl> {
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: {
      module: new URL('./sandbox-worker.ts', import.meta.url).href,
      clock: clock instanceof SharedClock ? clock.buffer : clock,
      token,
      dbFile
    }
  })
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url))
    worker.once('error', reject)
  })
  return control(url, token, async () => {
    const closed = new Promise((resolve) => worker.once('message', resolve))
    worker.postMessage('close')
    await closed
    await worker.terminate()
  })
}

/**
 * The sandbox in this thread, over `dbFile`. Its commits are not flushed to disk: a benchmark
 * measures the counter, and Phensys's own disk is none of the counter's time.
 */
export async function startPhensys(dbFile: string, token: string, now: () => Date): Promise<PhensysControl> {
  const sandbox = await startSandbox({ token, dbFile, seed: 'none', durable: false, now })
  return control(sandbox.url, token, () => sandbox.close())
}

function control(url: string, token: string, close: () => Promise<void>): PhensysControl {
  const post = async (path: string, body: unknown): Promise<void> => {
    const answer = await fetch(`${url}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    })
    if (answer.status >= 300) throw new Error(`Phensys ${path}: ${answer.status} ${await answer.text()}`)
    await answer.arrayBuffer()
  }
  return {
    url,
    token,
    create: async (bodies) => {
      if (bodies.length > 0) await post('/sandbox/requests/bulk', { requests: bodies })
    },
    cancel: (id) => post(`/sandbox/requests/${id}/cancel`, { reason: 'patient_request' }),
    decide: (id, choice) => post(`/sandbox/requests/${id}/decision`, { choice }),
    resolveQuery: (id, changes) => post(`/sandbox/requests/${id}/resolve-query`, { changes }),
    close
  }
}
