import type { CounterEvent, CounterEventName, CounterEvents } from '../shared/contract'

export type EventListener = (event: CounterEvent) => void

/** Delivers main's events to the windows (sessions) that listen: to one session, or to all. */
export class EventBus {
  private readonly listeners = new Map<string, Set<EventListener>>()

  subscribe(sessionId: string, listener: EventListener): () => void {
    const set = this.listeners.get(sessionId) ?? new Set<EventListener>()
    set.add(listener)
    this.listeners.set(sessionId, set)
    return () => {
      set.delete(listener)
      if (set.size === 0) this.listeners.delete(sessionId)
    }
  }

  broadcast<K extends CounterEventName>(name: K, payload: CounterEvents[K]): void {
    for (const sessionId of this.listeners.keys()) this.toSession(sessionId, name, payload)
  }

  toSession<K extends CounterEventName>(sessionId: string, name: K, payload: CounterEvents[K]): void {
    const event = { name, payload } as CounterEvent
    for (const listener of this.listeners.get(sessionId) ?? []) {
      try {
        listener(event)
      } catch {
        // A listener that fails (a closed window, a dropped socket) must not stop the others.
      }
    }
  }
}
