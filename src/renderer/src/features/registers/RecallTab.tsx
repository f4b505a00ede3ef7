import { DateField } from '../../ui/DateField'
import { useState } from 'react'
import type { BatchRecallOutcome, RecallView } from '@shared/contract'
import type { recallCriteriaSchema } from '@shared/contract/register-calls'
import type { z } from 'zod'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { ExportButtons } from './ExportButtons'
import { formatQuantity } from '@shared/stock/units'
import { useRowSelection } from './useRowSelection'
import { formatDate, formatDateTime } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'
import { RecallBatchDialog } from './RecallBatchDialog'

type Criteria = z.input<typeof recallCriteriaSchema>

/** Bags a page: the busiest batch of a year went into thousands. */
const PAGE = 100

/**
 * Batch recall: every patient a batch went to, by product and batch or by GTIN and expiry range,
 * with the request references; packs assembled but not yet supplied are flagged to be stopped.
 */
export function RecallTab(): React.JSX.Element {
  const open = useSession((state) => state.open)
  const pharmacist = useSession((state) => state.session?.user.roles.includes('pharmacist') ?? false)
  const [recalling, setRecalling] = useState(false)
  const [recalled, setRecalled] = useState<string | null>(null)
  const [mode, setMode] = useState<'batch' | 'gtin'>('batch')
  const [product, setProduct] = useState('')
  const [batchNo, setBatchNo] = useState('')
  const [gtin, setGtin] = useState('')
  const [expiryFrom, setExpiryFrom] = useState('')
  const [expiryTo, setExpiryTo] = useState('')
  const [searched, setSearched] = useState<{ criteria: Criteria; view: RecallView } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const hits = searched?.view.hits ?? []
  const selected = useRowSelection(hits.length, (index) => {
    const hit = hits[index]
    if (hit) open({ name: 'request', id: hit.requestId })
  })

  const show = async (criteria: Criteria, offset: number): Promise<void> => {
    const answer = await call('registers.recall.search', { ...criteria, offset, limit: PAGE })
    if (!answer.ok) return setError(answer.error.message)
    setError(null)
    setSearched({ criteria, view: answer.value })
  }
  const search = (): Promise<void> =>
    show(mode === 'batch' ? { product, ...(batchNo.trim() ? { batchNo } : {}) } : { gtin, expiryFrom, expiryTo }, 0)
  const afterRecall = (outcome: BatchRecallOutcome | null): void => {
    setRecalling(false)
    if (!outcome) return
    setRecalled(outcome.message)
    // The batch's record and who had it, as the search now shows them.
    setMode('batch')
    setProduct(outcome.recall.amppId)
    setBatchNo(outcome.recall.batchNo)
    void show({ product: outcome.recall.amppId, batchNo: outcome.recall.batchNo }, 0)
  }

  return (
    <section aria-label="Batch recall">
      <form
        className="register-filters"
        onSubmit={(event) => {
          event.preventDefault()
          void search()
        }}
      >
        <label>
          Search by
          <select value={mode} onChange={(event) => setMode(event.target.value === 'gtin' ? 'gtin' : 'batch')}>
            <option value="batch">Product and batch</option>
            <option value="gtin">GTIN and expiry range</option>
          </select>
        </label>
        {mode === 'batch' ? (
          <>
            <label>
              Product{' '}
              <input
                value={product}
                placeholder="name or dm+d code"
                onChange={(event) => setProduct(event.target.value)}
              />
            </label>
            <label>
              Batch <input value={batchNo} onChange={(event) => setBatchNo(event.target.value)} />
            </label>
          </>
        ) : (
          <>
            <label>
              GTIN <input value={gtin} inputMode="numeric" onChange={(event) => setGtin(event.target.value)} />
            </label>
            <DateField label="Expiry from" value={expiryFrom} onChange={setExpiryFrom} />
            <DateField label="Expiry to" value={expiryTo} onChange={setExpiryTo} />
          </>
        )}
        <button type="submit">Search (Enter)</button>
        {pharmacist && (
          <button type="button" onClick={() => setRecalling(true)}>
            Recall this batch…
          </button>
        )}
        {searched && (
          <ExportButtons make={(format) => call('registers.recall.export', { criteria: searched.criteria, format })} />
        )}
      </form>
      <ErrorLine>{error}</ErrorLine>
      {recalling && (
        <RecallBatchDialog
          pack={mode === 'batch' ? (/^\d+$/.test(product.trim()) ? product.trim() : '') : gtin.trim()}
          batchNo={mode === 'batch' ? batchNo.trim() : ''}
          onDone={afterRecall}
        />
      )}
      {recalled && (
        <p role="status" className="recall-recorded">
          {recalled}
        </p>
      )}
      {searched?.view.recalls.map((recall) => (
        <section key={recall.id} className="recall-record" aria-label={`Recall of batch ${recall.batchNo}`}>
          <strong>Recalled:</strong> batch <span className="mono">{recall.batchNo}</span> of {recall.packName},{' '}
          {recall.reference}, class {recall.alertClass}; recorded by {recall.recordedBy},{' '}
          {formatDateTime(recall.recordedAt)}
          {recall.note && <> ({recall.note})</>}. Its packs still in the pharmacy are in quarantine.
        </section>
      ))}
      {searched && (
        <p className="recall-summary">
          {searched.view.criteria}: {searched.view.packsMatched} pack{searched.view.packsMatched === 1 ? '' : 's'}{' '}
          matched, {searched.view.bags} supply record{searched.view.bags === 1 ? '' : 's'}
          {searched.view.notYetSupplied > 0 && (
            <strong className="error">
              {' '}
              · {searched.view.notYetSupplied} not yet supplied: stop them (listed first)
            </strong>
          )}
        </p>
      )}
      {searched && searched.view.bags > hits.length && (
        <p className="recall-pages">
          Showing {searched.view.offset + 1}–{searched.view.offset + hits.length} of {searched.view.bags}{' '}
          <button
            disabled={searched.view.offset === 0}
            onClick={() => void show(searched.criteria, Math.max(0, searched.view.offset - PAGE))}
          >
            Previous {PAGE}
          </button>{' '}
          <button
            disabled={searched.view.offset + hits.length >= searched.view.bags}
            onClick={() => void show(searched.criteria, searched.view.offset + PAGE)}
          >
            Next {PAGE}
          </button>
        </p>
      )}
      {searched && (
        <table className="register">
          <thead>
            <tr>
              <th>Status</th>
              <th>Supplied</th>
              <th>Request</th>
              <th>Patient</th>
              <th>Product</th>
              <th>Batch</th>
              <th>Expiry</th>
              <th>Quantity</th>
            </tr>
          </thead>
          <tbody>
            {hits.map((hit, index) => (
              <tr
                key={`${hit.requestId}-${hit.batchNo}-${index}`}
                data-request-id={hit.requestId}
                aria-selected={index === selected}
                className={`${index === selected ? 'selected' : ''} ${hit.status === 'not_yet_supplied' ? 'not-supplied' : ''}`}
                onDoubleClick={() => open({ name: 'request', id: hit.requestId })}
              >
                <td>
                  {hit.status === 'not_yet_supplied' ? (
                    <span className="flag cd" title={hit.warning ?? ''}>
                      Not yet supplied
                    </span>
                  ) : (
                    'Supplied'
                  )}
                </td>
                <td>{hit.suppliedAt ? formatDateTime(hit.suppliedAt) : '—'}</td>
                <td className="mono">{hit.requestId}</td>
                <td>
                  {hit.patientName}
                  <br />
                  <small>{hit.patientAddress}</small>
                </td>
                <td>
                  {hit.productName}
                  <br />
                  <small className="mono">{hit.gtin}</small>
                </td>
                <td className="mono">{hit.batchNo}</td>
                <td>{formatDate(hit.expiry)}</td>
                <td>{formatQuantity(hit.quantity, hit.unit)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {searched && hits.length === 0 && <p className="empty">No patient received a matching pack.</p>}
    </section>
  )
}
