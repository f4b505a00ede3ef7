import { useState, type FormEvent } from 'react'
import type { RequestDetail } from '@shared/contract'
import { call } from '../../api/client'
import { Dialog } from '../../ui/Dialog'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'
import { formatQuantity } from '@shared/stock/units'
import { drugInWords } from '@shared/registers/words'

type Item = RequestDetail['snapshot']['prescription']['items'][number]

/**
 * A pharmacist records Schedule 2 CDs the patient brought back, against a line of this delivered
 * request (`registers.patientReturns.record`): the line, the quantity counted, a note. Kept apart
 * from the CD register; destroyed later from the registers (F10, Returned by patients).
 */
export function PatientReturnDialog({
  detail,
  lines,
  onClose
}: {
  detail: RequestDetail
  lines: readonly Item[]
  onClose: (message: string | null) => void
}): React.JSX.Element {
  const [lineId, setLineId] = useState(lines[0]?.lineId ?? '')
  const [quantity, setQuantity] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const line = lines.find((item) => item.lineId === lineId)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const counted = Number(quantity.trim())
    if (quantity.trim() === '' || !Number.isFinite(counted) || counted <= 0)
      return setError('Enter the quantity you counted: a number more than nothing.')
    const answer = await call('registers.patientReturns.record', {
      id: detail.row.id,
      lineId,
      quantity: counted,
      ...(note.trim() ? { note } : {})
    })
    if (!answer.ok) return setError(answer.error.message)
    onClose(
      `Return recorded: ${formatQuantity(answer.value.quantity, answer.value.unit)} of ${drugInWords(answer.value)}. It is listed under Registers (F10), Returned by patients, until destroyed.`
    )
  }

  return (
    <Dialog label="Record a return" onClose={() => onClose(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>Record a return</h2>
        <p>Controlled drugs the patient brought back: they are not put back into stock, and wait for destruction.</p>
        <label>
          Line
          <select autoFocus={lines.length > 1} value={lineId} onChange={(event) => setLineId(event.target.value)}>
            {lines.map((item) => (
              <option key={item.lineId} value={item.lineId}>
                {item.lineId}: {item.product.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Quantity counted{line ? ` (${line.unit})` : ''}
          <input
            autoFocus={lines.length <= 1}
            value={quantity}
            inputMode="decimal"
            onChange={(event) => setQuantity(event.target.value)}
          />
        </label>
        <label>
          Note <input value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Record the return ⏎" onCancel={() => onClose(null)} />
      </form>
    </Dialog>
  )
}
