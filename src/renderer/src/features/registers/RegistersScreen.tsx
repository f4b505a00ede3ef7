import { useEffect } from 'react'
import { useSession } from '../../session/session-store'
import { isTyping } from '../../ui/keys'
import { CdTab } from './CdTab'
import { PomTab } from './PomTab'
import { RecallTab } from './RecallTab'
import { REGISTER_TABS, useRegisters, type RegisterTab } from './registers-store'
import { RpTab } from './RpTab'
import './registers.css'

/**
 * The registers (F10), read-only: POM register, CD register, RP record, batch recall, each
 * filterable and exportable as CSV and PDF. Keys: 1–4 pick a tab (outside a field), ↑/↓ and
 * Enter in a list, Escape leaves a field, then goes back to the worklist.
 */
export function RegistersScreen({ tab: openedOn }: { tab?: RegisterTab }): React.JSX.Element {
  const { tab, setTab } = useRegisters()
  const open = useSession((state) => state.open)

  useEffect(() => {
    if (openedOn) setTab(openedOn)
  }, [openedOn, setTab])
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault()
        if (isTyping(event) && event.target instanceof HTMLElement) event.target.blur()
        else open({ name: 'worklist' })
        return
      }
      if (isTyping(event) || event.ctrlKey || event.altKey || event.metaKey) return
      const picked = REGISTER_TABS[Number(event.key) - 1]
      if (/^[1-4]$/.test(event.key) && picked) {
        event.preventDefault()
        setTab(picked.tab)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open, setTab])

  return (
    <main className="registers" aria-label="Registers">
      <nav className="register-tabs" aria-label="Registers">
        <button onClick={() => open({ name: 'worklist' })}>← Worklist (Esc)</button>
        {REGISTER_TABS.map((entry, index) => (
          <button
            key={entry.tab}
            className={tab === entry.tab ? 'active' : ''}
            aria-current={tab === entry.tab ? 'page' : undefined}
            onClick={() => setTab(entry.tab)}
          >
            <kbd>{index + 1}</kbd> {entry.label}
          </button>
        ))}
      </nav>
      <div className="registers-body">
        {tab === 'pom' ? <PomTab /> : tab === 'cd' ? <CdTab /> : tab === 'rp' ? <RpTab /> : <RecallTab />}
      </div>
    </main>
  )
}
