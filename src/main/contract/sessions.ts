import { randomBytes } from 'node:crypto'

/**
 * A window's (or browser tab's) session at the counter: who is signed in there and whether the
 * screen is locked. Sessions live in memory: a restart signs everyone out, as it should.
 */
export interface CounterSession {
  readonly id: string
  userId: string | null
  signedInAt: string | null
  locked: boolean
  /** Last time a person did something here (ms since epoch). Background refreshes do not count. */
  lastActivityMs: number
}

export class SessionRegistry {
  private readonly sessions = new Map<string, CounterSession>()

  open(nowMs: number): CounterSession {
    const session: CounterSession = {
      id: randomBytes(24).toString('base64url'),
      userId: null,
      signedInAt: null,
      locked: false,
      lastActivityMs: nowMs
    }
    this.sessions.set(session.id, session)
    return session
  }

  get(id: string): CounterSession | undefined {
    return this.sessions.get(id)
  }

  close(id: string): void {
    this.sessions.delete(id)
  }

  all(): IterableIterator<CounterSession> {
    return this.sessions.values()
  }
}
