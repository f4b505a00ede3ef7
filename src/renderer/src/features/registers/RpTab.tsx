import { RP_ABSENCE_LIMIT_MINUTES } from '@shared/contract/rp-calls'
import { call } from '../../api/client'
import { DateRange } from './DateRange'
import { ExportButtons } from './ExportButtons'
import { useRegisters } from './registers-store'
import { useRegisterView } from './useRegisterView'
import { useRowSelection } from './useRowSelection'
import { formatDateTime } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

function duration(minutes: number): string {
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

/** The Responsible Pharmacist record for the dates chosen: periods, absences, who closed each. */
export function RpTab(): React.JSX.Element {
  const { from, to } = useRegisters()
  // A sign-in, absence or sign-out anywhere (rp.changed) changes the record on screen.
  const { view, error } = useRegisterView('rp.list', { from, to })
  const selected = useRowSelection(view?.length ?? 0)

  return (
    <section aria-label="RP record">
      <div className="register-filters">
        <DateRange />
        <ExportButtons make={(format) => call('rp.export', { from, to, format })} />
      </div>
      <ErrorLine>{error}</ErrorLine>
      <table className="register">
        <thead>
          <tr>
            <th>Pharmacist</th>
            <th>GPhC number</th>
            <th>RP from</th>
            <th>RP until</th>
            <th>Absences</th>
            <th>Longest day absent</th>
            <th>Closed by</th>
          </tr>
        </thead>
        <tbody>
          {view?.map((period, index) => (
            <tr
              key={period.id}
              data-rp-period={period.id}
              aria-selected={index === selected}
              className={index === selected ? 'selected' : ''}
            >
              <td>{period.pharmacistName}</td>
              <td className="mono">{period.gphcNumber}</td>
              <td>{formatDateTime(period.startedAt)}</td>
              <td>{period.endedAt ? formatDateTime(period.endedAt) : <span className="flag current">RP now</span>}</td>
              <td>
                {period.absences
                  .map(
                    (a) =>
                      `${formatDateTime(a.startedAt)} – ${a.returnedAt ? formatDateTime(a.returnedAt) : 'away now'}`
                  )
                  .join('; ') || '—'}
              </td>
              <td>
                {period.absences.length > 0 ? duration(period.longestDayAbsentMinutes) : '—'}
                {period.absenceOverLimit && (
                  <span className="flag over-limit" title={`Over the ${RP_ABSENCE_LIMIT_MINUTES / 60}-hour limit`}>
                    Over {RP_ABSENCE_LIMIT_MINUTES / 60} h
                  </span>
                )}
              </td>
              <td>
                {period.endedBy ?? ''}
                {period.endReason ? `: ${period.endReason}` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view && view.length === 0 && <p className="empty">No one was Responsible Pharmacist in these dates.</p>}
    </section>
  )
}
