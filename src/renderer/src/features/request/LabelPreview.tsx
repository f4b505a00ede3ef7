import { useEffect, useState } from 'react'
import type { LabelPreview as Preview } from '../../../../shared/contract'
import { call, onEvent } from '../../api/client'
import { LabelImage } from '../labels/LabelImage'
import { useLabelStockKey } from '../labels/label-stock'

/** Consecutive previews of the same set, together. */
function bySet(previews: readonly Preview[]): Array<{ set: string; labels: Preview[] }> {
  const sets: Array<{ set: string; labels: Preview[] }> = []
  for (const preview of previews) {
    const last = sets.at(-1)
    if (last && last.set === preview.set) last.labels.push(preview)
    else sets.push({ set: preview.set, labels: [preview] })
  }
  return sets
}

/**
 * The labels exactly as they will print: main lays them out once, for the preview and the printer.
 * One set per pack dispensed (before the packs are scanned, one per line). The bag labels and the
 * dispatch note are the packing's, for the parcels it was (or will be) packed in and the carrier
 * it goes by.
 */
export function LabelPreview({ requestId, stage }: { requestId: string; stage: string }): React.JSX.Element {
  const [dispensing, setDispensing] = useState<Preview[] | null>(null)
  const [packing, setPacking] = useState<{ bag: Preview[]; note: Preview[] } | null>(null)
  const [packingError, setPackingError] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const stockKey = useLabelStockKey()
  // A flag settled (wording chosen, text confirmed) changes what prints: laid out again.
  const [changes, setChanges] = useState(0)
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === 'worklist.changed' && event.payload.requestIds.includes(requestId)) setChanges((n) => n + 1)
      }),
    [requestId]
  )
  useEffect(() => {
    void call('labels.preview', { requestId }).then((answer) => {
      if (answer.ok) {
        setDispensing(answer.value.dispensing)
        setError(null)
      } else setError(answer.error.message)
    })
    // Not every role may see the packing (administrators do not pack): then only the dispensing labels show.
    void call('dispatch.shipment', { id: requestId }).then(async (shipment) => {
      const answer = await call('dispatch.packingPreview', {
        id: requestId,
        parcels: shipment.ok ? (shipment.value.parcels ?? 1) : 1
      })
      setPacking(answer.ok ? answer.value : null)
      // A bag label that cannot be one label says so here, before anyone tries to pack.
      setPackingError(!answer.ok && answer.error.code === 'precondition_failed' ? answer.error.message : null)
    })
  }, [requestId, stage, stockKey, changes])
  if (error)
    return (
      <p role="alert" className="error">
        Labels cannot be laid out: {error}
      </p>
    )
  if (!dispensing) return <p>Laying out labels…</p>
  const sets = bySet(dispensing)
  return (
    <section aria-label="Labels as they will print" className="labels">
      <h2>
        Labels ({dispensing.length} dispensing in {sets.length} set{sets.length === 1 ? '' : 's'}
        {packing ? `, ${packing.bag.length} bag, ${packing.note.length} dispatch note` : ''})
      </h2>
      {sets.map((set) => (
        <figure key={set.set} className="label-set" aria-label={`Label set: ${set.set}`}>
          <figcaption>{set.set}</figcaption>
          <div className="label-row">
            {set.labels.map((preview, index) => (
              <LabelImage
                key={index}
                preview={preview}
                alt={`Dispensing label ${index + 1} of ${set.labels.length}, ${set.set}`}
              />
            ))}
          </div>
        </figure>
      ))}
      {packingError && (
        <p role="alert" className="error">
          Packing: {packingError}
        </p>
      )}
      {packing && (
        <div className="label-row">
          {packing.bag.map((preview, index) => (
            <LabelImage key={`bag-${index}`} preview={preview} alt={`Bag label ${index + 1}`} />
          ))}
          {packing.note.map((preview, index) => (
            <LabelImage key={`note-${index}`} preview={preview} alt={`Dispatch note ${index + 1}`} />
          ))}
        </div>
      )}
    </section>
  )
}
