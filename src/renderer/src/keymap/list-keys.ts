import type { KeyHandler } from './keymap'

/** The list commands of the keymap (↓, ↑, Enter) for a list whose selected row is `selected`. */
export function listCommands(
  count: number,
  selected: number,
  select: (index: number) => void,
  pick?: (index: number) => void
): Record<string, KeyHandler> {
  return {
    'list.down': () => select(Math.min(selected + 1, Math.max(0, count - 1))),
    'list.up': () => select(Math.max(selected - 1, 0)),
    'list.open': () => {
      if (!pick || count === 0) return false
      pick(selected)
    }
  }
}
