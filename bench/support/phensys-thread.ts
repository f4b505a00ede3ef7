import { Worker } from 'node:worker_threads'

export interface PhensysThread {
  url: string
  /** A control or provider call with the token; the answer's body, or an error. */
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown>
  close(): Promise<void>
}

/** The sandbox on a worker thread (an in-memory database). */
export async function startPhensysThread(token: string): Promise<PhensysThread> {
  const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { module: new URL('./sandbox-worker.ts', import.meta.url).href, token }
  })
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (message: { url: string }) => resolve(message.url))
    worker.once('error', reject)
  })
  return {
    url,
    call: async (method, path, body) => {
      const answer = await fetch(`${url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) })
      })
      const text = await answer.text()
      if (answer.status >= 300) throw new Error(`Phensys ${method} ${path}: ${answer.status} ${text}`)
      return text ? (JSON.parse(text) as unknown) : null
    },
    close: async () => {
      const closed = new Promise((resolve) => worker.once('message', resolve))
      worker.postMessage('close')
      await closed
      await worker.terminate()
    }
  }
}
