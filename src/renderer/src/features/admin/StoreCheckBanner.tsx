import { useEffect } from 'react'
import { formatDateTime } from '@shared/time/london'
import { useStoreCheck } from './store-check-store'

/** Shown to every person while the last database check failed: what it found and what to do. */
export function StoreCheckBanner(): React.JSX.Element | null {
  const { status, load } = useStoreCheck()
  useEffect(() => void load(), [load])
  const latest = status?.latest
  if (!latest || latest.sound) return null
  return (
    <div className="error store-check-banner" role="alert">
      <strong>The local database failed its check</strong> ({formatDateTime(latest.finishedAt)}):{' '}
      {latest.problems[0] ?? 'no detail'}. Finish only what is in hand and start nothing new on this computer; tell the
      superintendent pharmacist, then restore the latest backup or call support. An administrator can check again from
      the Users screen.
    </div>
  )
}
