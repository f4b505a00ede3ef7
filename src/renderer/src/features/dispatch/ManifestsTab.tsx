import { DateField } from '../../ui/DateField'
import { useScope } from '../../keymap/keymap'
import { useState } from 'react'
import type { ManifestParcel } from '@shared/contract'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { download } from '../registers/download'
import { useRegisterView } from '../registers/useRegisterView'
import { useRowSelection } from '../registers/useRowSelection'
import { useDispatch } from './dispatch-store'
import { formatDate, formatTime, londonDate } from '@shared/time/london'
import { addDays } from '@shared/time/calendar'
import { ErrorLine } from '../../ui/FormParts'

/**
 * The end-of-day manifests: per carrier, every parcel handed over on a day. Keys: ←/→ the day
 * before or after (T today), ↑/↓ a parcel, Enter opens its request, P the PDF of its carrier.
 */
export function ManifestsTab(): React.JSX.Element {
  const { date, setDate } = useDispatch()
  const open = useSession((state) => state.open)
  // A parcel dispatched at another window shows up without leaving the screen (the query layer
  // reads the manifest again on any change of requests).
  const { view, error } = useRegisterView('dispatch.manifest', { date })
  const [pdfError, setPdfError] = useState<string | null>(null)
  const carriers = view?.date === date ? view.carriers : []
  const rows = carriers.flatMap((manifest) => manifest.parcels.map((parcel) => ({ carrier: manifest.carrier, parcel })))
  const selected = useRowSelection(rows.length, (index) => {
    const row = rows[index]
    if (row) open({ name: 'request', id: row.parcel.requestId })
  })

  const downloadPdf = async (carrier: string): Promise<void> => {
    const answer = await call('dispatch.manifestPdf', { date, carrier })
    if (!answer.ok) return setPdfError(`${carrier}: ${answer.error.message}`)
    setPdfError(null)
    download(answer.value)
  }

  useScope('manifests', {
    keys: {
      'day.previous': () => setDate(addDays(date, -1)),
      'day.next': () => setDate(addDays(date, 1)),
      'day.today': () => setDate(londonDate(new Date())),
      'manifest.pdf': () => (rows[selected] ? void downloadPdf(rows[selected].carrier) : false)
    }
  })

  let index = 0
  return (
    <section aria-label="Manifests">
      <div className="register-filters">
        <button type="button" onClick={() => setDate(addDays(date, -1))} title="The day before (←)">
          ← Day before
        </button>
        <DateField label="Day" value={date} required onChange={(iso) => iso && setDate(iso)} />
        <button type="button" onClick={() => setDate(addDays(date, 1))} title="The day after (→)">
          Day after →
        </button>
        <button type="button" onClick={() => setDate(londonDate(new Date()))}>
          <kbd>T</kbd> Today
        </button>
        <span className="manifest-day">{formatDate(date)}</span>
      </div>
      <p className="note">←/→ the day before or after · ↑/↓ a parcel · Enter opens its request · P its carrier’s PDF</p>
      <ErrorLine>{error}</ErrorLine>
      <ErrorLine>{pdfError}</ErrorLine>
      {carriers.map((manifest) => (
        <section key={manifest.carrier} className="manifest" aria-label={`${manifest.carrier} manifest`}>
          <header className="manifest-header">
            <h2>
              {manifest.carrier} · {manifest.parcels.length} parcel{manifest.parcels.length === 1 ? '' : 's'}
              {pulled(manifest.parcels) > 0 && ` (${pulled(manifest.parcels)} not to hand over)`}
            </h2>
            <button type="button" onClick={() => void downloadPdf(manifest.carrier)}>
              Download PDF
            </button>
          </header>
          <table className="register">
            <thead>
              <tr>
                <th>Tracking number</th>
                <th>Service</th>
                <th>Recipient</th>
                <th>Postcode</th>
                <th>Reference</th>
                <th>Parcel</th>
                <th>Time</th>
                <th>Not to hand over</th>
              </tr>
            </thead>
            <tbody>
              {manifest.parcels.map((parcel) => (
                <ParcelRow
                  key={`${parcel.requestId}#${parcel.parcelNo}`}
                  parcel={parcel}
                  selected={index++ === selected}
                />
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {view?.date === date && carriers.length === 0 && (
        <p className="empty">No parcels were handed to a carrier on {formatDate(date)}.</p>
      )}
    </section>
  )
}

/** Parcels of requests stopped at Phensys after dispatch: listed, marked, not for the collector. */
const pulled = (parcels: ManifestParcel[]): number => parcels.filter((parcel) => parcel.pull !== null).length

function ParcelRow({ parcel, selected }: { parcel: ManifestParcel; selected: boolean }): React.JSX.Element {
  const open = useSession((state) => state.open)
  return (
    <tr
      aria-selected={selected}
      className={selected ? 'selected' : ''}
      data-request-id={parcel.requestId}
      onDoubleClick={() => open({ name: 'request', id: parcel.requestId })}
    >
      <td className="mono">{parcel.trackingNumber ?? '(untracked)'}</td>
      <td>{parcel.service}</td>
      <td>{parcel.recipient}</td>
      <td>{parcel.postcode}</td>
      <td className="mono">{parcel.requestId}</td>
      <td>
        {parcel.parcelNo} of {parcel.parcels}
      </td>
      <td>{formatTime(parcel.dispatchedAt)}</td>
      <td>{parcel.pull && <strong className="warning">{parcel.pull}</strong>}</td>
    </tr>
  )
}
