import { useEffect, useState } from 'react'
import type { LabelPreview as Preview } from '../../../../shared/contract'
import { call, onEvent } from '../../api/client'

/**
 * The labels exactly as they will print: main lays them out once, for the preview and the printer.
 * The bag labels and the dispatch note are the packing's, for the parcels it was (or will be)
 * packed in and the carrier it goes by.
 */
export function LabelPreview({ requestId, stage }: { requestId: string; stage: string }): React.JSX.Element {
  const [dispensing, setDispensing] = useState<Preview[] | null>(null)
  const [packing, setPacking] = useState<{ bag: Preview[]; note: Preview[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
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
      setError(answer.ok ? null : answer.error.message)
      if (answer.ok) setDispensing(answer.value.dispensing)
    })
    // Not every role may see the packing (administrators do not pack): then only the dispensing labels show.
    void call('dispatch.shipment', { id: requestId }).then(async (shipment) => {
      const answer = await call('dispatch.packingPreview', {
        id: requestId,
        parcels: shipment.ok ? (shipment.value.parcels ?? 1) : 1
      })
      setPacking(answer.ok ? answer.value : null)
    })
  }, [requestId, stage, changes])
  if (error)
    return (
      <p role="alert" className="error">
        Labels cannot be laid out: {error}
      </p>
    )
  if (!dispensing) return <p>Laying out labels…</p>
  return (
    <section aria-label="Labels as they will print" className="labels">
      <h2>
        Labels ({dispensing.length} dispensing
        {packing ? `, ${packing.bag.length} bag, ${packing.note.length} dispatch note` : ''})
      </h2>
      <div className="label-row">
        {dispensing.map((preview, index) => (
          <LabelImage key={index} preview={preview} alt={`Dispensing label ${index + 1}`} />
        ))}
      </div>
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

/** One laid-out label, drawn from the same SVG the printer's job was made from. */
export function LabelImage({ preview, alt }: { preview: Preview; alt: string }): React.JSX.Element {
  return (
    <img
      className="label-preview"
      alt={alt}
      style={{ width: `${preview.widthMm * 4}px`, height: `${preview.heightMm * 4}px` }}
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}`}
    />
  )
}
