/** HTTP plumbing: answers, the error body shape, and reading JSON bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http'

export interface Answer {
  status: number
  body: unknown
  headers?: Record<string, string>
  /** Runs once the answer has been written out (a change that would cut the answer off). */
  afterSent?: () => void
}

export interface ErrorDetail {
  path?: string
  message: string
  [key: string]: unknown
}

/** An answer that is an error: `{"error": {"code", "message", "details"}}` plus optional extras. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>
  ) {
    super(message)
    this.name = 'ApiError'
  }

  toAnswer(): Answer {
    return {
      status: this.status,
      body: errorBody(this.code, this.message, this.details, this.extra),
      ...(this.headers ? { headers: this.headers } : {})
    }
  }
}

export function errorBody(
  code: string,
  message: string,
  details?: ErrorDetail[],
  extra?: Record<string, unknown>
): Record<string, unknown> {
  return { error: { code, message, ...(details && details.length > 0 ? { details } : {}) }, ...extra }
}

export function validationFailed(message: string, details?: ErrorDetail[]): ApiError {
  return new ApiError(400, 'validation_failed', message, details)
}

/** zod issues as error details. */
export function issueDetails(issues: readonly { path: readonly PropertyKey[]; message: string }[]): ErrorDetail[] {
  return issues.slice(0, 20).map((issue) => ({
    path: issue.path.map((part) => String(part)).join('.') || '(root)',
    message: issue.message
  }))
}

const MAX_BODY_BYTES = 1024 * 1024

/** The request's JSON body; `undefined` when it is empty. Throws ApiError 400/413. */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of req) {
      const buffer = chunk as Buffer
      size += buffer.length
      if (size > maxBytes) throw new ApiError(413, 'payload_too_large', `a body is at most ${maxBytes} bytes`)
      chunks.push(buffer)
    }
  } catch (error) {
    if (error instanceof ApiError) throw error
    throw validationFailed('the body could not be read (the connection ended)')
  }
  if (size === 0) return undefined
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))
  } catch {
    throw validationFailed('the body is not valid UTF-8')
  }
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw validationFailed(`the body is not valid JSON: ${(error as Error).message}`)
  }
}

export function send(res: ServerResponse, answer: Answer): void {
  if (res.headersSent || res.destroyed) return
  const text = JSON.stringify(answer.body)
  res.writeHead(answer.status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text, 'utf8'),
    'Cache-Control': 'no-store',
    ...answer.headers
  })
  res.end(text, answer.afterSent)
}
