import { useScope } from '../../keymap/keymap'
import { useRef, useState, type FormEvent } from 'react'
import type { ReceiptLineView } from '@shared/contract'
import { encodeGs1, GS } from '@shared/gs1'
import type { ScanClassification } from '@shared/scan'
import { useSession } from '../../session/session-store'
import { useStock } from './stock-store'
import { formatDate, formatDateTime } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

/**
 * The pack code to book in, as the scanner meant it. The app's scanner listener has already read
 * the scan with this scanner's separator settings, so a GS1 code is rebuilt from its fields with
 * standard separators; anything else goes as read, to be kept and flagged.
 */
function packCodeOf(classification: ScanClassification): string {
  if (classification.kind === 'gtin') return classification.gtin14
  if (classification.kind !== 'gs1') return classification.raw
  try {
    return `${classification.symbologyId ?? ''}${encodeGs1(classification.gs1.elements.map((e) => ({ ai: e.ai, data: e.data })))}`
  } catch {
    return classification.raw
  }
}

/**
 * Goods-in: scan each pack of a delivery. A scanner's burst is caught wherever the focus is; a
 * code can also be typed or pasted into the field (Enter books it; type ␝ as \u001d or "<GS>").
 * Each pack shows as booked or flagged, with what was read. Keys: N new delivery, S the field.
 */
export function GoodsIn(): React.JSX.Element {
  const { delivery, lastLine, released, receiving, error, receive, newDelivery } = useStock()
  const open = useSession((state) => state.open)
  const [typed, setTyped] = useState('')
  const field = useRef<HTMLInputElement>(null)

  useScope('goodsIn', {
    keys: {
      'delivery.new': () => {
        newDelivery()
        field.current?.focus()
      },
      field: () => field.current?.focus()
    },
    // Every pack scanned here is booked in; a request's label still opens its request. A bag label
    // (a parcel back, scanned here) goes to main, which says whose it is, or that it is not known
    // here, and books nothing: it is never read as a pack.
    scan: (scan) => {
      if (scan.requestId && scan.classification.kind !== 'bag-label') return false
      void receive(packCodeOf(scan.classification))
      return true
    }
  })

  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const raw = typed.replace(/<GS>|\\u001d/gi, GS)
    if (raw.trim() === '') return
    setTyped('')
    await receive(raw)
    field.current?.focus()
  }

  const lines = delivery?.lines ?? []
  const booked = lines.filter((line) => line.booked).length
  const flagged = lines.filter((line) => line.flags.length > 0).length
  return (
    <div className="goods-in">
      <form className="scan-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor="goods-in-scan">
          Scan a pack <kbd>S</kbd>
        </label>
        <input
          id="goods-in-scan"
          ref={field}
          className="scan-field mono"
          autoFocus
          autoComplete="off"
          spellCheck={false}
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
          placeholder="Scan the pack's 2D code, or type it and press Enter"
          aria-busy={receiving}
        />
        <button
          type="button"
          onClick={() => {
            newDelivery()
            field.current?.focus()
          }}
        >
          New delivery <kbd>N</kbd>
        </button>
      </form>
      <ErrorLine>{error}</ErrorLine>
      {released.length > 0 && (
        <p role="status" className="released">
          Now ready to dispense:{' '}
          {released.map((id) => (
            <button key={id} className="link" onClick={() => open({ name: 'request', id })}>
              {id}
            </button>
          ))}
        </p>
      )}
      {lastLine && <LastScan line={lastLine} />}
      <h2>
        {delivery
          ? `Delivery ${delivery.id}, started ${formatDateTime(delivery.startedAt)} by ${delivery.startedBy}: ${booked} booked in, ${flagged} flagged`
          : 'No delivery yet: the first scan starts one.'}
      </h2>
      <table className="stock-table receipts">
        <thead>
          <tr>
            <th></th>
            <th>Pack</th>
            <th>Batch</th>
            <th>Expiry</th>
            <th>Serial</th>
            <th>Order</th>
            <th>Flags</th>
            <th>Read</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line.id} className={line.booked ? (line.flags.length > 0 ? 'flagged' : 'booked') : 'refused'}>
              <td>{status(line)}</td>
              <td>{line.packName ?? (line.gtin ? `GTIN ${line.gtin}` : '—')}</td>
              <td className="mono">{line.batchNo ?? '—'}</td>
              <td>{line.expiry ? formatDate(line.expiry) : '—'}</td>
              <td className="mono">{line.serial ?? '—'}</td>
              <td>{line.orderId ?? '—'}</td>
              <td>
                {line.flags.map((flag) => (
                  <div key={flag.code}>{flag.message}</div>
                ))}
              </td>
              <td>
                <span className="scan-read">{line.read}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function status(line: ReceiptLineView): string {
  if (!line.booked) return '✗ Not booked'
  return line.flags.length > 0 ? '⚠ Booked, flagged' : '✓ Booked'
}

function LastScan({ line }: { line: ReceiptLineView }): React.JSX.Element {
  const tone = !line.booked ? 'refused' : line.flags.length > 0 ? 'flagged' : 'booked'
  return (
    <section className={`last-scan ${tone}`} role="status" aria-live="polite">
      <p className="headline">
        {status(line)}: {line.packName ?? (line.gtin ? `unknown GTIN ${line.gtin}` : 'unreadable code')}
      </p>
      <p>
        Batch <span className="mono">{line.batchNo ?? '—'}</span> · expiry {line.expiry ? formatDate(line.expiry) : '—'}{' '}
        · serial <span className="mono">{line.serial ?? '—'}</span>
        {line.orderId ? ` · order ${line.orderId}` : ''}
      </p>
      {line.flags.map((flag) => (
        <p key={flag.code} className="flag-message">
          {flag.message}
        </p>
      ))}
      <p>
        Read: <span className="scan-read">{line.read}</span>
      </p>
    </section>
  )
}
