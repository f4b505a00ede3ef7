import { useEffect, useRef, useState } from 'react'
import { call } from '../../api/client'
import { useCallQuery } from '../../api/queries'
import { Dialog } from '../../ui/Dialog'
import { ErrorLine } from '../../ui/FormParts'

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
  const searching = search.trim().length >= 2
  const found = useCallQuery('stock.levels', { search, filter: 'all', limit: 20, offset: 0 }, { enabled: searching })
  const rows = searching ? (found.data?.rows ?? []) : []
  const [refused, setError] = useState<string | null>(null)
  const error = refused ?? found.error?.message ?? null
  const field = useRef<HTMLInputElement>(null)
  useEffect(() => field.current?.focus(), [])

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
      <ErrorLine>{error}</ErrorLine>
      <button type="button" onClick={() => onClose(null)}>
        Cancel (Esc)
      </button>
    </Dialog>
  )
}
