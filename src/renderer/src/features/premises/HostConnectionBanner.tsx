import { useEffect, useState } from 'react'
import type { HostConnection } from '@shared/contract'
import { formatTime } from '@shared/time/london'
import { onEvent } from '../../api/client'

/**
 * On every screen of a workstation whose host cannot be reached: that nothing can be done here
 * until it is back, and the scans read meanwhile, not sent. Back with more missed than the host
 * kept, the page loads again (the session stays).
 */
export function HostConnectionBanner(): React.JSX.Element | null {
  const [connection, setConnection] = useState<HostConnection | null>(null)
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name !== 'premises.connection') return
        if (event.payload.reload) window.location.reload()
        setConnection(event.payload)
      }),
    []
  )
  if (!connection) return null
  const unsent = connection.unsentScans
  if (connection.connected && unsent.length === 0) return null
  return (
    <div className="host-lost-banner" role="alert">
      {!connection.connected && (
        <p>
          The host cannot be reached{connection.lostSince ? ` since ${formatTime(connection.lostSince)}` : ''}: nothing
          can be done at this bench until it is back.
        </p>
      )}
      {unsent.length > 0 && (
        <p>
          Not sent ({unsent.length}): {unsent.map((scan) => `${scan.raw} at ${formatTime(scan.at)}`).join(' · ')}. Scan
          them again once the host is back.
        </p>
      )}
    </div>
  )
}
