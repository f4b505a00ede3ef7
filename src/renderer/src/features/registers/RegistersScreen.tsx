import { ScreenTabs } from '../../ui/ScreenTabs'
import { useScope } from '../../keymap/keymap'
import { useEffect } from 'react'
import { useSession } from '../../session/session-store'
import { CdTab } from './CdTab'
import { PatientReturnsTab } from './PatientReturnsTab'
import { PomTab } from './PomTab'
import { RecallTab } from './RecallTab'
import { REGISTER_TABS, useRegisters, type RegisterTab } from './registers-store'
import { RpTab } from './RpTab'
import './registers.css'

/**
 * The registers (F10): POM register, CD register, RP record, batch recall, each filterable and
 * exportable as CSV and PDF, and CDs returned by patients (their destruction recorded there). Keys: 1–5 pick a tab (outside a field), ↑/↓ and
 * Enter in a list, Escape leaves a field, then goes back to the worklist.
 */
export function RegistersScreen({ tab: openedOn }: { tab?: RegisterTab }): React.JSX.Element {
  const { tab, setTab } = useRegisters()
  const open = useSession((state) => state.open)

  useEffect(() => {
    if (openedOn) setTab(openedOn)
  }, [openedOn, setTab])
  useScope('registers', {
    keys: {
      back: () => open({ name: 'worklist' }),
      tab: (key) => {
        const picked = REGISTER_TABS[Number(key) - 1]
        if (!picked) return false
        setTab(picked.tab)
      }
    }
  })

  return (
    <main className="registers" aria-label="Registers">
      <ScreenTabs
        label="Registers"
        className="screen-tabs"
        tabs={REGISTER_TABS}
        current={tab}
        pick={setTab}
        back={() => open({ name: 'worklist' })}
      >
        {tab === 'pom' ? (
          <PomTab />
        ) : tab === 'cd' ? (
          <CdTab />
        ) : tab === 'rp' ? (
          <RpTab />
        ) : tab === 'recall' ? (
          <RecallTab />
        ) : (
          <PatientReturnsTab />
        )}
      </ScreenTabs>
    </main>
  )
}
