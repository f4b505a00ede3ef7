import type { SessionInfo } from './views'

/** Everything main pushes to the renderer, by name. */
export interface CounterEvents {
  /** This window's session changed: signed in, locked, unlocked or signed out (null). */
  'session.changed': SessionInfo | null
  /** Requests changed in the local store; the worklist and open details should refresh. */
  'worklist.changed': { requestIds: string[] }
}

export type CounterEventName = keyof CounterEvents
export type CounterEvent = { [K in CounterEventName]: { name: K; payload: CounterEvents[K] } }[CounterEventName]
