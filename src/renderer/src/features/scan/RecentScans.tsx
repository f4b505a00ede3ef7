import { makeVisible } from '@shared/scan/visible'
import { describeScan } from './describe'
import { useScans } from './scan-store'

/** The last few scans with exactly what was read: for testing a scanner. */
export function RecentScans({ limit = 8 }: { limit?: number }): React.JSX.Element {
  const entries = useScans((state) => state.entries).slice(0, limit)
  if (entries.length === 0) return <p className="empty">No scans yet: scan anything to test the scanner.</p>
  return (
    <table className="recent-scans" aria-label="Recent scans">
      <thead>
        <tr>
          <th>From</th>
          <th>What it is</th>
          <th>Exactly what was read</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((entry) => {
          const description = describeScan(entry)
          return (
            <tr key={entry.seq} className={`tone-${description.tone}`}>
              <td>{entry.source === 'serial' ? `Serial ${entry.view?.device ?? ''}` : 'Keyboard'}</td>
              <td>
                {description.read === null
                  ? description.headline
                  : description.tone === 'failed'
                    ? 'Could not be checked'
                    : 'Not recognised'}
                {description.note && <div className="scan-note">{description.note}</div>}
              </td>
              <td>
                <code className="scan-read">{makeVisible(entry.raw)}</code>
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
