import { useState, type FormEvent } from 'react'
import type { BatchRecallOutcome } from '@shared/contract'
import { normaliseGtin } from '@shared/stock/identifiers'
import { call } from '../../api/client'
import { Dialog } from '../../ui/Dialog'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'

/** 8 to 14 digits with a GTIN's check digit is a GTIN; any other code is taken for the pack's AMPP code. */
const isGtin = (code: string): boolean => /^\d{8,14}$/.test(code) && normaliseGtin(code) !== null

/**
 * A pharmacist records a drug alert's recall of a batch (`stock.recallBatch`): the pack (its
 * AMPP code or a GTIN), the batch, the alert's reference and class, a note. Main quarantines the
 * free stock, takes packs of it out of bags not yet handed over and flags those requests.
 */
export function RecallBatchDialog({
  pack: initialPack,
  batchNo: initialBatch,
  onDone
}: {
  pack: string
  batchNo: string
  onDone: (outcome: BatchRecallOutcome | null) => void
}): React.JSX.Element {
  const [pack, setPack] = useState(initialPack)
  const [batchNo, setBatchNo] = useState(initialBatch)
  const [reference, setReference] = useState('')
  const [alertClass, setAlertClass] = useState(2)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const code = pack.trim()
    const answer = await call('stock.recallBatch', {
      ...(isGtin(code) ? { gtin: code } : { amppId: code }),
      batchNo,
      reference,
      alertClass,
      ...(note.trim() ? { note } : {})
    })
    if (!answer.ok) return setError(answer.error.message)
    onDone(answer.value)
  }

  return (
    <Dialog label="Recall this batch" onClose={() => onDone(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>Recall this batch</h2>
        <p>
          Every free pack of the batch goes to quarantine, packs of it in bags not yet handed over come out, and those
          requests wait for a pharmacist. Patients already supplied are listed below the record.
        </p>
        <label>
          Pack (AMPP code or GTIN)
          <input
            autoFocus={initialPack === ''}
            value={pack}
            inputMode="numeric"
            onChange={(event) => setPack(event.target.value)}
          />
        </label>
        <label>
          Batch <input value={batchNo} onChange={(event) => setBatchNo(event.target.value)} />
        </label>
        <label>
          Alert reference
          <input
            autoFocus={initialPack !== ''}
            value={reference}
            placeholder="MHRA drug alert EL(26)A/12"
            onChange={(event) => setReference(event.target.value)}
          />
        </label>
        <label>
          Class
          <select value={alertClass} onChange={(event) => setAlertClass(Number(event.target.value))}>
            {[1, 2, 3, 4].map((n) => (
              <option key={n} value={n}>
                Class {n}
              </option>
            ))}
          </select>
        </label>
        <label>
          Note <input value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Recall the batch" onCancel={() => onDone(null)} />
      </form>
    </Dialog>
  )
}
