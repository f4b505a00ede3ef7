import { DateField } from '../../ui/DateField'
import { useScope } from '../../keymap/keymap'
import { Dialog } from '../../ui/Dialog'
import { useState, type FormEvent } from 'react'
import type { SupplyIssueSource, SupplyIssueView } from '@shared/contract'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { formatDate, formatDateTime } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

const SOURCES: Array<{ source: SupplyIssueSource; label: string }> = [
  { source: 'msn', label: 'Medicine Supply Notification' },
  { source: 'ssp', label: 'Serious Shortage Protocol' },
  { source: 'manufacturer', label: 'Manufacturer' },
  { source: 'wholesaler', label: 'Wholesaler' },
  { source: 'other', label: 'Other' }
]

const SOURCE_LABELS: Record<SupplyIssueSource, string> = {
  msn: 'MSN',
  ssp: 'SSP',
  manufacturer: 'Manufacturer',
  wholesaler: 'Wholesaler',
  other: 'Other'
}

/** Products that cannot be had, and when they are expected back. Keys: R raise one, H include resolved. */
export function SupplyIssuesTab(): React.JSX.Element {
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const worker = roles.includes('pharmacist') || roles.includes('dispenser')
  const [activeOnly, setActiveOnly] = useState(true)
  const read = useCallQuery('stock.supplyIssues', { activeOnly })
  const issues = read.data ?? null
  const [raising, setRaising] = useState(false)
  const [said, setMessage] = useState<string | null>(null)
  const message = said ?? read.error?.message ?? null
  const load = () => refreshCall('stock.supplyIssues')
  useScope('supplyIssues', {
    keys: { raise: () => (raising ? false : setRaising(true)), toggleActive: () => setActiveOnly((value) => !value) }
  })

  async function resolve(issue: SupplyIssueView): Promise<void> {
    const answer = await call('stock.resolveSupplyIssue', { id: issue.id })
    setMessage(
      answer.ok
        ? `${issue.productName}: supply issue resolved. Requests waiting for it move on when stock is booked in.`
        : answer.error.message
    )
    await load()
  }

  return (
    <div className="supply-issues">
      <div className="stock-toolbar">
        {worker && (
          <button onClick={() => setRaising(true)}>
            Raise a supply issue <kbd>R</kbd>
          </button>
        )}
        <button className={activeOnly ? '' : 'active'} onClick={() => setActiveOnly(!activeOnly)}>
          Include resolved <kbd>H</kbd>
        </button>
      </div>
      {message && <p role="status">{message}</p>}
      {raising && (
        <RaiseForm
          onDone={(text) => {
            setRaising(false)
            if (text) setMessage(text)
            void load()
          }}
        />
      )}
      <table className="stock-table">
        <thead>
          <tr>
            <th>Product</th>
            <th>Source</th>
            <th>Reason</th>
            <th>Expected back</th>
            <th>Raised</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          {(issues ?? []).map((issue) => (
            <tr key={issue.id} className={issue.active ? '' : 'done'}>
              <td>
                {issue.productName} <span className="mono">{issue.dmdId}</span>
              </td>
              <td>
                {SOURCE_LABELS[issue.source]}
                {issue.reference ? ` · ${issue.reference}` : ''}
              </td>
              <td>{issue.reason}</td>
              <td>{issue.expectedReturn ? formatDate(issue.expectedReturn) : 'Unknown'}</td>
              <td>
                {formatDateTime(issue.raisedAt)} by {issue.raisedBy}
                {issue.resolvedAt ? `; resolved ${formatDateTime(issue.resolvedAt)} by ${issue.resolvedBy ?? ''}` : ''}
              </td>
              <td>{worker && issue.active && <button onClick={() => void resolve(issue)}>Resolved</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {issues?.length === 0 && <p className="empty">No supply issues.</p>}
    </div>
  )
}

function RaiseForm({ onDone }: { onDone: (message: string | null) => void }): React.JSX.Element {
  const [dmdId, setDmdId] = useState('')
  const [source, setSource] = useState<SupplyIssueSource>('msn')
  const [reference, setReference] = useState('')
  const [reason, setReason] = useState('')
  const [expectedReturn, setExpectedReturn] = useState('')
  const [error, setError] = useState<string | null>(null)
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('stock.raiseSupplyIssue', {
      dmdId: dmdId.trim(),
      source,
      reference: reference.trim() || null,
      reason,
      expectedReturn: expectedReturn || null
    })
    if (answer.ok) onDone(`${answer.value.productName}: supply issue raised.`)
    else setError(answer.error.message)
  }
  return (
    <Dialog label={'Record a supply issue'} onClose={() => onDone(null)}>
      <form onSubmit={(event) => void submit(event)}>
        <label>
          dm+d code of the product (VMP: all suppliers; AMP: one supplier's)
          <input
            className="mono"
            value={dmdId}
            onChange={(event) => setDmdId(event.target.value)}
            pattern="\d{6,20}"
            required
            autoFocus
          />
        </label>
        <label>
          Source
          <select value={source} onChange={(event) => setSource(event.target.value as SupplyIssueSource)}>
            {SOURCES.map((s) => (
              <option key={s.source} value={s.source}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Reference (e.g. MSN/2026/045){' '}
          <input value={reference} maxLength={120} onChange={(event) => setReference(event.target.value)} />
        </label>
        <label>
          Reason{' '}
          <input
            value={reason}
            minLength={3}
            maxLength={2000}
            onChange={(event) => setReason(event.target.value)}
            required
          />
        </label>
        <DateField label="Expected back (leave empty if unknown)" value={expectedReturn} onChange={setExpectedReturn} />
        <ErrorLine>{error}</ErrorLine>
        <div className="actions">
          <button type="submit">Raise</button>
          <button type="button" onClick={() => onDone(null)}>
            Cancel (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  )
}
