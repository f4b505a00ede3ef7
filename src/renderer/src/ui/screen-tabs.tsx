import { useEffect } from 'react'
import { isTyping } from './keys'

export interface ScreenTab<T extends string> {
  tab: T
  label: string
}

/** Typing in a field; a file chooser or a tick box takes no letters, so the screen's keys still work there. */
function typingIn(event: KeyboardEvent): boolean {
  const target = event.target
  return isTyping(event) && !(target instanceof HTMLInputElement && ['file', 'checkbox', 'radio'].includes(target.type))
}

/**
 * The keys of a screen with numbered tabs: 1–9 pick a tab (outside a field), Escape leaves a
 * field first, then goes back.
 */
export function useScreenTabKeys<T extends string>(
  tabs: readonly ScreenTab<T>[],
  pick: (tab: T) => void,
  back: () => void
): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        event.preventDefault()
        if (typingIn(event) && event.target instanceof HTMLElement) event.target.blur()
        else back()
        return
      }
      if (typingIn(event) || event.ctrlKey || event.altKey || event.metaKey || !/^[1-9]$/.test(event.key)) return
      const picked = tabs[Number(event.key) - 1]
      if (!picked) return
      event.preventDefault()
      pick(picked.tab)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [tabs, pick, back])
}

/** The side bar of such a screen: back, then each tab with its number. */
export function ScreenTabNav<T extends string>({
  label,
  tabs,
  current,
  pick,
  back
}: {
  label: string
  tabs: readonly ScreenTab<T>[]
  current: T
  pick: (tab: T) => void
  back: () => void
}): React.JSX.Element {
  return (
    <nav className="register-tabs" aria-label={label}>
      <button onClick={back}>← Worklist (Esc)</button>
      {tabs.map((entry, index) => (
        <button
          key={entry.tab}
          className={current === entry.tab ? 'active' : ''}
          aria-current={current === entry.tab ? 'page' : undefined}
          onClick={() => pick(entry.tab)}
        >
          <kbd>{index + 1}</kbd> {entry.label}
        </button>
      ))}
    </nav>
  )
}
