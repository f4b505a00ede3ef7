import { useCallback, useEffect, useState } from 'react'
import type { PairingCodeView, PremisesOverview } from '@shared/contract'
import { formatDateTime, formatTime } from '@shared/time/london'
import { call } from '../../api/client'

/** How long ago, in words: "4 min ago", "3 h ago". */
function ago(at: string, now: number): string {
  const minutes = Math.max(0, Math.round((now - Date.parse(at)) / 60_000))
  return minutes < 120 ? `${minutes} min ago` : `${Math.round(minutes / 60)} h ago`
}

/**
 * The host certificate's fingerprint, whole and as the bench compares it (byte by byte, colon
 * between): an administrator reading it aloud to a bench needs every byte, not a prefix.
 */
function Fingerprint({ value }: { value: string }): React.JSX.Element {
  return <span className="mono fingerprint">{value}</span>
}

/**
 * Administrator, on the host: the benches that joined it (last contact, remove), a one-time code
 * with its QR to join a new one, and how old the last good backup of the store is.
 */
export function PremisesAdmin(): React.JSX.Element {
  const [overview, setOverview] = useState<PremisesOverview | null>(null)
  const [pairing, setPairing] = useState<PairingCodeView | null>(null)
  const [message, setMessage] = useState<string | null>(null)

  const load = useCallback(async () => {
    const answer = await call('premises.overview', {})
    if (answer.ok) setOverview(answer.value)
    else setMessage(answer.error.message)
  }, [])
  useEffect(() => void load(), [load])

  async function newCode(): Promise<void> {
    const answer = await call('premises.pairingCode', {})
    if (answer.ok) setPairing(answer.value)
    else setMessage(answer.error.message)
  }
  async function revoke(id: string, name: string): Promise<void> {
    const answer = await call('premises.revoke', { id })
    setMessage(
      answer.ok ? `${name} was removed: it can do nothing more here until paired again.` : answer.error.message
    )
    await load()
  }
  async function backUp(): Promise<void> {
    setMessage('Backing up…')
    const answer = await call('premises.backupNow', {})
    setMessage(answer.ok ? (answer.value.lastProblem?.problem ?? 'Backed up and checked.') : answer.error.message)
    await load()
  }

  if (!overview) return <p>{message ?? 'Loading the benches…'}</p>
  const now = Date.now()
  const { backup } = overview
  return (
    <section aria-labelledby="premises-title">
      <h2 id="premises-title">Benches and backups</h2>
      {message && <p role="status">{message}</p>}
      {overview.host ? (
        <p>
          Workstations join this host at <span className="mono">{overview.host.url}</span> (certificate{' '}
          <Fingerprint value={overview.host.fingerprint} />
          ). <button onClick={() => void newCode()}>Show a pairing code</button>
        </p>
      ) : (
        <p>This counter serves no other bench (a one-bench pharmacy).</p>
      )}
      {pairing && (
        <div className="pairing-code" aria-label="Pairing code">
          <p>
            On the new bench enter the host&apos;s address, the code <strong className="mono">{pairing.code}</strong>{' '}
            (once, until {formatTime(pairing.expiresAt)}) and this certificate fingerprint (the bench checks it before
            it sends the code): <Fingerprint value={pairing.fingerprint} />; or scan:
          </p>
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(pairing.qrSvg)}`}
            alt={`QR code to pair a bench with code ${pairing.code}`}
            width={180}
            height={180}
          />
        </div>
      )}
      <table aria-label="Workstations">
        <thead>
          <tr>
            <th>Bench</th>
            <th>Joined</th>
            <th>Last contact</th>
            <th>Prints on</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {overview.workstations.map((bench) => (
            <tr key={bench.id}>
              <td>{bench.name}</td>
              <td>{formatDateTime(bench.pairedAt)}</td>
              <td>{bench.lastContactAt ? ago(bench.lastContactAt, now) : 'never'}</td>
              <td>
                {bench.defaultPrinter === 'host' ? "the host's printer" : 'its own printer'}
                {bench.attachedPrinter && <div className="note">offers {bench.attachedPrinter}</div>}
              </td>
              <td>
                {bench.revokedAt ? (
                  `removed ${formatDateTime(bench.revokedAt)}`
                ) : (
                  <button onClick={() => void revoke(bench.id, bench.name)}>Remove {bench.name}</button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        Backup of the store:{' '}
        {backup.lastGood
          ? `last good copy ${ago(backup.lastGood.finishedAt, now)} (${formatDateTime(backup.lastGood.finishedAt)})`
          : 'none made yet'}
        {backup.folder ? `, to ${backup.folder}` : ' (no backup folder set: start the host with --backup-dir)'}.
        {backup.lastProblem && <span className="error"> The last backup failed: {backup.lastProblem.problem}</span>}{' '}
        {backup.folder && <button onClick={() => void backUp()}>Back up now</button>}
      </p>
    </section>
  )
}
