import { listCommands } from '../../keymap/list-keys'
import { useScope } from '../../keymap/keymap'
import { useState } from 'react'
import { useCallQuery } from '../../api/queries'
import { useStock } from './stock-store'
import { formatDate } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

const WINDOWS = [30, 60, 90, 180] as const

/** Batches on the shelf that expire soon (or have expired: take them off). Keys: ←/→ change the window, ↑/↓ and Enter open the pack. */
export function ShortExpiryTab(): React.JSX.Element {
  const openPack = useStock((state) => state.openPack)
  const [days, setDays] = useState<(typeof WINDOWS)[number]>(90)
  const read = useCallQuery('stock.shortExpiry', { days })
  const rows = read.data ?? null
  const error = read.error?.message ?? null
  const [selected, setSelected] = useState(0)
  const list = rows ?? []
  useScope('shortExpiry', {
    keys: {
      ...listCommands(list.length, selected, setSelected, (index) => openPack(list[index]!.amppId)),
      'window.shorter': () => {
        const next = WINDOWS[WINDOWS.indexOf(days) - 1]
        if (!next) return false
        setDays(next)
      },
      'window.longer': () => {
        const next = WINDOWS[WINDOWS.indexOf(days) + 1]
        if (!next) return false
        setDays(next)
      }
    }
  })

  return (
    <div className="short-expiry">
      <div className="stock-toolbar">
        Expiring within
        {WINDOWS.map((window) => (
          <button key={window} className={window === days ? 'active' : ''} onClick={() => setDays(window)}>
            {window} days
          </button>
        ))}
      </div>
      <ErrorLine>{error}</ErrorLine>
      <table className="stock-table">
        <thead>
          <tr>
            <th>Pack</th>
            <th>Batch</th>
            <th>Expiry</th>
            <th className="num">Days left</th>
            <th className="num">On hand</th>
            <th className="num">Reserved</th>
          </tr>
        </thead>
        <tbody>
          {(rows ?? []).map((row, index) => (
            <tr
              key={row.batchId}
              aria-selected={index === selected}
              className={`${index === selected ? 'selected' : ''} ${row.expired ? 'expired' : 'short'}`}
              onClick={() => setSelected(index)}
              onDoubleClick={() => openPack(row.amppId)}
            >
              <td>{row.packName}</td>
              <td className="mono">{row.batchNo}</td>
              <td>
                {formatDate(row.expiry)}
                {row.expired ? ' — expired: take it off the shelf' : ''}
              </td>
              <td className="num">{row.daysLeft}</td>
              <td className="num">{row.onHand}</td>
              <td className="num">{row.reserved > 0 ? row.reserved : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows?.length === 0 && <p className="empty">Nothing on the shelf expires within {days} days.</p>}
    </div>
  )
}
