import { listCommands } from '../../keymap/list-keys'
import { useScope } from '../../keymap/keymap'
import { useState } from 'react'
import { useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { formatDate } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

/** Originals still awaited, oldest first, with their age and the last day they can be dispensed. Enter opens one. */
export function OutstandingHardCopies(): React.JSX.Element {
  const open = useSession((state) => state.open)
  const outstanding = useCallQuery('hardCopies.outstanding', {})
  const rows = outstanding.data ?? null
  const error = outstanding.error?.message ?? null
  const [selected, setSelected] = useState(0)
  useScope('hardCopies', {
    keys: {
      back: () => open({ name: 'worklist' }),
      ...listCommands(rows?.length ?? 0, selected, setSelected, (index) =>
        open({ name: 'request', id: rows![index]!.requestId })
      )
    }
  })

  return (
    <main className="detail" aria-label="Originals awaited">
      <header className="detail-header">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        <h1>Original prescriptions awaited</h1>
      </header>
      <ErrorLine>{error}</ErrorLine>
      <table>
        <thead>
          <tr>
            <th>Reference</th>
            <th>Patient</th>
            <th>Waiting</th>
            <th>Dispensable until</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows?.map((row, index) => (
            <tr
              key={row.requestId}
              aria-selected={index === selected}
              className={index === selected ? 'selected' : ''}
              onDoubleClick={() => open({ name: 'request', id: row.requestId })}
            >
              <td className="mono">{row.requestId}</td>
              <td>
                {row.patientName}
                {row.controlledDrug && <span className="flag cd">CD</span>}
              </td>
              <td>
                {row.ageDays} day{row.ageDays === 1 ? '' : 's'}
                {row.overdue && <span className="flag hard-copy">Overdue</span>}
              </td>
              <td>{row.validUntil === null ? 'Unknown: the date could not be read' : formatDate(row.validUntil)}</td>
              <td />
            </tr>
          ))}
        </tbody>
      </table>
      {rows && rows.length === 0 && <p className="empty">No original prescription is awaited.</p>}
    </main>
  )
}
