import type { CounterEvent, CounterEventName, CounterEvents } from '../shared/contract'
import { EVENT_AUDIENCE } from '../shared/contract/events'
import type { Role } from '../shared/roles'
import type { CounterSession } from './contract'

export type EventListener = (event: CounterEvent) => void

/**
 * Delivers main's events to the windows (sessions) that listen: to one session, or to all. An
 * event reaches only a session someone is signed in to, and only if one of their roles may see it
 * (`EVENT_AUDIENCE`); a window's own `session.changed` always reaches it.
 */
export class EventBus {
  private readonly listeners = new Map<CounterSession, Set<EventListener>>()

  /** `rolesOf`: the roles of the person signed in to a session, or null when nobody (active) is. */
  constructor(private readonly rolesOf: (session: CounterSession) => readonly Role[] | null) {}

  subscribe(session: CounterSession, listener: EventListener): () => void {
    const set = this.listeners.get(session) ?? new Set<EventListener>()
    set.add(listener)
    this.listeners.set(session, set)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(session)
    }
  }

  /** The session ended (its bench was removed): nothing more reaches its windows. */
  forget(session: CounterSession): void {
    this.listeners.delete(session)
  }

  /** Whether a window still listens to this session (an open event stream keeps it alive). */
  listening(session: CounterSession): boolean {
    return this.listeners.has(session)
  }

  /** Whether any window listens at all: an event that nobody would hear need not be put together. */
  anyoneListening(): boolean {
    return this.listeners.size > 0
  }

  broadcast<K extends CounterEventName>(name: K, payload: CounterEvents[K]): void {
    for (const session of [...this.listeners.keys()]) this.toSession(session, name, payload)
  }

  /** To the windows at one bench only: what its own devices read (a scan opens a request there, not elsewhere). */
  toBench<K extends CounterEventName>(benchId: string, name: K, payload: CounterEvents[K]): void {
    for (const session of [...this.listeners.keys()])
      if (session.bench.id === benchId) this.toSession(session, name, payload)
  }

  toSession<K extends CounterEventName>(session: CounterSession, name: K, payload: CounterEvents[K]): void {
    const listeners = this.listeners.get(session)
    if (!listeners || !this.mayHear(session, name)) return
    const event = { name, payload } as CounterEvent
    for (const listener of listeners) {
      try {
        listener(event)
      } catch {
        // A listener that fails (a closed window, a dropped socket) must not stop the others.
      }
    }
  }

  private mayHear(session: CounterSession, name: CounterEventName): boolean {
    const audience = EVENT_AUDIENCE[name]
    if (audience === 'own-session') return true
    const roles = this.rolesOf(session)
    return roles !== null && roles.some((role) => audience.includes(role))
  }
}
