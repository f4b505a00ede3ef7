/**
 * Test support: an HTTP proxy on 127.0.0.1 in front of the sandbox that holds back chosen calls,
 * or changes the JSON of chosen answers (Phensys answering with more than the counter expects).
 */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { startLinked, type Linked } from './linked'

export interface SlowProxy {
  url: string
  /** Calls whose path matches wait this long before they are passed on. */
  slowDown(path: RegExp, ms: number): void
  /** The next answer to a call whose path matches reaches the counter as `edit` makes it. */
  changeNextAnswer(path: RegExp, edit: (body: Record<string, unknown>) => unknown): void
  close(): Promise<void>
}

async function startSlowProxy(target: string): Promise<SlowProxy> {
  const rules: Array<{ path: RegExp; ms: number }> = []
  const edits: Array<{ path: RegExp; edit: (body: Record<string, unknown>) => unknown }> = []
  const to = new URL(target)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const wait = rules.find((rule) => rule.path.test(req.url ?? ''))?.ms ?? 0
    setTimeout(() => {
      const upstream = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          const at = edits.findIndex((rule) => rule.path.test(req.url ?? ''))
          if (at < 0) {
            res.writeHead(answer.statusCode ?? 502, answer.headers)
            answer.pipe(res)
            return
          }
          const [{ edit }] = edits.splice(at, 1) as [(typeof edits)[number]]
          const chunks: Buffer[] = []
          answer.on('data', (chunk: Buffer) => chunks.push(chunk))
          answer.on('end', () => {
            const body = Buffer.from(JSON.stringify(edit(JSON.parse(Buffer.concat(chunks).toString('utf8')))))
            res.writeHead(answer.statusCode ?? 502, { ...answer.headers, 'content-length': String(body.length) })
            res.end(body)
          })
        }
      )
      upstream.on('error', () => res.destroy())
      req.pipe(upstream)
    }, wait)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    slowDown: (path, ms) => void rules.push({ path, ms }),
    changeNextAnswer: (path, edit) => void edits.push({ path, edit }),
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}

/** A counter linked to the sandbox with this proxy between them: every call of the counter's goes through it. */
export async function startLinkedThroughProxy(): Promise<{ linked: Linked; proxy: SlowProxy }> {
  let proxy: SlowProxy | undefined
  const linked = await startLinked({
    through: async (url) => {
      proxy = await startSlowProxy(url)
      return proxy.url
    }
  })
  return { linked, proxy: proxy! }
}
