import { useState, type FormEvent } from 'react'
import type { PatientReturnView } from '@shared/contract'
import { formatDateTime } from '@shared/time/london'
import { call } from '../../api/client'
import { queryClient } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { Dialog } from '../../ui/Dialog'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'
import { formatQuantity } from '@shared/stock/units'
import { destructionInWords, drugInWords } from '@shared/registers/words'
import { DateRange } from './DateRange'
import { ExportButtons } from './ExportButtons'
import { useRegisters } from './registers-store'
import { useRegisterView } from './useRegisterView'
import { useRowSelection } from './useRowSelection'

const LIST = 'registers.patientReturns.list'

/**
 * Schedule 2 CDs patients brought back (recorded from a delivered request, T on its screen): those not
 * yet destroyed first, whenever received, then those received in the registers' dates, newest first;
 * a pharmacist records a destruction before an authorised witness, once (the button on the row, or
 * Enter on the selected row). The export keeps to the dates.
 */
export function PatientReturnsTab(): React.JSX.Element {
  const { from, to } = useRegisters()
  const { view, error } = useRegisterView(LIST, { from, to, awaitingDestruction: true })
  const pharmacist = useSession((state) => state.session?.user.roles.includes('pharmacist') ?? false)
  const [destroying, setDestroying] = useState<PatientReturnView | null>(null)
  const [message, setMessage] = useState<string | null>(null)
  const canDestroy = (returned: PatientReturnView | undefined): returned is PatientReturnView =>
    pharmacist && returned !== undefined && returned.destruction === null
  const selected = useRowSelection(view?.length ?? 0, (index) => {
    const returned = view?.[index]
    if (canDestroy(returned)) setDestroying(returned)
  })

  return (
    <section aria-label="Returned by patients">
      <div className="register-filters">
        <DateRange />
        <ExportButtons make={(format) => call('registers.patientReturns.export', { from, to, format })} />
      </div>
      <ErrorLine>{error}</ErrorLine>
      {message && <p role="status">{message}</p>}
      <table className="register">
        <thead>
          <tr>
            <th>Received</th>
            <th>Patient</th>
            <th>Drug, form, strength</th>
            <th>Quantity</th>
            <th>Received by</th>
            <th>Destruction</th>
          </tr>
        </thead>
        <tbody>
          {view?.map((returned, index) => (
            <tr
              key={returned.id}
              data-patient-return={returned.id}
              aria-selected={index === selected}
              className={index === selected ? 'selected' : ''}
            >
              <td>{formatDateTime(returned.receivedAt)}</td>
              <td>{returned.patientName}</td>
              <td>{drugInWords(returned)}</td>
              <td>{formatQuantity(returned.quantity, returned.unit)}</td>
              <td>{returned.receivedBy}</td>
              <td>
                {destructionInWords(returned)}
                {canDestroy(returned) && (
                  <>
                    {' '}
                    <button onClick={() => setDestroying(returned)}>Record destruction</button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {view && view.length === 0 && <p className="empty">No patient returned controlled drugs in these dates.</p>}
      {destroying && (
        <DestroyDialog
          returned={destroying}
          onClose={(text) => {
            setDestroying(null)
            if (text) setMessage(text)
            void queryClient.invalidateQueries({ queryKey: [LIST] })
          }}
        />
      )}
    </section>
  )
}

function DestroyDialog({
  returned,
  onClose
}: {
  returned: PatientReturnView
  onClose: (message: string | null) => void
}): React.JSX.Element {
  const [witness, setWitness] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    if (witness.trim() === '') return setError("Name the authorised witness: the record needs the witness's name.")
    const answer = await call('registers.patientReturns.destroy', { returnId: returned.id, witness })
    if (!answer.ok) return setError(answer.error.message)
    onClose(`Destruction recorded: ${drugInWords(answer.value)}, ${destructionInWords(answer.value)}.`)
  }

  return (
    <Dialog label="Record destruction" onClose={() => onClose(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>Record destruction</h2>
        <p>
          {formatQuantity(returned.quantity, returned.unit)} of {drugInWords(returned)}, returned by{' '}
          {returned.patientName} on {formatDateTime(returned.receivedAt)}.
        </p>
        <label>
          Authorised witness&apos;s name
          <input autoFocus value={witness} maxLength={200} onChange={(event) => setWitness(event.target.value)} />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Record the destruction ⏎" onCancel={() => onClose(null)} />
      </form>
    </Dialog>
  )
}
