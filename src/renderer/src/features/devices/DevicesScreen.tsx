import { useScope } from '../../keymap/keymap'
import { BenchPrinting } from '../premises/BenchPrinting'
import { useCallback, useEffect, useState } from 'react'
import { call, onEvent } from '../../api/client'
import { useSession } from '../../session/session-store'
import { useDevices } from './devices-store'
import { PrinterPanel } from './PrinterPanel'
import { PrintQueue } from './PrintQueue'
import { BaudRateList, ScannerPanel } from './ScannerPanel'
import { ErrorLine } from '../../ui/FormParts'

const PRINT_ROLES = ['administrator', 'pharmacist']
const QUEUE_ROLES = ['pharmacist', 'dispenser', 'accuracy_checker']

/**
 * Devices: serial scanners and their state, the label printer and its status, and the print
 * queue. Keys: T prints a test label; Escape leaves a field, then goes back to the worklist.
 */
export function DevicesScreen(): React.JSX.Element {
  const open = useSession((state) => state.open)
  const roles = useSession((state) => state.session?.user.roles ?? [])
  const { view, error, load, loadPorts } = useDevices()
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null)
  const admin = roles.includes('administrator')
  const mayTest = roles.some((role) => PRINT_ROLES.includes(role))
  const mayAct = roles.some((role) => QUEUE_ROLES.includes(role))
  const configured = view?.printer.configured ?? false

  useEffect(() => {
    void load()
    if (admin) void loadPorts()
  }, [load, loadPorts, admin])
  useEffect(
    () =>
      onEvent((event) => {
        if (event.name === 'devices.changed') useDevices.getState().set(event.payload)
      }),
    []
  )

  const testLabel = useCallback(async () => {
    const answer = await call('print.testLabel', {})
    if (answer.ok) useDevices.getState().putJob(answer.value, null)
    setMessage(
      answer.ok
        ? { text: `Test label queued as job ${answer.value.id}.`, bad: false }
        : { text: answer.error.message, bad: true }
    )
  }, [])

  useScope('devices', {
    keys: {
      back: () => open({ name: 'worklist' }),
      testLabel: () => (mayTest && configured ? void testLabel() : false)
    }
  })

  return (
    <main className="detail devices" aria-label="Devices">
      <header className="detail-header">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        <h1>Devices</h1>
        <button
          onClick={() => {
            void load()
            if (admin) void loadPorts()
          }}
        >
          Look again
        </button>
      </header>
      <ErrorLine>{error}</ErrorLine>
      {message && (
        <p role={message.bad ? 'alert' : 'status'} className={message.bad ? 'error' : 'devices-message'}>
          {message.text}
        </p>
      )}
      {!view ? (
        <p>Loading…</p>
      ) : (
        <div className="devices-grid">
          <PrinterPanel view={view} admin={admin} mayTest={mayTest} onTest={() => void testLabel()} />
          <ScannerPanel view={view} admin={admin} />
          <BenchPrinting mayChoose={mayTest} />
          <PrintQueue
            jobs={view.jobs}
            printer={view.printer}
            mayAct={mayAct}
            onMessage={(text, bad) => setMessage({ text, bad })}
          />
        </div>
      )}
      <BaudRateList />
    </main>
  )
}
