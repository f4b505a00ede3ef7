import { useCallQuery } from '../../api/queries'
import { formatDateTime } from '@shared/time/london'
import { formatQuantity } from '@shared/stock/units'

const OUTCOME_WORDS: Record<string, string> = {
  in_stock: 'In stock, reserved',
  ordered: 'Ordered',
  supply_issue: 'Supply issue',
  unknown_product: 'Could not be checked'
}

/**
 * The stock check's reasons, line by line: what to pick (first expiry first), from where and how
 * ("20 of 28 from an opened pack"), a batch that runs out before the course does, the wholesaler
 * order and when it comes, what the check said of the line (a batch reserved before released: it
 * no longer lasts the course), and a supply issue's reason: what the counter found, in words.
 */
export function StockReasons({ requestId }: { requestId: string }): React.JSX.Element | null {
  const view = useCallQuery('stock.request', { id: requestId }).data ?? null
  if (!view || view.checkedAt === null) return null
  return (
    <section className="stock-reasons" aria-label="Stock">
      <h2>Stock (checked {formatDateTime(view.checkedAt)})</h2>
      <ol>
        {view.lines.map((line) => (
          <li key={line.lineId} data-line-id={line.lineId}>
            <p>
              <strong>
                {line.lineId} {line.prescribedName}
              </strong>
              : {line.outcome ? (OUTCOME_WORDS[line.outcome] ?? line.outcome) : 'not checked'}
              {line.outcome === 'in_stock' ? ` (${formatQuantity(line.reserved, line.unit)})` : ''}
            </p>
            {line.matchedTo && <p>Dispensed as {line.matchedTo}, the product a pharmacist matched.</p>}
            {line.picks.length > 0 && (
              <table className="picks">
                <thead>
                  <tr>
                    <th>Pick</th>
                    <th>Batch</th>
                    <th>Expires</th>
                    <th>Where</th>
                  </tr>
                </thead>
                <tbody>
                  {line.picks.map((pick) => (
                    <tr key={pick.batchId}>
                      <td>
                        {pick.packWords}
                        <br />
                        <small>{pick.packName}</small>
                      </td>
                      <td className="mono">{pick.batchNo}</td>
                      <td>{pick.expiryWords}</td>
                      <td>{pick.location}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {line.orders.map((order) => (
              <p key={order}>{order}</p>
            ))}
            {line.outcome === 'ordered' && line.orders.length === 0 && line.eta && <p>Expected {line.eta.words}.</p>}
            {line.outcome !== 'supply_issue' && line.reason && <p>{line.reason}</p>}
            {line.outcome === 'supply_issue' && line.reason && (
              <p>
                Supply issue: {line.reason}
                {line.eta ? ` (${line.eta.words})` : ''}
              </p>
            )}
            {line.warnings.map((warning) => (
              <p key={warning} role="alert" className="warning">
                {warning}
              </p>
            ))}
          </li>
        ))}
      </ol>
    </section>
  )
}
