import { useCallback, useEffect, useState } from 'react'
import type { BenchPrinterChoice, BenchPrintingView } from '@shared/contract'
import { call } from '../../api/client'
import { ErrorLine } from '../../ui/FormParts'

/**
 * Where this bench's labels print: the printer the host drives, or the one attached to this bench
 * (printed through its workstation). The host's own screens print on the host's printer.
 */
export function BenchPrinting({ mayChoose }: { mayChoose: boolean }): React.JSX.Element | null {
  const [view, setView] = useState<BenchPrintingView | null>(null)
  const [error, setError] = useState<string | null>(null)

  const load = useCallback(async () => {
    const answer = await call('premises.benchPrinting', {})
    if (answer.ok) setView(answer.value)
    else setError(answer.error.message)
  }, [])
  useEffect(() => void load(), [load])

  async function choose(printer: BenchPrinterChoice): Promise<void> {
    const answer = await call('premises.setBenchPrinter', { printer })
    if (answer.ok) {
      setView(answer.value)
      setError(null)
    } else setError(answer.error.message)
  }

  if (!view || view.isHost) return null
  const hostPrinter = view.hostPrinter ? `the host's printer (${view.hostPrinter})` : "the host's printer (none set up)"
  const benchPrinter = view.benchPrinter ?? `a printer at ${view.bench} (none offered by this workstation now)`
  return (
    <section className="devices-panel" aria-labelledby="bench-printing-title">
      <h2 id="bench-printing-title">Where {view.bench} prints</h2>
      <fieldset disabled={!mayChoose}>
        <legend>Labels asked for at this bench print on</legend>
        <label>
          <input type="radio" checked={view.choice === 'host'} onChange={() => void choose('host')} /> {hostPrinter}
        </label>
        <label>
          <input type="radio" checked={view.choice === 'bench'} onChange={() => void choose('bench')} /> {benchPrinter}
        </label>
      </fieldset>
      {!mayChoose && <p className="note">A pharmacist or an administrator chooses.</p>}
      <ErrorLine>{error}</ErrorLine>
    </section>
  )
}
