import type { IncomingMessage, ServerResponse } from 'node:http'

/** The small pieces both hosts of the contract share: browser mode on loopback and the premises host. */

/** A request the host refuses before the core sees it: its status and why. */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

export function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    throw new Refusal(400, 'The address is not properly encoded.')
  }
}

export function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' })
  res.end(JSON.stringify(body))
}

/**
 * What a host answers when handling a request failed: a refusal with its status and words (the rest
 * of a refused body is not read, so the connection closes after the answer), anything else as an
 * internal error, logged under `host`.
 */
export function answerFailure(res: ServerResponse, error: unknown, host: string): void {
  if (error instanceof Refusal) {
    if (res.headersSent) return void res.end()
    res.setHeader('Connection', 'close')
    return send(res, error.status, { error: error.message })
  }
  console.error(`[${host}]`, error)
  if (!res.headersSent) send(res, 500, { error: 'internal' })
  else res.end()
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const tooLarge = new Refusal(413, `The request body is larger than this call accepts (${limit} bytes).`)
  if (Number(req.headers['content-length'] ?? 0) > limit) throw tooLarge
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > limit) throw tooLarge
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}
