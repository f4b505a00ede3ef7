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
  let source: EventSource | null = null

  const startAgain = (): void => {
    sessionStorage.removeItem('counter.session')
    window.location.reload()
  }

  const listen = (sessionId: string): void => {
    source?.close()
    const stream = new EventSource(
      `/api/events?session=${encodeURIComponent(sessionId)}&token=${encodeURIComponent(token)}`
    )
    stream.onmessage = (message: MessageEvent<string>) => {
      const event = JSON.parse(message.data) as CounterEvent
      for (const listener of listeners) listener(event)
    }
    // A stale session (the host restarted, or the session ended): start again with a new one.
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) startAgain()
    }
    source = stream
  }

  let session: Promise<string> = (async () => {
    const existing = sessionStorage.getItem('counter.session')
    if (existing) return existing
    const response = await fetch('/api/session', { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    if (!response.ok)
      throw new Error('This address is missing its access token. Open the address printed when browser mode started.')
    const { sessionId } = (await response.json()) as { sessionId: string }
    sessionStorage.setItem('counter.session', sessionId)
    return sessionId
  })()
  void session.then(listen)

  return {
    async invoke(name, input) {
      try {
        const sessionId = await session
        const response = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${token}`,
            'X-Counter-Session': sessionId,
            'Content-Type': 'application/json'
          },
          body: JSON.stringify(input ?? {})
        })
        const answer = (await response.json()) as CallResponse<unknown>
        if (answer.ok && answer.renewedSessionId) {
          // Signed in: the session has a new id; the old one no longer works.
          const renewed = answer.renewedSessionId
          sessionStorage.setItem('counter.session', renewed)
          session = Promise.resolve(renewed)
          listen(renewed)
        }
        if (!answer.ok && answer.error.code === 'session_expired') startAgain()
        return answer
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
