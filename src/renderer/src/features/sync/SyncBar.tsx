import { useEffect } from 'react'
import { useSession } from '../../session/session-store'
import { age } from '../../ui/format'
import { useSync } from './sync-store'

/**
 * Always on screen: is Phensys reachable, and is anything waiting to go or waiting for a person.
 * F9 opens the details. In training the Phensys is the built-in sandbox, and the bar says so.
 */
export function SyncBar({ training }: { training: boolean }): React.JSX.Element | null {
  const { health, load } = useSync()
  const open = useSession((state) => state.open)

  useEffect(() => {
    void load()
    // Ages on the bar must stay true while nothing changes.
    const timer = setInterval(() => void load(), 30_000)
    return () => clearInterval(timer)
  }, [load])

  if (!health) return null
  const problems = health.unreadableEntries + health.eventsNeedingAPerson
  return (
    <button
      className={`sync-bar ${health.connected ? 'online' : 'offline'} ${problems > 0 ? 'attention' : ''}`}
      onClick={() => open({ name: 'sync' })}
      title={health.lastError ?? health.phensysUrl}
    >
      <span className="dot" aria-hidden="true">
        ●
      </span>
      <span data-testid="sync-connection">
        {training
          ? health.connected
            ? 'Sandbox answering'
            : 'Sandbox not answering'
          : health.connected
            ? 'Connected'
            : 'Not connected'}
      </span>
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
