import type { CounterBridge, CounterEvent } from '../../../shared/contract'
import type { CallResponse } from '../../../shared/errors'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    counter?: CounterBridge
  }
}

/** Browser mode: the same contract over the loopback socket (see src/browser/server.ts). */
function browserBridge(): CounterBridge {
  const fromUrl = new URLSearchParams(window.location.hash.slice(1)).get('token')
  if (fromUrl) {
    sessionStorage.setItem('counter.token', fromUrl)
    history.replaceState(null, '', window.location.pathname)
  }
  const token = sessionStorage.getItem('counter.token') ?? ''
  const listeners = new Set<(event: CounterEvent) => void>()

  const sessionReady: Promise<string> = (async () => {
    const existing = sessionStorage.getItem('counter.session')
    if (existing) return existing
    const response = await fetch('/api/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    if (!response.ok)
      throw new Error('This address is missing its access token. Open the address printed when browser mode started.')
    const { sessionId } = (await response.json()) as { sessionId: string }
    sessionStorage.setItem('counter.session', sessionId)
    return sessionId
  })()

  void sessionReady.then((sessionId) => {
    const source = new EventSource(
      `/api/events?session=${encodeURIComponent(sessionId)}&token=${encodeURIComponent(token)}`
    )
    source.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as CounterEvent
      for (const listener of listeners) listener(event)
    }
    source.onerror = () => {
      // A stale session (the host restarted): start again with a new one.
      if (source.readyState === EventSource.CLOSED) {
        sessionStorage.removeItem('counter.session')
        window.location.reload()
      }
    }
  })

  return {
    async invoke(name, input) {
      try {
        const sessionId = await sessionReady
        const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'X-Counter-Session': sessionId,
            'Content-Type': 'application/json'
          },
          body: JSON.stringify(input ?? {})
        })
        return (await response.json()) as CallResponse<unknown>
      } catch (error) {
        return {
          ok: false,
          error: { code: 'internal', message: `The counter's core cannot be reached: ${(error as Error).message}` }
        }
      }
    },
    onEvent(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}

export const bridge: CounterBridge = window.counter ?? browserBridge()
