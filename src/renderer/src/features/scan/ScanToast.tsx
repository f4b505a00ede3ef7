import { useEffect, useState } from 'react'
import { useSession } from '../../session/session-store'
import { describeScan } from './describe'
import { onScan, useScans } from './scan-store'

const SHOW_MS = 8_000

/** What was read, for the last scan: non-modal, goes by itself. A request or bag label opens its request. */
export function ScanToast(): React.JSX.Element | null {
  const latest = useScans((state) => state.entries[0] ?? null)
  const [hiddenSeq, setHiddenSeq] = useState(0)

  useEffect(
    () =>
      onScan((scan) => {
        const { screen, open } = useSession.getState()
        // On the pairing screen a scan is a test of the scanner, not a request to go somewhere;
        // a feature capturing scans (packing checks the bag) answers a label itself.
        if (scan.requestId && screen.name !== 'pairing' && useScans.getState().captures === 0)
          open({ name: 'request', id: scan.requestId })
      }),
    []
  )

  useEffect(() => {
    if (!latest) return
    const timer = setTimeout(() => setHiddenSeq(latest.seq), SHOW_MS)
    return () => clearTimeout(timer)
  }, [latest])

  if (!latest || latest.seq <= hiddenSeq) return null
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
