import { useState } from 'react'
import { formatDateTime } from '@shared/time/london'
import { call } from '../../api/client'
import { useStoreCheck } from './store-check-store'
import { ErrorLine } from '../../ui/FormParts'

const REASONS = {
  schedule: 'the daily check',
  administrator: 'asked for by',
  'unclean-stop': 'at start, after the app stopped without closing the database'
} as const

/** Administrator: the last full check of the local database, and a check on demand. */
export function StoreCheckPanel(): React.JSX.Element {
  const { status, heard } = useStoreCheck()
  const [checking, setChecking] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const latest = status?.latest

  async function checkNow(): Promise<void> {
    setChecking(true)
    setError(null)
    const answer = await call('store.check', {})
    setChecking(false)
    if (answer.ok) heard(answer.value)
    else setError(answer.error.message)
  }

  return (
    <section aria-labelledby="store-check-title">
      <h2 id="store-check-title">Database check</h2>
      <p>
        The whole local database is checked daily in the background, and here on demand; the counter keeps working while
        it runs.
      </p>
      <button onClick={() => void checkNow()} disabled={checking || status?.running === true}>
        {checking || status?.running ? 'Checking the database…' : 'Check the database now'}
      </button>
      <ErrorLine>{error}</ErrorLine>
      {latest ? (
        <p role="status" className={latest.sound ? '' : 'error'}>
          {latest.sound ? 'Sound' : `Damaged: ${latest.problems.join('; ')}`} — checked{' '}
          {formatDateTime(latest.finishedAt)}, {REASONS[latest.reason]}
          {latest.reason === 'administrator' && latest.requestedByName ? ` ${latest.requestedByName}` : ''}.
        </p>
      ) : (
        <p role="status">Not checked yet.</p>
      )}
    </section>
  )
}
