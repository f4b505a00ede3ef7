import { useEffect, useRef, useState } from 'react'
import type { StockLevelRow } from '../../../../shared/contract'
import { call } from '../../api/client'
import { Dialog } from '../../ui/Dialog'

type Answer = { ok: boolean; error?: { message: string } }

/**
 * Matching a prescribed product the catalogue does not know: search the catalogue by name, dm+d
 * code, PIP or GTIN (typed, or a pack scanned: it finds that pack), then propose the pack's
 * product (this brand) or its generic (any brand). A pharmacist confirms the match; it is then
 * remembered for later requests.
 */
export function ProductMatchDialog({
  flagId,
  onClose
}: {
  flagId: number
  onClose: (answer: Answer | null) => void
}): React.JSX.Element {
  const [search, setSearch] = useState('')
  const [rows, setRows] = useState<StockLevelRow[]>([])
  const [error, setError] = useState<string | null>(null)
  const field = useRef<HTMLInputElement>(null)
  useEffect(() => field.current?.focus(), [])
  useEffect(() => {
    if (search.trim().length < 2) return setRows([])
    let current = true
    void call('stock.levels', { search, filter: 'all', limit: 20, offset: 0 }).then((answer) => {
      if (!current) return
      if (answer.ok) setRows(answer.value.rows)
      else setError(answer.error.message)
    })
    return () => {
      current = false
    }
  }, [search])

  async function propose(dmdId: string): Promise<void> {
    const answer = await call('flags.proposeMatch', { id: flagId, dmdId })
    if (!answer.ok) return setError(answer.error.message)
    onClose(answer)
  }

  return (
    <Dialog
      label="Match a product"
      wide
      onClose={() => onClose(null)}
      scan={(scan) => {
        if (!scan.pack) return false
        setSearch(scan.pack.amppId)
        return true
      }}
    >
      <h2>Match a product from the catalogue</h2>
      <label>
        Name, dm+d code, PIP or GTIN
        <input ref={field} value={search} onChange={(event) => setSearch(event.target.value)} />
      </label>
      <table>
        <tbody>
          {rows.map((row) => (
            <tr key={row.amppId}>
              <td>
                {row.packName}
                <br />
                <small>
                  {row.productName} · {row.available} available
                </small>
              </td>
              <td>
                <button onClick={() => void propose(row.ampId)}>This product</button>{' '}
                <button onClick={() => void propose(row.vmpId)}>Any brand (generic)</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {search.trim().length >= 2 && rows.length === 0 && <p>Nothing in the catalogue matches.</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <button type="button" onClick={() => onClose(null)}>
        Cancel (Esc)
      </button>
    </Dialog>
  )
}
