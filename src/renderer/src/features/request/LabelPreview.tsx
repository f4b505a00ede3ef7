import { useEffect, useState } from 'react'
import type { LabelPreview as Preview } from '../../../../shared/contract'
import { call } from '../../api/client'

/** The labels exactly as they will print: main lays them out once, for the preview and the printer. */
export function LabelPreview({ requestId }: { requestId: string }): React.JSX.Element {
  const [labels, setLabels] = useState<{ dispensing: Preview[]; bag: Preview[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    void call('labels.preview', { requestId }).then((answer) => (answer.ok ? setLabels(answer.value) : setError(answer.error.message)))
  }, [requestId])
  if (error) return <p role="alert" className="error">Labels cannot be laid out: {error}</p>
  if (!labels) return <p>Laying out labels…</p>
  const render = (preview: Preview, index: number, kind: string) => (
    <img key={`${kind}-${index}`} className="label-preview" alt={`${kind} label ${index + 1}`}
      style={{ width: `${preview.widthMm * 4}px`, height: `${preview.heightMm * 4}px` }}
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(preview.svg)}`} />
  )
  return (
    <section aria-label="Labels as they will print" className="labels">
      <h2>Labels ({labels.dispensing.length} dispensing, {labels.bag.length} bag)</h2>
      <div className="label-row">{labels.dispensing.map((preview, index) => render(preview, index, 'Dispensing'))}</div>
      <div className="label-row">{labels.bag.map((preview, index) => render(preview, index, 'Bag'))}</div>
    </section>
  )
}
