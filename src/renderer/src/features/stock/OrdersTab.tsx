import { useScope } from '../../keymap/keymap'
import { Dialog } from '../../ui/Dialog'
import { useState, type FormEvent } from 'react'
import type { OrderLineView } from '@shared/contract'
import { call } from '../../api/client'
import { refreshCall, useCallQuery } from '../../api/queries'
import { useSession } from '../../session/session-store'
import { humanise } from '../../ui/format'
import { useStock } from './stock-store'
import { formatDate, formatDateTime } from '@shared/time/london'
import { ErrorLine } from '../../ui/FormParts'

/** Wholesaler orders: what is still to come, each line's answer and ETA. Keys: H shows delivered and closed orders too. */
export function OrdersTab(): React.JSX.Element {
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const [openOnly, setOpenOnly] = useState(true)
  const read = useCallQuery('stock.orders', { openOnly })
  const orders = read.data ?? null
  const error = read.error?.message ?? null
  const [cancelling, setCancelling] = useState<OrderLineView | null>(null)
  const worker = roles.includes('pharmacist') || roles.includes('dispenser')

  const load = () => refreshCall('stock.orders')
  useScope('stockOrders', { keys: { toggleOpen: () => setOpenOnly((value) => !value) } })

  return (
    <div className="orders">
      <div className="stock-toolbar">
        <button className={openOnly ? 'active' : ''} onClick={() => setOpenOnly(true)}>
          Open orders
        </button>
        <button className={openOnly ? '' : 'active'} onClick={() => setOpenOnly(false)}>
          All recent <kbd>H</kbd>
        </button>
      </div>
      <ErrorLine>{error}</ErrorLine>
      {cancelling && (
        <CancelLine
          line={cancelling}
          onDone={() => {
            setCancelling(null)
            void load()
          }}
        />
      )}
      {orders?.length === 0 && <p className="empty">{openOnly ? 'Nothing is on order.' : 'No orders yet.'}</p>}
      {orders?.map((order) => (
        <section
          key={order.id}
          className={`order ${order.open ? 'open' : 'closed'}`}
          aria-label={`Order ${order.reference}`}
        >
          <h2>
            {order.wholesalerName} · <span className="mono">{order.reference}</span> · {order.eta.words}
            {order.requestId && <span className="for"> for {order.requestId}</span>}
          </h2>
          <p className="meta">
            Placed {formatDateTime(order.placedAt)} by {order.placedBy}, for the {order.cutOff.time} cut-off on{' '}
            {formatDate(order.cutOff.date)}
          </p>
          <table className="stock-table">
            <thead>
              <tr>
                <th>Pack</th>
                <th>PIP</th>
                <th>Answer</th>
                <th className="num">Ordered</th>
                <th className="num">Placed</th>
                <th className="num">Received</th>
                <th className="num">To come</th>
                <th></th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr
                  key={line.id}
                  className={line.status === 'rejected' ? 'refused' : line.outstanding > 0 ? '' : 'done'}
                >
                  <td>
                    <button
                      className="link"
                      onClick={() => useStock.getState().openPack(line.suppliedAmppId ?? line.amppId)}
                    >
                      {line.suppliedPackName ?? line.packName}
                    </button>
                    {line.suppliedAmppId && line.suppliedAmppId !== line.amppId && (
                      <div className="note">instead of {line.packName}</div>
                    )}
                  </td>
                  <td className="mono">{line.pipCode ?? '—'}</td>
                  <td>
                    {humanise(line.status)}
                    {line.reason ? `: ${line.reason}` : ''}
                    {line.cancelled ? ' (cancelled)' : ''}
                    {line.attention && <div className="line-attention">{line.attention}</div>}
                  </td>
                  <td className="num">{line.packsOrdered}</td>
                  <td className="num">{line.packsPlaced}</td>
                  <td className="num">{line.packsReceived}</td>
                  <td className="num strong">{line.outstanding}</td>
                  <td>
                    {worker && line.outstanding > 0 && (
                      <button onClick={() => setCancelling(line)}>Cancel the rest</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </div>
  )
}

function CancelLine({ line, onDone }: { line: OrderLineView; onDone: () => void }): React.JSX.Element {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  async function submit(event: FormEvent): Promise<void> {
    event.preventDefault()
    const answer = await call('stock.cancelOrderLine', { id: line.id, reason })
    if (answer.ok) onDone()
    else setError(answer.error.message)
  }
  return (
    <Dialog label={'Cancel what is still to come'} onClose={() => onDone()}>
      <form onSubmit={(event) => void submit(event)}>
        <strong>
          Cancel the {line.outstanding} pack(s) still to come of {line.packName}
        </strong>
        <label>
          Why{' '}
          <input
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            minLength={3}
            maxLength={500}
            required
            autoFocus
          />
        </label>
        <ErrorLine>{error}</ErrorLine>
        <div className="actions">
          <button type="submit">Cancel the line</button>
          <button type="button" onClick={onDone}>
            Keep it (Esc)
          </button>
        </div>
      </form>
    </Dialog>
  )
}
