import { useRef, useState } from 'react'
import { call } from '../../api/client'
import { useSession } from '../../session/session-store'
import { useDispatch, type OutcomeImport } from './dispatch-store'
import { describeLine, isProblem, problemsFirst, reportSummary } from './outcome-report'

/**
 * A carrier's tracking export (CSV), chosen or dropped here, goes to main whole; main records
 * what it can and reports every line. Problems are listed first.
 */
export function OutcomesTab(): React.JSX.Element {
  const { imports, addImport } = useDispatch()
  const [busy, setBusy] = useState(false)
  const [dragging, setDragging] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  const importFiles = async (files: readonly File[]): Promise<void> => {
    setBusy(true)
    // One after another, so each file's report reads against what the one before recorded.
    for (const file of files) {
      const answer = await call('dispatch.importOutcomes', { fileName: file.name, csv: await file.text() })
      addImport(
        answer.ok ? { fileName: file.name, report: answer.value } : { fileName: file.name, error: answer.error }
      )
    }
    setBusy(false)
  }

  return (
    <section aria-label="Carrier outcomes">
      <div
        className={`drop-zone ${dragging ? 'dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault()
          setDragging(false)
          void importFiles([...event.dataTransfer.files])
        }}
      >
        <label>
          Carrier CSV file (delivered and returned parcels)
          <input
            ref={input}
            type="file"
            accept=".csv,text/csv,text/plain"
            multiple
            autoFocus
            disabled={busy}
            onChange={(event) => {
              const files = [...(event.target.files ?? [])]
              // Cleared so the same file can be chosen again (it then reports "already recorded").
              event.target.value = ''
              void importFiles(files)
            }}
          />
        </label>
        <p className="note">
          or drop the file here. Columns read: tracking number, status, date (27/11/2026 14:05 is London time).
        </p>
        {busy && <p role="status">Importing…</p>}
      </div>
      {imports.map((result, index) => (
        <ImportResult key={imports.length - index} result={result} />
      ))}
    </section>
  )
}

function ImportResult({ result }: { result: OutcomeImport }): React.JSX.Element {
  const open = useSession((state) => state.open)
  if ('error' in result) {
    return (
      <section className="outcome-report refused" aria-label={`Import of ${result.fileName}`}>
        <h2>{result.fileName}: not imported</h2>
        <p role="alert" className="error">
          {result.error.message}
        </p>
      </section>
    )
  }
  const { lines } = result.report
  const problems = lines.filter(isProblem).length
  return (
    <section
      className={`outcome-report ${problems > 0 ? 'has-problems' : ''}`}
      aria-label={`Import of ${result.fileName}`}
    >
      <h2>{result.fileName}</h2>
      <p className={problems > 0 ? 'error' : 'outcome-ok'} role={problems > 0 ? 'alert' : 'status'}>
        {reportSummary(lines)}
      </p>
      {lines.length === 0 ? (
        <p className="empty">The file has a header and no lines.</p>
      ) : (
        <table className="register">
          <thead>
            <tr>
              <th>Line</th>
              <th>Tracking number</th>
              <th>Result</th>
              <th>What it means</th>
            </tr>
          </thead>
          <tbody>
            {problemsFirst(lines).map((line) => {
              const { result: label, detail } = describeLine(line)
              const requestId = 'requestId' in line ? line.requestId : null
              return (
                <tr
                  key={line.line}
                  className={`outcome-${line.result} ${isProblem(line) ? 'problem' : ''}`}
                  data-result={line.result}
                >
                  <td>{line.line}</td>
                  <td className="mono">{line.trackingNumber ?? '—'}</td>
                  <td className="outcome-result">{label}</td>
                  <td>
                    {detail}
                    {requestId && (
                      <>
                        {' '}
                        <button type="button" className="link" onClick={() => open({ name: 'request', id: requestId })}>
                          Open {requestId}
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
    </section>
  )
}
