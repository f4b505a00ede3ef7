import { useEffect, useRef, useState } from 'react'
import { formatDate, formatDateTime } from '@shared/time/london'
import { queryClient, refreshCall, useCallQuery } from '../../api/queries'
import { useScope } from '../../keymap/keymap'
import { listCommands } from '../../keymap/list-keys'
import { useSession } from '../../session/session-store'
import { routeName, stageName } from '../../ui/words'
import { SafetyFlagList } from '../clinical/SafetyFlagList'
import { IdentityMatches } from './IdentityMatches'
import { NoteDialog } from '../notes/NoteDialog'
import { NotesList } from '../notes/NotesList'
import { formatQuantity } from '@shared/stock/units'

/**
 * A patient's medication record: who they are and their age, every request of theirs here (open
 * and closed) with its stage and dates, every supply (medicine, quantity, batch, date, prescriber,
 * route), the notes on them and the flags of their open requests. ↑/↓ and Enter open a request;
 * E adds a note; Escape goes back.
 */
export function PatientScreen({ patientId, from }: { patientId: string; from: string | null }): React.JSX.Element {
  const open = useSession((state) => state.open)
  const query = useCallQuery('patients.record', { patientId })
  const record = query.data ?? null
  const error = query.error?.message ?? null
  const load = () => refreshCall('patients.record', { patientId })
  const [selected, setSelected] = useState(0)
  const [noting, setNoting] = useState(false)
  const list = useRef<HTMLTableSectionElement>(null)

  const requests = record?.requests ?? []
  const back = (): void => open(from ? { name: 'request', id: from } : { name: 'worklist' })
  useScope('patient', {
    keys: {
      back,
      note: () => setNoting(true),
      ...listCommands(requests.length, selected, setSelected, (index) =>
        open({ name: 'request', id: requests[index]!.id })
      )
    }
  })
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [selected])

  if (error)
    return (
      <main className="detail patient">
        <p role="alert" className="error">
          {error}
        </p>
      </main>
    )
  if (!record)
    return (
      <main className="detail patient">
        <p>Loading the record…</p>
      </main>
    )
  const { patient } = record
  return (
    <main className="detail patient" aria-label={`Medication record of ${patient.name}`}>
      <header className="detail-header">
        <button onClick={back}>← {from ? `Back to ${from}` : 'Worklist'} (Esc)</button>
        <h1>{patient.name}</h1>
        <span className="stage-badge">
          {patient.age} years · born {formatDate(patient.dateOfBirth)}
        </span>
        <span>{patient.postcode}</span>
        <button onClick={() => setNoting(true)}>
          Add a note <kbd>E</kbd>
        </button>
      </header>
      {patient.sameAs.length > 0 && (
        <p className="hint">Also under Phensys ids {patient.sameAs.join(', ')} (confirmed the same person).</p>
      )}
      <IdentityMatches
        record={record}
        onDecided={(decided) => queryClient.setQueryData(['patients.record', { patientId }], decided)}
      />
      <div className="detail-grid">
        <section aria-labelledby="patient-requests">
          <h2 id="patient-requests">Requests here ({requests.length})</h2>
          <table>
            <thead>
              <tr>
                <th>Reference</th>
                <th>Medicines</th>
                <th>Stage</th>
                <th>Received</th>
                <th>In stage since</th>
                <th>Route</th>
              </tr>
            </thead>
            <tbody ref={list}>
              {requests.map((row, index) => (
                <tr
                  key={row.id}
                  aria-selected={index === selected}
                  className={index === selected ? 'selected' : ''}
                  onClick={() => setSelected(index)}
                  onDoubleClick={() => open({ name: 'request', id: row.id })}
                  data-request-id={row.id}
                >
                  <td className="mono">{row.id}</td>
                  <td>{row.items}</td>
                  <td>{stageName(row.stage)}</td>
                  <td>{formatDateTime(row.receivedAt)}</td>
                  <td>{formatDateTime(row.stageSince)}</td>
                  <td>{routeName(row.route)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section aria-labelledby="patient-supplies">
          <h2 id="patient-supplies">Supplies ({record.supplies.length})</h2>
          {record.supplies.length === 0 ? (
            <p className="empty">Nothing supplied here yet.</p>
          ) : (
            <table className="supplies">
              <thead>
                <tr>
                  <th>Date</th>
                  <th>Medicine</th>
                  <th>Quantity</th>
                  <th>Batch</th>
                  <th>Prescriber</th>
                  <th>Route</th>
                  <th>Request</th>
                </tr>
              </thead>
              <tbody>
                {record.supplies.map((supply) => (
                  <tr key={`${supply.requestId} ${supply.lineId}`}>
                    <td>{formatDate(supply.suppliedAt)}</td>
                    <td>{supply.medicine}</td>
                    <td>{formatQuantity(supply.quantity, supply.unit)}</td>
                    <td>{supply.batches}</td>
                    <td>{supply.prescriber}</td>
                    <td>{routeName(supply.route)}</td>
                    <td className="mono">{supply.requestId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section aria-labelledby="patient-flags">
          <h2 id="patient-flags">Flags of open requests</h2>
          <SafetyFlagList flags={record.flags} onChanged={() => void load()} />
        </section>
        <section aria-labelledby="patient-notes">
          <h2 id="patient-notes">Notes</h2>
          <NotesList notes={record.notes} empty="No notes on this patient." />
        </section>
      </div>
      {noting && (
        <NoteDialog
          subject="patient"
          subjectId={patientId}
          about={patient.name}
          onClose={(added) => {
            setNoting(false)
            if (added) void load()
          }}
        />
      )}
    </main>
  )
}
