import { useEffect, useState } from 'react'
import type { ScopeId } from '../../keymap/bindings'
import { useScope } from '../../keymap/keymap'
import { listCommands } from '../../keymap/list-keys'

/** ↑/↓ move through `count` rows (outside a field: date fields use the arrows), Enter picks one; answers the selected index. */
export function useRowSelection(
  count: number,
  pick?: (index: number) => void,
  scope: ScopeId = 'registerRows'
): number {
  const [selected, setSelected] = useState(0)
  useEffect(() => setSelected((index) => Math.min(index, Math.max(0, count - 1))), [count])
  useScope(scope, { keys: listCommands(count, selected, setSelected, pick) })
  return selected
}
