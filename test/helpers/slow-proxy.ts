/** Test support: an HTTP proxy on 127.0.0.1 in front of the sandbox that holds back chosen calls. */
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface SlowProxy {
  url: string
  /** Calls whose path matches wait this long before they are passed on. */
  slowDown(path: RegExp, ms: number): void
  close(): Promise<void>
}

export async function startSlowProxy(target: string): Promise<SlowProxy> {
  const rules: Array<{ path: RegExp; ms: number }> = []
  const to = new URL(target)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const wait = rules.find((rule) => rule.path.test(req.url ?? ''))?.ms ?? 0
    setTimeout(() => {
      const upstream = request(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers)
          answer.pipe(res)
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
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    }
  }
}
