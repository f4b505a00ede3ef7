import { randomBytes } from 'node:crypto'

/**
 * A window's (or browser tab's) session at the counter: who is signed in there and whether the
 * screen is locked. Sessions live in memory: a restart signs everyone out, as it should.
 */
export interface CounterSession {
  /** The session's id, as the host holds it: renewed at sign-in, so an id seen before is worthless after. */
  id: string
  userId: string | null
  signedInAt: string | null
  locked: boolean
  /** Last time a person did something here (ms since epoch). Background refreshes do not count. */
  lastActivityMs: number
  /** Last time anything was asked of this session (ms since epoch): what keeps it from expiring. */
  lastSeenMs: number
  /** Signed in with a PIN the rules no longer allow: nothing but choosing a new one until then. */
  mustChangeSecret: boolean
  /** Wrong sign-ins from this window in a row, and when the next one may be tried (ms since epoch). */
  failedSignIns: number
  signInNotBeforeMs: number
  /** The bench the window is at: the host's own screen, or a paired workstation. */
  bench: Bench
}

/** A bench of the premises: the host itself, or a workstation that paired with it. */
export interface Bench {
  id: string
  name: string
}

/** The host's own windows (a one-bench pharmacy has only these). */
export const HOST_BENCH: Bench = { id: 'host', name: 'the host' }

export interface SessionLimits {
  /** At most this many sessions at once; opening one more closes the least recently seen one not signed in. */
  maxSessions: number
  /** A session nobody has used (no call, no open event stream) for this long is closed. */
  unusedExpiryMs: number
  /** A sign-in lasts at most this long (a long shift); then the person signs in again. */
  signedInMaxMs: number
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxSessions: 64,
  unusedExpiryMs: 8 * 3_600_000,
  signedInMaxMs: 13 * 3_600_000
}

function newId(): string {
  return randomBytes(24).toString('base64url')
}

export class SessionRegistry {
  private readonly sessions = new Map<string, CounterSession>()

  constructor(private readonly limits: SessionLimits = DEFAULT_SESSION_LIMITS) {}

  open(nowMs: number, bench: Bench = HOST_BENCH): CounterSession {
    if (this.sessions.size >= this.limits.maxSessions) this.evictOne()
    const session: CounterSession = {
      id: newId(),
      userId: null,
      signedInAt: null,
      locked: false,
      lastActivityMs: nowMs,
      lastSeenMs: nowMs,
      mustChangeSecret: false,
      failedSignIns: 0,
      signInNotBeforeMs: 0,
      bench
    }
    this.sessions.set(session.id, session)
    return session
  }

  get(id: string): CounterSession | undefined {
    return this.sessions.get(id)
  }

  /** Gives the session a new id; the old one stops working at once. */
  renew(session: CounterSession): void {
    if (this.sessions.get(session.id) !== session) return
    this.sessions.delete(session.id)
    session.id = newId()
    this.sessions.set(session.id, session)
  }

  close(id: string): void {
    this.sessions.delete(id)
  }

  all(): IterableIterator<CounterSession> {
    return this.sessions.values()
  }

  /**
   * Closes the sessions nobody uses any more (`inUse` says whether a window still listens), and
   * returns the signed-in ones whose sign-in has lasted its longest (to be signed out).
   */
  sweep(nowMs: number, inUse: (session: CounterSession) => boolean): CounterSession[] {
    const overdue: CounterSession[] = []
    for (const session of [...this.sessions.values()]) {
      if (!inUse(session) && nowMs - session.lastSeenMs >= this.limits.unusedExpiryMs) this.sessions.delete(session.id)
      else if (session.signedInAt && nowMs - Date.parse(session.signedInAt) >= this.limits.signedInMaxMs)
        overdue.push(session)
    }
    return overdue
  }

  /** Makes room: the least recently seen session that nobody is signed in to, else the least recently seen. */
  private evictOne(): void {
    const byAge = [...this.sessions.values()].sort((a, b) => a.lastSeenMs - b.lastSeenMs)
    const victim = byAge.find((session) => session.userId === null) ?? byAge[0]
    if (victim) this.sessions.delete(victim.id)
  }
}
