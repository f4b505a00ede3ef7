import { useState } from 'react'
import type { RequestDetail } from '@shared/contract'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { claimWords } from './claim-words'

/**
 * Who is working this request and where, when someone is: at the claim's own bench anyone may
 * carry on or release it; a pharmacist at another bench may take it over (both audited). Nothing
 * shows while nobody holds it.
 */
export function ClaimNotice({
  detail,
  onDone
}: {
  detail: RequestDetail
  onDone: () => void
}): React.JSX.Element | null {
  const session = useSession((state) => state.session)
  const me = session?.user
  const [message, setMessage] = useState<string | null>(null)
  const claim = detail.row.claim
  if (!claim || !me) return null
  const here = claim.benchId === session.benchId
  const pharmacist = me.roles.includes('pharmacist')
  const act = async (name: 'requests.releaseClaim' | 'requests.takeOver'): Promise<void> => {
    const answer = await call(name, { id: detail.row.id, basedOnRevision: detail.row.revision })
    setMessage(answer.ok ? null : answer.error.message)
    onDone()
  }
  return (
    <div className="claim-notice" role="status">
      <strong>{claimWords(claim, Date.now())}</strong>
      {here && <button onClick={() => void act('requests.releaseClaim')}>Release it</button>}
      {!here && pharmacist && <button onClick={() => void act('requests.takeOver')}>Take it over</button>}
      {message && <span className="error">{message}</span>}
    </div>
  )
}
