import type { LabelPreview as Preview } from '@shared/contract'
import { useCallQuery } from '../../api/queries'
import { LabelImage } from '../labels/LabelImage'

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
export function LabelPreview({ requestId }: { requestId: string }): React.JSX.Element {
  // Laid out again whenever the request changes (a flag settled changes what prints) or the label
  // stock does: the query layer hears both.
  const preview = useCallQuery('labels.preview', { requestId })
  const dispensing = preview.data?.dispensing ?? null
  const error = preview.error?.message ?? null
  // Not every role may see the packing (administrators do not pack): then only the dispensing labels show.
  const shipment = useCallQuery('dispatch.shipment', { id: requestId })
  const packingQuery = useCallQuery(
    'dispatch.packingPreview',
    { id: requestId, parcels: shipment.data?.parcels ?? 1 },
    { enabled: !shipment.isPending }
  )
  const packing = packingQuery.data ?? null
  // A bag label that cannot be one label says so here, before anyone tries to pack.
  const packingError = packingQuery.error?.code === 'precondition_failed' ? packingQuery.error.message : null
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
