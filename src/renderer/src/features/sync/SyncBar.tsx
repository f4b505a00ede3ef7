import { useEffect } from 'react'
import { useSession } from '../../session/session-store'
import { age } from '../../ui/format'
import { useSync } from './sync-store'

/** Always on screen: is Phensys reachable, and is anything waiting to go or waiting for a person. F9 opens the details. */
export function SyncBar(): React.JSX.Element | null {
  const { health, load } = useSync()
  const open = useSession((state) => state.open)

  useEffect(() => {
    void load()
    // Ages on the bar must stay true while nothing changes.
    const timer = setInterval(() => void load(), 30_000)
    return () => clearInterval(timer)
  }, [load])
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'F9') open({ name: 'sync' })
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open])

  if (!health) return null
  const problems = health.unreadableEntries + health.eventsNeedingAPerson
  return (
    <button
      className={`sync-bar ${health.connected ? 'online' : 'offline'} ${problems > 0 ? 'attention' : ''}`}
      onClick={() => open({ name: 'sync' })}
      aria-label="Phensys sync status (F9)"
      title={health.lastError ?? health.phensysUrl}
    >
      <span className="dot" aria-hidden="true">
        ●
      </span>
      <span data-testid="sync-connection">{health.connected ? 'Connected' : 'Not connected'}</span>
      <span>last pull {health.lastPullAt ? `${age(health.lastPullAt)} ago` : 'never'}</span>
      <span data-testid="sync-outbox">
        to send {health.outboxDepth}
        {health.oldestUnsentAt ? ` (oldest ${age(health.oldestUnsentAt)})` : ''}
      </span>
      {health.unreadableEntries > 0 && <span className="warn">⚠ {health.unreadableEntries} unreadable</span>}
      {health.eventsNeedingAPerson > 0 && (
        <span className="warn">⚠ {health.eventsNeedingAPerson} refused by Phensys</span>
      )}
      <kbd>F9</kbd>
    </button>
  )
}
