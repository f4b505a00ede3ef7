import type { ReactNode } from 'react'
import { Tab, TabList, TabPanel, Tabs } from 'react-aria-components'

export interface ScreenTab<T extends string> {
  tab: T
  label: string
}

/**
 * A screen with numbered tabs (registers, dispatch, stock): back to the worklist, then each tab
 * with its number, and the chosen tab's panel. The tabs are react-aria-components' (roles, arrow
 * keys between tabs, focus); the numbers and Escape are the keymap's, in the screen's scope.
 */
export function ScreenTabs<T extends string>({
  label,
  className,
  tabs,
  current,
  pick,
  back,
  children
}: {
  label: string
  className: string
  tabs: readonly ScreenTab<T>[]
  current: T
  pick: (tab: T) => void
  back: () => void
  children: ReactNode
}): React.JSX.Element {
  return (
    <Tabs
      className={className}
      orientation="vertical"
      selectedKey={current}
      onSelectionChange={(key) => pick(String(key) as T)}
    >
      <div className="register-tabs">
        <button onClick={back}>← Worklist (Esc)</button>
        <TabList aria-label={label} className="tab-list">
          {tabs.map((entry, index) => (
            <Tab key={entry.tab} id={entry.tab} className="tab">
              <kbd>{index + 1}</kbd> {entry.label}
            </Tab>
          ))}
        </TabList>
      </div>
      {tabs.map((entry) => (
        <TabPanel key={entry.tab} id={entry.tab} className="registers-body">
          {entry.tab === current ? children : null}
        </TabPanel>
      ))}
    </Tabs>
  )
}
