import { useEffect, useState, type FormEvent } from 'react'
import type { RequestDetail } from '../../../../shared/contract'
import { TRANSITIONS } from '../../../../shared/workflow/transitions'
import { call } from '../../api/client'
import { humanise } from '../../ui/format'
import { onScan } from '../scan/scan-store'

/** The carrier that usually runs a delivery service; a person may change it. */
export function carrierFor(service: string): string {
  if (service.startsWith('royal_mail') || service.startsWith('special_delivery')) return 'Royal Mail'
  if (service.startsWith('courier')) return 'Courier'
  if (service === 'collect') return 'Collected from the pharmacy'
  return ''
}

function escapeCloses(onClose: () => void) {
  return (event: React.KeyboardEvent): void => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      event.nativeEvent.stopImmediatePropagation()
      onClose()
    }
  }
}

/** Pack (P): how many parcels the bag goes in. */
export function PackDialog({ id, onClose }: { id: string; onClose: (message: string | null) => void }): React.JSX.Element {
  const [parcels, setParcels] = useState('1')
  const [error, setError] = useState<string | null>(null)

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const count = Number(parcels)
    if (!Number.isInteger(count) || count < 1 || count > 100) return setError('Enter a whole number of parcels, 1 to 100.')
    const answer = await call('requests.pack', { id, parcels: count })
    if (!answer.ok) return setError(answer.error.message)
    onClose(`Packed in ${count} parcel${count === 1 ? '' : 's'}.`)
  }

  return (
    <form className="dialog" role="dialog" aria-label={TRANSITIONS.pack.label} onSubmit={(event) => void submit(event)} onKeyDown={escapeCloses(() => onClose(null))}>
      <h2>{TRANSITIONS.pack.label}</h2>
      <label>Number of parcels
        <input autoFocus type="number" min={1} max={100} value={parcels} onChange={(e) => setParcels(e.target.value)} />
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit">Pack ⏎</button> <button type="button" onClick={() => onClose(null)}>Cancel (Esc)</button>
    </form>
  )
}

/** Dispatch (X): carrier, service (prefilled from the request) and tracking numbers (typed or scanned). */
export function DispatchDialog({ detail, onClose }: { detail: RequestDetail; onClose: (message: string | null) => void }): React.JSX.Element {
  const service0 = detail.snapshot.delivery.service
  const [carrier, setCarrier] = useState(carrierFor(service0))
  const [service, setService] = useState(service0)
  const [tracking, setTracking] = useState('')
  const [error, setError] = useState<string | null>(null)

  // A tracking barcode scanned while the dialog is open is added to the list.
  useEffect(() => onScan((scan) => {
    if (scan.classification.kind !== 'tracking') return
    const number = scan.classification.trackingNumber
    setTracking((text) => (text.trim() === '' ? number : `${text.trim()}\n${number}`))
  }), [])

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const trackingNumbers = tracking.split(/[\s,]+/).map((part) => part.trim()).filter(Boolean)
    const answer = await call('requests.dispatch', { id: detail.row.id, carrier: carrier.trim(), service: service.trim(), trackingNumbers })
    if (!answer.ok) return setError(answer.error.message)
    onClose(`Dispatched with ${carrier.trim()} (${humanise(service.trim())})${trackingNumbers.length ? `, tracking ${trackingNumbers.join(', ')}` : ''}.`)
  }

  return (
    <form className="dialog" role="dialog" aria-label={TRANSITIONS.dispatch.label} onSubmit={(event) => void submit(event)} onKeyDown={escapeCloses(() => onClose(null))}>
      <h2>{TRANSITIONS.dispatch.label}</h2>
      <label>Carrier<input autoFocus value={carrier} onChange={(e) => setCarrier(e.target.value)} /></label>
      <label>Service<input value={service} onChange={(e) => setService(e.target.value)} /></label>
      <label>Tracking numbers (one per line, or scan them)
        <textarea rows={3} value={tracking} onChange={(e) => setTracking(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); e.currentTarget.form?.requestSubmit() } }} />
      </label>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="submit">Dispatch ⏎</button> <button type="button" onClick={() => onClose(null)}>Cancel (Esc)</button>
    </form>
  )
}
