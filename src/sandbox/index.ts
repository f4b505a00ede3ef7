/**
 * The sandbox in-process: the workstation starts it in training mode (no Phensys configured) and
 * tests start it on port 0. `close()` answers open long-polls, waits for calls in flight, closes
 * the connections and then the database.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { openDatabase } from './db'
import { Faults, type FaultCounts, type FaultSettings, type FaultSettingsInput } from './faults'
import { FeedWaiters } from './long-poll'
import { Outage, type OutageSettings, type OutageState } from './outage'
import { demoDay } from './seed/demo'
import { createHandler } from './server'
import { systemClock } from './time'
import { Upstream } from './upstream'

export interface SandboxOptions {
  /** 0 or absent: any free port. The sandbox listens on 127.0.0.1 only. */
  port?: number
  token: string
  /** Its own SQLite file; absent: `:memory:`. */
  dbFile?: string
  /** `demo` loads the demo day into an empty database (a database that has requests is left alone). */
  seed?: 'demo' | 'none'
  /** The sandbox clock (timestamps, seed times, feed retention). */
  now?: () => Date
  /** How long the feed keeps entries; the contract says 7 days. */
  feedRetentionMs?: number
  faults?: FaultSettingsInput
  /** False: commits are not flushed to disk (see `openDatabase`). Default true. */
  durable?: boolean
  onInternalError?: (error: unknown) => void
}

export interface Sandbox {
  url: string
  port: number
  /** How many requests `seed` loaded (0 when none, or when the database already had requests). */
  seeded: number
  setFaults(settings: FaultSettingsInput): FaultSettings
  faults(): { settings: FaultSettings; counts: FaultCounts }
  /** Phensys goes away (503, or refusing connections) until `end` or the seconds given. */
  outage: {
    begin(settings: OutageSettings): Promise<OutageState>
    end(): Promise<void>
    state(): OutageState
  }
  close(): Promise<void>
}

export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  if (options.token.length === 0) throw new Error('the sandbox needs a non-empty token')
  const clock = options.now ?? systemClock
  const db = openDatabase(options.dbFile ?? ':memory:', { durable: options.durable ?? true })
  const waiters = new FeedWaiters()
  const upstream = new Upstream(db, clock, waiters, options.feedRetentionMs)
  const faults = new Faults(options.faults)
  let seeded = 0
  try {
    if (options.seed === 'demo') seeded = upstream.seed(demoDay(clock()))
  } catch (error) {
    db.close()
    throw error
  }

  const shutdown = new AbortController()
  const inflight = new Set<Promise<void>>()
  let port = options.port ?? 0
  const listen = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject)
        resolve()
      })
    })
  // A refusing outage closes the listening socket and every connection, then listens again.
  const outage = new Outage({
    stop: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
      await closed
    },
    resume: async () => {
      if (!shutdown.signal.aborted) await listen()
    }
  })
  const handler = createHandler({
    token: options.token,
    upstream,
    faults,
    outage,
    waiters,
    clock,
    shutdown: shutdown.signal,
    ...(options.onInternalError ? { onInternalError: options.onInternalError } : {})
  })
  const server: Server = createServer((req, res) => {
    const call = handler(req, res).catch((error: unknown) => {
      ;(options.onInternalError ?? console.error)(error)
      if (!res.headersSent) res.destroy()
    })
    inflight.add(call)
    void call.finally(() => inflight.delete(call))
  })

  try {
    await listen()
  } catch (error) {
    db.close()
    throw error
  }
  port = (server.address() as AddressInfo).port

  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      shutdown.abort()
      outage.cancel()
      const stopped = new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))
      await Promise.allSettled([...inflight])
      server.closeAllConnections()
      await stopped
      db.close()
    })()
    return closing
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seeded,
    setFaults: (settings) => faults.configure(settings),
    faults: () => faults.describe(),
    outage: {
      begin: (settings) => outage.begin(settings),
      end: () => outage.end(),
      state: () => outage.state()
    },
    close
  }
}

export type { FaultCounts, FaultSettings, FaultSettingsInput } from './faults'
export type { OutageSettings, OutageState } from './outage'
