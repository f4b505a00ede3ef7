type Answer = { ok: boolean; value?: unknown; renewedSessionId?: string; error?: { message: string } }

export type ContractCall = <T>(name: string, input: object) => Promise<T>

/**
 * A session of its own over browser mode's documented HTTP protocol (README), with the token from
 * the page's address, not yet signed in: for a test's set-up steps and looks beside the UI.
 */
export async function openContractSession(openUrl: string): Promise<ContractCall> {
  const url = new URL(openUrl)
  const token = new URLSearchParams(url.hash.slice(1)).get('token') ?? ''
  const post = async (path: string, body: object, sessionId?: string): Promise<Answer & { sessionId?: string }> => {
    const response = await fetch(new URL(path, url.origin), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(sessionId ? { 'x-counter-session': sessionId } : {})
      },
      body: JSON.stringify(body)
    })
    return (await response.json()) as Answer & { sessionId?: string }
  }
  let { sessionId } = await post('/api/session', {})
  if (!sessionId) throw new Error(`browser mode at ${url.origin} opened no session`)
  return async <T>(name: string, input: object): Promise<T> => {
    const answer = await post(`/api/call/${name}`, input, sessionId)
    if (!answer.ok) throw new Error(`${name}: ${answer.error?.message}`)
    // Signing in gives the session a new id; the old one no longer works.
    if (answer.renewedSessionId) sessionId = answer.renewedSessionId
    return answer.value as T
  }
}

/** A contract session signed in as one person. */
export async function contractSession(openUrl: string, username: string, secret: string): Promise<ContractCall> {
  const call = await openContractSession(openUrl)
  await call('auth.signIn', { username, secret })
  return call
}

/** Makes sure a Responsible Pharmacist is signed in (nothing leaves the pharmacy without one). */
export async function ensureResponsiblePharmacist(openUrl: string, username: string, secret: string): Promise<void> {
  const pharmacist = await contractSession(openUrl, username, secret)
  const status = await pharmacist<{ current: object | null }>('rp.status', {})
  if (status.current === null) await pharmacist('rp.signIn', {})
}
