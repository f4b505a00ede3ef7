import { useState } from 'react'
import type { ExportedFile } from '@shared/contract'
import type { CallResponse } from '@shared/errors'
import { download } from './download'

/** "Export CSV" and "Export PDF": asks main for the file and saves it, or says why not. */
export function ExportButtons({
  make,
  disabled = false
}: {
  make: (format: 'csv' | 'pdf') => Promise<CallResponse<ExportedFile>>
  disabled?: boolean
}): React.JSX.Element {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const run = async (format: 'csv' | 'pdf'): Promise<void> => {
    setBusy(true)
    const answer = await make(format)
    setBusy(false)
    if (!answer.ok) return setError(answer.error.message)
    setError(null)
    download(answer.value)
  }
  return (
    <span className="export-buttons">
      <button type="button" disabled={disabled || busy} onClick={() => void run('csv')}>
        Export CSV
      </button>
      <button type="button" disabled={disabled || busy} onClick={() => void run('pdf')}>
        Export PDF
      </button>
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </span>
  )
}
