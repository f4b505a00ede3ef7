/**
 * Browser mode: the same core, served to any Chromium on 127.0.0.1.
 *
 * Protocol (documented in the README):
 * - `GET /...`                 the built renderer (out/renderer), no token needed;
 * - `POST /api/session`        with `Authorization: Bearer <token>` → `{ "sessionId" }`, one per tab;
 * - `POST /api/call/<name>`    with the bearer token and `X-Counter-Session: <sessionId>`, body = the
 *                              call's JSON input → `200` with `{ok, value}` or `{ok:false, error}`;
 * - `GET /api/events?session=<id>&token=<token>`  Server-Sent Events, one `data:` line per event
 *                              (`{name, payload}`), for that session.
 * Anything without the right token is `401`; a Host header that is not this loopback address is
 * `403` (defence against DNS rebinding); an address that cannot be decoded is `400`; a body larger
 * than the call's limit (`bodyLimit`, as large as its schema allows) is `413`. A call that renews
 * the session (sign-in) answers with `renewedSessionId`, the id to use from then on.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, normalize, sep } from 'node:path'
import { timingSafeEqual } from 'node:crypto'
import type { CounterEvent } from '../shared/contract'
import type { CallResponse } from '../shared/errors'
import { bodyLimit } from '../shared/contract/body-limits'
import { Refusal, answerFailure, decoded, readBody, send } from '../premises/http-parts'

/**
 * What browser mode serves: the core itself (a host, or a one-bench pharmacy), or a workstation's
 * link to the premises host. The page cannot tell them apart.
 */
export interface ContractEndpoint {
  openSession(): string | Promise<string>
  closeSession(sessionId: string): void
  dispatch(sessionId: string, name: string, input: unknown): Promise<CallResponse<unknown>>
  subscribe(sessionId: string, listener: (event: CounterEvent) => void): (() => void) | null
}

export interface BrowserHostOptions {
  core: ContractEndpoint
  token: string
  rendererDir: string
  port?: number
}

export interface BrowserHost {
  url: string
  /** The address to open, token included. */
  openUrl: string
  port: number
  close(): Promise<void>
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const { core, token, rendererDir } = options
  /** The sessions this host opened (by their current id), closed with it. */
  const opened = new Set<string>()
  const streams = new Set<ServerResponse>()
  let port = options.port ?? 0

  const tokenOk = (candidate: string | null | undefined): boolean => {
    if (!candidate) return false
    const a = Buffer.from(candidate)
    const b = Buffer.from(token)
    return a.length === b.length && timingSafeEqual(a, b)
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => answerFailure(res, error, 'browser-host'))
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = req.headers.host ?? ''
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, { error: 'wrong host' })
    let url: URL
    try {
      url = new URL(req.url ?? '/', `http://${host}`)
    } catch {
      throw new Refusal(400, 'The address cannot be read.')
    }

    if (!url.pathname.startsWith('/api/')) return serveStatic(url.pathname, res)

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1]
    if (req.method === 'POST' && url.pathname === '/api/session') {
      if (!tokenOk(bearer)) return send(res, 401, { error: 'token' })
      const sessionId = await core.openSession()
      opened.add(sessionId)
      return send(res, 200, { sessionId })
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/call/')) {
      if (!tokenOk(bearer)) return send(res, 401, { error: 'token' })
      const sessionId = String(req.headers['x-counter-session'] ?? '')
      const name = decoded(url.pathname.slice('/api/call/'.length))
      const body = await readBody(req, bodyLimit(name))
      let input: unknown
      try {
        input = body.length === 0 ? undefined : JSON.parse(body)
      } catch {
        return send(res, 200, { ok: false, error: { code: 'invalid_input', message: 'The request body is not JSON.' } })
      }
      const answer = await core.dispatch(sessionId, name, input)
      if (answer.ok && answer.renewedSessionId) {
        opened.delete(sessionId)
        opened.add(answer.renewedSessionId)
      }
      return send(res, 200, answer)
    }
    if (req.method === 'GET' && url.pathname === '/api/events') {
      if (!tokenOk(url.searchParams.get('token'))) return send(res, 401, { error: 'token' })
      const sessionId = url.searchParams.get('session') ?? ''
      const unsubscribe = core.subscribe(sessionId, (event) => res.write(`data: ${JSON.stringify(event)}\n\n`))
      if (!unsubscribe) return send(res, 404, { error: 'session' })
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' })
      res.write(': connected\n\n')
      streams.add(res)
      const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000)
      req.on('close', () => {
        clearInterval(keepAlive)
        unsubscribe()
        streams.delete(res)
      })
      return
    }
    send(res, 404, { error: 'not found' })
  }

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    const relative = pathname === '/' ? 'index.html' : decoded(pathname).replace(/^\/+/, '')
    const file = normalize(join(rendererDir, relative))
    if (!file.startsWith(normalize(rendererDir) + sep)) return send(res, 403, { error: 'path' })
    try {
      const content = await readFile(file)
      res.writeHead(200, {
        'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': CSP,
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Cache-Control': 'no-store'
      })
      res.end(content)
    } catch {
      send(res, 404, { error: 'not found' })
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const address = server.address()
  port = typeof address === 'object' && address ? address.port : port
  const url = `http://127.0.0.1:${port}`

  return {
    url,
    openUrl: `${url}/#token=${token}`,
    port,
    close: async () => {
      for (const stream of streams) stream.end()
      for (const sessionId of opened) core.closeSession(sessionId)
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
