import type { CounterBridge, CounterEvent } from '@shared/contract'
import type { CallResponse } from '@shared/errors'

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
  const tell = (event: CounterEvent): void => {
    for (const listener of listeners) listener(event)
  }
  /**
   * Events heard while a sign-in is on its way (its own `session.changed` comes on the old stream
   * before the answer): told once the answer is taken in, so that the screen is drawn from the
   * answer, after the calls it makes at once have gone out, and not twice over.
   */
  const heldBack: CounterEvent[] = []
  /** How many calls that give the session a new id (sign-in) are on their way. */
  let renewing = 0
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
      if (renewing > 0) heldBack.push(event)
      else tell(event)
    }
    // A stale session (the host restarted, or the session ended): start again with a new one.
    stream.onerror = () => {
      if (stream.readyState === EventSource.CLOSED) startAgain()
    }
    source = stream
  }

  /** The session's id once known, so that a call can be sent without waiting a turn for it. */
  let current: string | null = null
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
  void session.then((sessionId) => {
    current ??= sessionId
    listen(sessionId)
  })

  async function send(name: string, input: unknown, sessionId: string): Promise<CallResponse<unknown>> {
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
  }

  /** The calls that give the session a new id (sign-in), and the latest of them on its way. */
  const RENEWING = new Set(['auth.signIn', 'auth.createFirstAdmin', 'auth.unlock'])
  let renewal: Promise<unknown> = Promise.resolve()

  function adopt(answer: CallResponse<unknown>): CallResponse<unknown> {
    if (answer.ok && answer.renewedSessionId) {
      // Signed in: the session has a new id; the old one no longer works.
      const renewed = answer.renewedSessionId
      sessionStorage.setItem('counter.session', renewed)
      current = renewed
      session = Promise.resolve(renewed)
      listen(renewed)
    }
    return answer
  }

  const expired = (answer: CallResponse<unknown>): boolean => !answer.ok && answer.error.code === 'session_expired'

  async function invoke(name: string, input: unknown): Promise<CallResponse<unknown>> {
    // A call made while a sign-in is on its way goes with the id it brings: sent with the old one,
    // it would only be refused and sent again. Otherwise it leaves at once, in the same turn: the
    // worklist's first page, asked the moment a person signs in, goes before the screen is drawn.
    if (!RENEWING.has(name) && renewing > 0) await renewal
    const sessionId = current ?? (await session)
    const answered = send(name, input, sessionId).then(adopt)
    if (RENEWING.has(name)) {
      renewing += 1
      // Settled before the caller hears the answer, so that what it asks next goes at once.
      const settled = (): void => {
        renewing -= 1
        if (renewing === 0) heldBack.splice(0).forEach(tell)
      }
      renewal = answered.then(settled, settled)
    }
    let answer = await answered
    if (expired(answer) && !RENEWING.has(name)) {
      // Sent with the id a sign-in on its way was replacing: once it is done, send again with the new id.
      await renewal
      const renewed = await session
      if (renewed !== sessionId) answer = adopt(await send(name, input, renewed))
    }
    if (expired(answer)) startAgain()
    return answer
  }

  return {
    async invoke(name, input) {
      try {
        return await invoke(name, input)
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
