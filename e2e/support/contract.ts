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

/** One contract session per person of `staff`, each signed in. */
export async function signedInSessions<K extends string>(
  openUrl: string,
  staff: Record<K, { username: string; secret: string }>
): Promise<Record<K, ContractCall>> {
  const sessions = {} as Record<K, ContractCall>
  for (const role of Object.keys(staff) as K[])
    sessions[role] = await contractSession(openUrl, staff[role].username, staff[role].secret)
  return sessions
}

/** The pack a test dispenses: the first product found with a reorder level (else the first), and its current GTIN. */
export async function stockedPack(
  call: ContractCall,
  search: string
): Promise<{ amppId: string; packSize: number; gtin: string }> {
  const levels = await call<{ rows: Array<{ amppId: string; reorderLevel: number; packSize: number }> }>(
    'stock.levels',
    { search, limit: 50 }
  )
  const row = levels.rows.find((r) => r.reorderLevel > 0) ?? levels.rows[0]!
  const pack = await call<{ gtins: Array<{ gtin: string; historic: boolean }> }>('stock.pack', { amppId: row.amppId })
  return { amppId: row.amppId, packSize: row.packSize, gtin: pack.gtins.find((g) => !g.historic)!.gtin }
}
