import { useScope } from '../../keymap/keymap'
import { useState } from 'react'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { humanise } from '../../ui/format'
import { feedKindName, outboxOutcome, statusEventName } from '../../ui/words'
import { useSync } from './sync-store'
import { formatDateTime } from '@shared/time/london'

/** What sync could not settle by itself, with both sides, for a person to decide. Escape goes back. */
export function SyncProblems(): React.JSX.Element {
  const open = useSession((state) => state.open)
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const health = useSync((state) => state.health)
  const problems = useCallQuery('sync.problems', {}).data ?? null
  const history = useCallQuery('sync.history', { limit: 50 }).data ?? []
  const [message, setMessage] = useState<string | null>(null)
  const mayResolve = roles.includes('pharmacist') || roles.includes('administrator')

  const load = () => Promise.all([refreshCall('sync.problems'), refreshCall('sync.history')])
  useScope('sync', { keys: { back: () => open({ name: 'worklist' }), tryNow: () => void tryNow() } })

  async function tryNow(): Promise<void> {
    if (!mayResolve) return
    const answer = await call('sync.tryNow', {})
    if (answer.ok) useSync.getState().set(answer.value)
    setMessage(answer.ok ? 'Trying Phensys now: every waiting event is sent again.' : answer.error.message)
  }

  async function resolve(id: number, action: 'retry' | 'dismiss'): Promise<void> {
    const answer = await call('sync.resolveEvent', { id, action })
    setMessage(
      answer.ok ? `Event ${id}: ${action === 'retry' ? 'will be sent again' : 'set aside'}.` : answer.error.message
    )
    await load()
  }
  async function acknowledge(id: number): Promise<void> {
    const answer = await call('sync.acknowledgeEntry', { id })
    setMessage(answer.ok ? `Entry ${id} marked as seen.` : answer.error.message)
    await load()
  }

  return (
    <main className="detail" aria-label="Phensys sync">
      <header className="detail-header">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        <h1>Phensys sync</h1>
      </header>
      {health && (
        <dl className="sync-health">
          <dt>Mode</dt>
          <dd>
            {health.mode === 'training' ? 'Training (built-in sandbox)' : 'Live'} · {health.phensysUrl}
          </dd>
          <dt>Connection</dt>
          <dd>{health.connected ? 'Connected' : `Not connected${health.lastError ? `: ${health.lastError}` : ''}`}</dd>
          <dt>Last pull</dt>
          <dd>{health.lastPullAt ? formatDateTime(health.lastPullAt) : 'never'}</dd>
          <dt>Last event sent</dt>
          <dd>{health.lastPushAt ? formatDateTime(health.lastPushAt) : 'none yet'}</dd>
          <dt>Waiting to send</dt>
          <dd>
            {health.outboxDepth}
            {health.oldestUnsentAt ? `, oldest from ${formatDateTime(health.oldestUnsentAt)}` : ''}
          </dd>
          {health.phensysWaitUntil && (
            <>
              <dt>Phensys asked us to wait</dt>
              <dd>
                until {formatDateTime(health.phensysWaitUntil)}
                {mayResolve && (
                  <>
                    {' '}
                    <button onClick={() => void tryNow()}>Try now (T)</button>
                  </>
                )}
              </dd>
            </>
          )}
          {health.unsentProblem && (
            <>
              <dt>Not confirmed</dt>
              <dd role="alert">{health.unsentProblem}</dd>
            </>
          )}
        </dl>
      )}
      {message && <p role="status">{message}</p>}
      <section aria-labelledby="refused-title">
        <h2 id="refused-title">Events Phensys refused ({problems?.events.length ?? 0})</h2>
        {problems?.events.map((event) => {
          const theirs = event.phensysSnapshot as { state?: string; version?: number } | null
          return (
            <article key={event.id} className="problem">
              <h3>
                {statusEventName(event.type)} for <span className="mono">{event.requestId}</span> · {event.status}
              </h3>
              <p>{event.lastError}</p>
              <div className="sides">
                <div>
                  <h4>This workstation</h4>
                  <pre>{JSON.stringify(event.body, null, 2)}</pre>
                </div>
                <div>
                  <h4>Phensys</h4>
                  {theirs ? (
                    <p>
                      State {humanise(theirs.state ?? '?')} (version {theirs.version})
                    </p>
                  ) : (
                    <p>No snapshot came back.</p>
                  )}
                </div>
              </div>
              {mayResolve && (
                <p>
                  <button onClick={() => void resolve(event.id, 'retry')}>Send again</button>{' '}
                  <button onClick={() => void resolve(event.id, 'dismiss')}>Set aside</button>
                </p>
              )}
            </article>
          )
        })}
      </section>
      <section aria-labelledby="unreadable-title">
        <h2 id="unreadable-title">
          Requests from Phensys the counter could not read or fetch ({problems?.unreadable.length ?? 0})
        </h2>
        {problems?.unreadable.map((entry) => (
          <article key={entry.id} className="problem">
            <h3>
              {entry.requestId ?? 'Unknown request'} · {feedKindName(entry.kind)} · {formatDateTime(entry.receivedAt)}
            </h3>
            <p>{entry.reason}</p>
            <details>
              <summary>What arrived</summary>
              <pre>{entry.raw}</pre>
            </details>
            {mayResolve && <button onClick={() => void acknowledge(entry.id)}>Mark as seen</button>}
          </article>
        ))}
      </section>
      <section aria-labelledby="history-title">
        <h2 id="history-title">Events settled lately</h2>
        {history.length === 0 ? (
          <p className="empty">No event has been settled yet.</p>
        ) : (
          <table className="sync-history" aria-label="Events settled lately">
            <thead>
              <tr>
                <th>Settled</th>
                <th>Request</th>
                <th>Event</th>
                <th>What became of it</th>
                <th>Phensys then</th>
              </tr>
            </thead>
            <tbody>
              {history.map((event) => (
                <tr key={event.id} className={`outbox-${event.status}`}>
                  <td>{event.settledAt ? formatDateTime(event.settledAt) : '—'}</td>
                  <td className="mono">{event.requestId}</td>
                  <td>{statusEventName(event.type)}</td>
                  <td>
                    {outboxOutcome(event.status)}
                    {event.status === 'superseded' && event.lastError && <div className="note">{event.lastError}</div>}
                  </td>
                  <td>
                    {event.phensysState ? `${humanise(event.phensysState)} (version ${event.phensysVersion})` : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </main>
  )
}
