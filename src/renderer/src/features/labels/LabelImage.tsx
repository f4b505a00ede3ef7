import type { LabelPreview as Preview } from '@shared/contract'

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
