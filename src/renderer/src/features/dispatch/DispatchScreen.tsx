import { useCallback, useMemo } from 'react'
import { useSession } from '../../session/session-store'
import { useScope } from '../../keymap/keymap'
import { ScreenTabs } from '../../ui/ScreenTabs'
import { CarriersTab } from './CarriersTab'
import { DISPATCH_TABS, useDispatch } from './dispatch-store'
import { ManifestsTab } from './ManifestsTab'
import { OutcomesTab } from './OutcomesTab'
import '../registers/registers.css'
import './dispatch.css'

/**
 * Dispatch (F3): the day's manifests per carrier, carriers' outcome files, the carriers'
 * services. Keys: 1–3 pick a tab (outside a field), Escape leaves a field, then goes back to
 * the worklist. Manifests and outcomes are the staff's; an administrator sees the carriers.
 */
export function DispatchScreen(): React.JSX.Element {
  const { tab, setTab } = useDispatch()
  const open = useSession((state) => state.open)
  const staff = useSession((state) => state.session?.user.roles.some((role) => role !== 'administrator') ?? false)
  const tabs = useMemo(() => DISPATCH_TABS.filter((entry) => staff || entry.tab === 'carriers'), [staff])
  const shown = tabs.some((entry) => entry.tab === tab) ? tab : 'carriers'
  const back = useCallback(() => open({ name: 'worklist' }), [open])
  useScope('dispatch', {
    keys: {
      back,
      tab: (key) => {
        const picked = tabs[Number(key) - 1]
        if (!picked) return false
        setTab(picked.tab)
      }
    }
  })

  return (
    <main className="registers dispatch" aria-label="Dispatch">
      <ScreenTabs label="Dispatch" className="screen-tabs" tabs={tabs} current={shown} pick={setTab} back={back}>
        {shown === 'manifests' ? <ManifestsTab /> : shown === 'outcomes' ? <OutcomesTab /> : <CarriersTab />}
      </ScreenTabs>
    </main>
  )
}
