import { Dialog } from '../../ui/Dialog'
import { useState, type FormEvent } from 'react'
import type { RequestDetail } from '@shared/contract'
import { HARD_COPY_FORMS } from '@shared/workflow/hard-copy'
import { formatDate } from '@shared/time/london'
import { ErrorLine, SubmitOrCancel } from '../../ui/FormParts'
import { formatQuantity } from '@shared/stock/units'

/**
 * Receiving the original: the person reads the paper and ticks what matches, line by line; the
 * quantity on the form is typed, not assumed. Main decides whether it all matches.
 */
export function HardCopyForm({
  detail,
  onSubmit,
  onCancel
}: {
  detail: RequestDetail
  onSubmit: (receipt: {
    id: string
    formType: (typeof HARD_COPY_FORMS)[number]
    serial: string
    patientMatches: boolean
    prescriberMatches: boolean
    dateMatches: boolean
    lines: Array<{ lineId: string; matches: boolean; quantityOnForm: number }>
    prescriberCdNumber?: string
    quantityInWordsAndFigures?: boolean
  }) => Promise<string | null>
  onCancel: () => void
}): React.JSX.Element {
  const { snapshot } = detail
  // Main says, by the stricter of Phensys's schedule and the catalogue's: the form never works it out.
  const cd = detail.asksCdChecks
  const [formType, setFormType] = useState<(typeof HARD_COPY_FORMS)[number]>(cd ? 'FP10PCD' : 'private_paper')
  const [serial, setSerial] = useState('')
  const [cdNumber, setCdNumber] = useState('')
  const [inWordsAndFigures, setInWordsAndFigures] = useState(false)
  const [checks, setChecks] = useState({ patientMatches: false, prescriberMatches: false, dateMatches: false })
  const [lines, setLines] = useState(
    snapshot.prescription.items.map((item) => ({ lineId: item.lineId, matches: false, quantityOnForm: '' }))
  )
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const parsed = lines.map((line) => ({
      lineId: line.lineId,
      matches: line.matches,
      quantityOnForm: Number(line.quantityOnForm)
    }))
    if (parsed.some((line) => !(line.quantityOnForm > 0)))
      return setError('Type the quantity written on the form for every line.')
    const number = cdNumber.trim()
    if (cd && number !== '' && !/^\d{6}$/.test(number))
      return setError("The prescriber's CD identification number is 6 digits: type it as printed on the form.")
    const cdChecks = cd
      ? { ...(number === '' ? {} : { prescriberCdNumber: number }), quantityInWordsAndFigures: inWordsAndFigures }
      : {}
    setError(await onSubmit({ id: detail.row.id, formType, serial, ...checks, lines: parsed, ...cdChecks }))
  }

  return (
    <Dialog label="Receive hard copy" onClose={() => onCancel()}>
      <form onSubmit={(event) => void submit(event)}>
        <h2>Receive the original prescription</h2>
        <label>
          Form
          <select
            autoFocus
            aria-label="Form"
            value={formType}
            onChange={(e) => setFormType(e.target.value as (typeof HARD_COPY_FORMS)[number])}
          >
            {HARD_COPY_FORMS.map((form) => (
              <option key={form} value={form}>
                {form === 'private_paper' ? 'Private prescription (paper)' : form}
              </option>
            ))}
          </select>
        </label>
        <label>
          Serial number on the form
          <input value={serial} onChange={(e) => setSerial(e.target.value)} />
        </label>
        {cd && (
          <label>
            Prescriber&apos;s CD identification number (6 digits)
            <input
              inputMode="numeric"
              maxLength={6}
              autoComplete="off"
              value={cdNumber}
              onChange={(e) => setCdNumber(e.target.value)}
            />
          </label>
        )}
        <fieldset>
          <legend>On the form, matching the request</legend>
          <label className="check">
            <input
              type="checkbox"
              checked={checks.patientMatches}
              onChange={(e) => setChecks({ ...checks, patientMatches: e.target.checked })}
            />
            Patient: {snapshot.patient.name.given} {snapshot.patient.name.family}, born {snapshot.patient.dateOfBirth}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={checks.prescriberMatches}
              onChange={(e) => setChecks({ ...checks, prescriberMatches: e.target.checked })}
            />
            Prescriber: {snapshot.prescription.prescriber.name}{' '}
            {snapshot.prescription.prescriber.registrationNumber ?? ''}
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={checks.dateMatches}
              onChange={(e) => setChecks({ ...checks, dateMatches: e.target.checked })}
            />
            Dated {formatDate(snapshot.prescription.issuedAt)}
          </label>
          {snapshot.prescription.items.map((item, index) => (
            <div key={item.lineId} className="hard-copy-line">
              <label className="check">
                <input
                  type="checkbox"
                  checked={lines[index]!.matches}
                  onChange={(e) =>
                    setLines(lines.map((line, i) => (i === index ? { ...line, matches: e.target.checked } : line)))
                  }
                />
                {item.product.name}: {item.directions}
              </label>
              <label>
                Quantity on the form (request: {formatQuantity(item.quantity, item.unit)})
                <input
                  inputMode="numeric"
                  value={lines[index]!.quantityOnForm}
                  onChange={(e) =>
                    setLines(lines.map((line, i) => (i === index ? { ...line, quantityOnForm: e.target.value } : line)))
                  }
                />
              </label>
            </div>
          ))}
          {cd && (
            <label className="check">
              <input
                type="checkbox"
                checked={inWordsAndFigures}
                onChange={(e) => setInWordsAndFigures(e.target.checked)}
              />
              The total quantity of the controlled drug is in words and figures, and they match
            </label>
          )}
        </fieldset>
        <ErrorLine>{error}</ErrorLine>
        <SubmitOrCancel submit="Record ⏎" onCancel={onCancel} />
      </form>
    </Dialog>
  )
}
