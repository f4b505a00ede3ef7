import { DateField } from '../../ui/DateField'
import { useScope } from '../../keymap/keymap'
import { Dialog } from '../../ui/Dialog'
import { useState, type FormEvent } from 'react'
import type { BatchView, PackDetailView } from '@shared/contract'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { humanise } from '../../ui/format'
import { useStock } from './stock-store'
import { formatDate, formatDateTime } from '@shared/time/london'
import { formatQuantity } from '@shared/stock/units'
import { ErrorLine } from '../../ui/FormParts'

type Mode =
  | null
  | { kind: 'order' }
  | { kind: 'adjust'; batch: BatchView }
  | { kind: 'writeOff'; batch: BatchView }
  | { kind: 'fromQuarantine'; batch: BatchView }
  | { kind: 'stockTake' }

/**
 * One pack: its levels, batches (first expiry first), movements, supply issues and what is on
 * order. Keys: O order packs; for a pharmacist, T stock-take. Escape closes.
 */
export function PackDetail({ amppId }: { amppId: string }): React.JSX.Element {
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const read = useCallQuery('stock.pack', { amppId })
  const detail = read.data ?? null
  const error = read.error?.message ?? null
  const [message, setMessage] = useState<string | null>(null)
  const [mode, setMode] = useState<Mode>(null)
  const worker = roles.includes('pharmacist') || roles.includes('dispenser')
  const pharmacist = roles.includes('pharmacist')

  const load = () => refreshCall('stock.pack', { amppId })
  useScope('stockPack', {
    keys: {
      order: () => (mode ? false : setMode({ kind: 'order' })),
      stockTake: () => (mode ? false : setMode({ kind: 'stockTake' }))
    }
  })

  const done = (text: string | null): void => {
    setMode(null)
    if (text) setMessage(text)
    void load()
    void useStock.getState().loadLevels()
  }

  if (error)
    return (
      <p role="alert" className="error">
        {error}
      </p>
    )
  if (!detail) return <p>Loading {amppId}…</p>
  const { pack } = detail
  const unit = pack.unit

  return (
    <div className="pack-detail" aria-label={pack.name}>
      <header className="detail-header">
        <button onClick={() => useStock.getState().openPack(null)}>← Back (Esc)</button>
        <h1>{pack.name}</h1>
        {pack.product.cdSchedule !== null && <span className="flag cd">CD{pack.product.cdSchedule}</span>}
      </header>
      <dl className="pack-facts">
        <dt>Product</dt>
        <dd>
          {pack.product.vmpName} <span className="mono">(VMP {pack.product.vmpId})</span>
        </dd>
        <dt>Supplier</dt>
        <dd>
          {pack.product.supplier ?? '—'} <span className="mono">(AMP {pack.product.dmdId})</span>
        </dd>
        <dt>Pack</dt>
        <dd>
          {formatQuantity(pack.packSize, unit)} · AMPP <span className="mono">{pack.amppId}</span> · PIP{' '}
          <span className="mono">{pack.pipCode ?? 'none'}</span>
        </dd>
        <dt>GTINs</dt>
        <dd className="mono">{detail.gtins.map((g) => `${g.gtin}${g.historic ? ' (old)' : ''}`).join(', ') || '—'}</dd>
        <dt>Levels</dt>
        <dd>
          <strong>{formatQuantity(detail.available, unit)} available</strong> · {formatQuantity(detail.onHand, unit)} on
          hand · {formatQuantity(detail.reserved, unit)} reserved · reorder at{' '}
          {pack.reorderLevel > 0 ? formatQuantity(pack.reorderLevel, unit) : 'never'}
        </dd>
      </dl>
      <div className="actions">
        {worker && (
          <button onClick={() => setMode({ kind: 'order' })}>
            Order packs <kbd>O</kbd>
          </button>
        )}
        {pharmacist && (
          <button onClick={() => setMode({ kind: 'stockTake' })}>
            Stock-take <kbd>T</kbd>
          </button>
        )}
        {message && <p role="status">{message}</p>}
      </div>
      {mode?.kind === 'order' && <OrderForm amppId={amppId} onDone={done} />}
      {mode?.kind === 'stockTake' && <StockTakeForm detail={detail} onDone={done} />}
      {(mode?.kind === 'adjust' || mode?.kind === 'writeOff' || mode?.kind === 'fromQuarantine') && (
        <BatchForm kind={mode.kind} batch={mode.batch} unit={unit} onDone={done} />
      )}

      {detail.supplyIssues.length > 0 && (
        <section className="notice" aria-label="Supply issues">
          {detail.supplyIssues.map((issue) => (
            <p key={issue.id}>
              <strong>Supply issue</strong> ({humanise(issue.source)}
              {issue.reference ? ` ${issue.reference}` : ''}): {issue.reason}. Expected back{' '}
              {issue.expectedReturn ? formatDate(issue.expectedReturn) : 'unknown'}.
            </p>
          ))}
        </section>
      )}

      <h2>Batches</h2>
      <table className="stock-table">
        <thead>
          <tr>
            <th>Batch</th>
            <th>Expiry</th>
            <th className="num">On hand</th>
            <th className="num">Reserved</th>
            <th className="num">Available</th>
            <th className="num">Quarantined</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {detail.batches.map((batch) => (
            <tr key={batch.id} className={batch.expired ? 'expired' : batch.shortDated ? 'short' : ''}>
              <td className="mono">{batch.batchNo}</td>
              <td>
                {formatDate(batch.expiry)}
                {batch.expired ? ' — expired' : batch.shortDated ? ' — short-dated' : ''}
              </td>
              <td className="num">{formatQuantity(batch.onHand, unit)}</td>
              <td className="num">{formatQuantity(batch.reserved, unit)}</td>
              <td className="num strong">{formatQuantity(batch.available, unit)}</td>
              <td className="num">{batch.quarantined > 0 ? formatQuantity(batch.quarantined, unit) : ''}</td>
              <td>
                {pharmacist && <button onClick={() => setMode({ kind: 'adjust', batch })}>Adjust</button>}
                {pharmacist && batch.available > 0 && (
                  <button onClick={() => setMode({ kind: 'writeOff', batch })}>Write off</button>
                )}
                {pharmacist && batch.quarantined > 0 && (
                  <button onClick={() => setMode({ kind: 'fromQuarantine', batch })}>
                    Destroy or return quarantined
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {detail.batches.length === 0 && <p className="empty">No batches on record.</p>}

      {detail.openOrderLines.length > 0 && (
        <>
          <h2>On order</h2>
          <ul>
            {detail.openOrderLines.map((line) => (
              <li key={line.id}>
                Order {line.orderId}: {line.outstanding} of {line.packsPlaced} packs to come ({humanise(line.status)})
                {line.requestId ? ` for ${line.requestId}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}

      <h2>Movements</h2>
      <table className="stock-table movements">
        <thead>
          <tr>
            <th>When</th>
            <th>What</th>
            <th>Batch</th>
            <th className="num">On hand</th>
            <th className="num">Reserved</th>
            <th>For</th>
            <th>Why</th>
            <th>Who</th>
          </tr>
        </thead>
        <tbody>
          {detail.movements.map((m) => (
            <tr key={m.id}>
              <td>{formatDateTime(m.at)}</td>
              <td>{humanise(m.kind)}</td>
              <td className="mono">{m.batchNo}</td>
              <td className="num">{m.onHandDelta === 0 ? '' : signed(m.onHandDelta)}</td>
              <td className="num">{m.reservedDelta === 0 ? '' : signed(m.reservedDelta)}</td>
              <td className="mono">{m.requestId ? `${m.requestId} ${m.lineId ?? ''}` : ''}</td>
              <td>{m.reason ?? ''}</td>
              <td>{m.actorName}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value)
}

function OrderForm({
  amppId,
  onDone
}: {
  amppId: string
  onDone: (message: string | null) => void
}): React.JSX.Element {
  const [packs, setPacks] = useState('1')
  const [wholesalerId, setWholesalerId] = useState('')
  const wholesalers = useCallQuery('stock.wholesalers', {}).data?.filter((w) => w.active) ?? []
  const [error, setError] = useState<string | null>(null)
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('stock.placeOrder', {
      lines: [{ amppId, packs: Number(packs) }],
      ...(wholesalerId ? { wholesalerId } : {})
    })
    if (!answer.ok) return setError(answer.error.message)
    const line = answer.value.lines[0]
    onDone(
      `Order ${answer.value.reference} to ${answer.value.wholesalerName}: ${humanise(line?.status ?? 'placed')}${line?.reason ? ` (${line.reason})` : ''}; ${answer.value.eta.words}.`
    )
  }
  return (
    <Dialog label={'Order packs'} onClose={() => onDone(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          Packs{' '}
          <input
            type="number"
            min={1}
            max={999}
            value={packs}
            onChange={(event) => setPacks(event.target.value)}
            autoFocus
            required
          />
        </label>
        <label>
          Wholesaler
          <select value={wholesalerId} onChange={(event) => setWholesalerId(event.target.value)}>
            <option value="">Soonest delivery</option>
            {wholesalers.map((w) => (
              <option key={w.id} value={w.id}>
                {w.name}
                {w.nextEta ? ` — ${w.nextEta.words}` : ''}
              </option>
            ))}
          </select>
        </label>
        <ErrorLine>{error}</ErrorLine>
        <div className="actions">
          <button type="submit">Place order</button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  )
}

type WriteOffKind = 'waste' | 'quarantine' | 'destruction' | 'supplier_return'

const FORM_TITLES = {
  adjust: 'Adjust',
  writeOff: 'Write off',
  fromQuarantine: 'Destroy or return from quarantine'
} as const

function BatchForm({
  kind,
  batch,
  unit,
  onDone
}: {
  kind: keyof typeof FORM_TITLES
  batch: BatchView
  unit: string
  onDone: (message: string | null) => void
}): React.JSX.Element {
  const [amount, setAmount] = useState('')
  const [reason, setReason] = useState('')
  const fromQuarantine = kind === 'fromQuarantine'
  const [writeOffKind, setWriteOffKind] = useState<WriteOffKind>(fromQuarantine ? 'destruction' : 'quarantine')
  const [witness, setWitness] = useState('')
  const [error, setError] = useState<string | null>(null)
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const value = Number(amount)
    const answer =
      kind === 'adjust'
        ? await call('stock.adjust', { batchId: batch.id, delta: value, reason })
        : await call('stock.writeOff', {
            batchId: batch.id,
            quantity: value,
            kind: writeOffKind,
            from: fromQuarantine ? 'quarantine' : 'shelf',
            reason,
            ...(writeOffKind === 'destruction' && witness.trim() ? { witness } : {})
          })
    if (!answer.ok) return setError(answer.error.message)
    onDone(
      fromQuarantine
        ? `Batch ${batch.batchNo}: ${formatQuantity(answer.value.quarantined, unit)} in quarantine now.`
        : `Batch ${batch.batchNo}: ${formatQuantity(answer.value.onHand, unit)} on hand now.`
    )
  }
  return (
    <Dialog
      label={fromQuarantine ? 'Destroy or return quarantined stock' : `${FORM_TITLES[kind]} a batch`}
      onClose={() => onDone(null)}
    >
      <form onSubmit={(event) => void submit(event)}>
        <strong>
          {FORM_TITLES[kind]} batch {batch.batchNo} (
          {fromQuarantine
            ? `${formatQuantity(batch.quarantined, unit)} in quarantine`
            : `${formatQuantity(batch.available, unit)} available`}
          )
        </strong>
        <label>
          {kind === 'adjust' ? `Change in ${unit} (negative to take off)` : `Quantity in ${unit}`}
          <input
            type="number"
            step="any"
            value={amount}
            onChange={(event) => setAmount(event.target.value)}
            autoFocus
            required
          />
        </label>
        {kind === 'writeOff' && (
          <label>
            As
            <select value={writeOffKind} onChange={(event) => setWriteOffKind(event.target.value as WriteOffKind)}>
              <option value="quarantine">Quarantine (kept aside)</option>
              <option value="waste">Waste (broken, spilt, lost)</option>
              <option value="destruction">Destroyed here (denatured)</option>
            </select>
          </label>
        )}
        {fromQuarantine && (
          <label>
            As
            <select value={writeOffKind} onChange={(event) => setWriteOffKind(event.target.value as WriteOffKind)}>
              <option value="destruction">Destroyed here (denatured)</option>
              <option value="supplier_return">Returned to the supplier</option>
            </select>
          </label>
        )}
        {kind !== 'adjust' && writeOffKind === 'destruction' && (
          <label>
            Authorised witness (Schedule 2 stock: required){' '}
            <input value={witness} onChange={(event) => setWitness(event.target.value)} maxLength={120} />
          </label>
        )}
        <label>
          Reason{' '}
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            minLength={3}
            maxLength={500}
            required
          />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <div className="actions">
          <button type="submit">Record</button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  )
}

function StockTakeForm({
  detail,
  onDone
}: {
  detail: PackDetailView
  onDone: (message: string | null) => void
}): React.JSX.Element {
  const unit = detail.pack.unit
  const [counts, setCounts] = useState<Record<number, string>>(() =>
    Object.fromEntries(detail.batches.filter((b) => b.onHand > 0).map((b) => [b.id, String(b.onHand)]))
  )
  const [found, setFound] = useState({ batchNo: '', expiry: '', counted: '' })
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const listed = Object.entries(counts)
      .filter(([, value]) => value !== '')
      .map(([batchId, value]) => ({ batchId: Number(batchId), counted: Number(value) }))
    const extra = found.batchNo
      ? [{ batchNo: found.batchNo, expiry: found.expiry, counted: Number(found.counted) }]
      : []
    const answer = await call('stock.stockTake', {
      amppId: detail.pack.amppId,
      counts: [...listed, ...extra],
      ...(note ? { note } : {})
    })
    if (!answer.ok) return setError(answer.error.message)
    const changed = answer.value.lines.filter((line) => line.difference !== 0)
    onDone(
      `Stock-take ${answer.value.id}: ${changed.length === 0 ? 'matches the record' : changed.map((l) => `${l.batchNo} ${signed(l.difference)}`).join(', ')}.`
    )
  }
  return (
    <Dialog label={'Stock take'} onClose={() => onDone(null)} wide>
      <form onSubmit={(event) => void submit(event)}>
        <strong>
          Count every batch on the shelf, in {unit}: each starts at what the record expects; enter 0 for a batch not
          found.
        </strong>
        {detail.batches
          .filter((b) => b.onHand > 0 || b.id in counts)
          .map((batch, index) => (
            <label key={batch.id}>
              {batch.batchNo} (exp. {formatDate(batch.expiry)}), expected {formatQuantity(batch.onHand, unit)}
              <input
                type="number"
                step="any"
                min={0}
                required
                value={counts[batch.id] ?? ''}
                autoFocus={index === 0}
                onChange={(event) => setCounts({ ...counts, [batch.id]: event.target.value })}
              />
            </label>
          ))}
        <fieldset>
          <legend>A batch found that is not on record</legend>
          <label>
            Batch{' '}
            <input
              value={found.batchNo}
              maxLength={20}
              onChange={(event) => setFound({ ...found, batchNo: event.target.value })}
            />
          </label>
          <DateField
            label="Expiry"
            value={found.expiry}
            onChange={(iso) => setFound({ ...found, expiry: iso })}
            required={found.batchNo !== ''}
          />
          <label>
            Counted{' '}
            <input
              type="number"
              step="any"
              min={0}
              value={found.counted}
              onChange={(event) => setFound({ ...found, counted: event.target.value })}
              required={found.batchNo !== ''}
            />
          </label>
        </fieldset>
        <label>
          Note <input value={note} maxLength={500} onChange={(event) => setNote(event.target.value)} />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <div className="actions">
          <button type="submit">Record the count</button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  )
}
