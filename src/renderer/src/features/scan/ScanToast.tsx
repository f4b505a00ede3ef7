import { useEffect, useState } from 'react'
import { describeScan } from './describe'
import { useScans } from './scan-store'

const SHOW_MS = 8_000

/** What was read, for the last scan: non-modal, goes by itself (and is never shown again later). */
export function ScanToast(): React.JSX.Element | null {
  const latest = useScans((state) => state.entries[0] ?? null)
  const [hiddenSeq, setHiddenSeq] = useState(0)

  useEffect(() => {
    if (!latest) return
    const timer = setTimeout(() => setHiddenSeq(latest.seq), Math.max(0, latest.at + SHOW_MS - Date.now()))
    return () => clearTimeout(timer)
  }, [latest])

  if (!latest || latest.seq <= hiddenSeq || Date.now() - latest.at > SHOW_MS) return null
  const description = describeScan(latest)
  const device = latest.view?.device ?? 'keyboard'

  return (
    <aside
      className={`scan-toast tone-${description.tone}`}
      role="status"
      aria-live="polite"
      aria-label="Last scan"
      data-seq={latest.seq}
    >
      <p className="scan-headline">
        {description.headline}
        {description.read !== null && (
          <>
            {' '}
            <code className="scan-read">{description.read}</code>
          </>
        )}
      </p>
      {description.note && <p className="scan-note">{description.note}</p>}
      <p className="scan-source">{latest.source === 'serial' ? `Serial scanner ${device}` : 'Keyboard scanner'}</p>
      <button className="scan-dismiss" onClick={() => setHiddenSeq(latest.seq)} aria-label="Dismiss">
        ×
      </button>
    </aside>
  )
}
