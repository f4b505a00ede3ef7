import { useState } from 'react'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { DateRange } from './DateRange'
import { ExportButtons } from './ExportButtons'
import { formatQuantity } from '@shared/stock/units'
import { useRegisters } from './registers-store'
import { useRegisterView } from './useRegisterView'
import { useRowSelection } from './useRowSelection'
import { formatDate } from '@shared/time/london'
import { medicineWords } from '@shared/registers/words'
import { ErrorLine } from '../../ui/FormParts'

/** The private prescription (POM) register: one entry per line supplied; corrections are later entries. Enter opens the request. */
export function PomTab(): React.JSX.Element {
  const { from, to } = useRegisters()
  const open = useSession((state) => state.open)
  const [search, setSearch] = useState('')
  const filter = { from, to, ...(search.trim() ? { search: search.trim() } : {}) }
  const { view, error } = useRegisterView('registers.pom.list', filter)
  const entries = view?.entries ?? []
  const selected = useRowSelection(entries.length, (index) => {
    const entry = entries[index]
    if (entry) open({ name: 'request', id: entry.requestId })
  })

  return (
    <section aria-label="POM register">
      <div className="register-filters">
        <DateRange />
        <label>
          Search{' '}
          <input
            type="search"
            value={search}
            placeholder="patient, medicine, prescriber, reference"
            onChange={(event) => setSearch(event.target.value)}
          />
        </label>
        <ExportButtons make={(format) => call('registers.pom.export', { ...filter, format })} />
      </div>
      <ErrorLine>{error}</ErrorLine>
      <table className="register">
        <thead>
          <tr>
            <th>Supplied</th>
            <th>Request</th>
            <th>Medicine</th>
            <th>Quantity</th>
            <th>Patient</th>
            <th>Prescriber</th>
            <th>Prescription dated</th>
            <th>Entry</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, index) => (
            <tr
              key={entry.id}
              data-request-id={entry.requestId}
              aria-selected={index === selected}
              className={`${index === selected ? 'selected' : ''} ${entry.correctedByEntryId ? 'superseded' : ''}`}
              onDoubleClick={() => open({ name: 'request', id: entry.requestId })}
            >
              <td>{formatDate(entry.supplyDate)}</td>
              <td className="mono">
                {entry.requestId}
                {entry.supplyNo > 1 && <small> · supply {entry.supplyNo}</small>}
              </td>
              <td>{medicineWords(entry)}</td>
              <td>{formatQuantity(entry.quantity, entry.unit)}</td>
              <td>
                {entry.patientName}
                <br />
                <small>{entry.patientAddress}</small>
              </td>
              <td>
                {entry.prescriberName}
                {entry.prescriberAddress && (
                  <>
                    <br />
                    <small>{entry.prescriberAddress}</small>
                  </>
                )}
              </td>
              <td>
                {entry.prescriptionDate ? formatDate(entry.prescriptionDate) : (entry.prescriptionDateNote ?? '—')}
                {entry.emergencySupply && <span className="flag hard-copy">Emergency supply</span>}
              </td>
              <td>
                #{entry.id}
                {entry.kind === 'correction' && <span className="flag">Corrects #{entry.correctsEntryId}</span>}
                {entry.correctedByEntryId && (
                  <span className="flag hard-copy">Corrected by #{entry.correctedByEntryId}</span>
                )}
                {entry.note && (
                  <>
                    <br />
                    <small>{entry.note}</small>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view && entries.length === 0 && <p className="empty">No supplies on private prescriptions in these dates.</p>}
    </section>
  )
}
