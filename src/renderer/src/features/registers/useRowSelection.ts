import { useEffect, useState } from 'react'
import { isTyping } from '../../ui/keys'

/** ↑/↓ move through a register's rows (outside a field: date fields use the arrows), Enter picks one. */
export function useRowSelection(count: number, pick?: (index: number) => void): number {
  const [selected, setSelected] = useState(0)
  useEffect(() => setSelected((index) => Math.min(index, Math.max(0, count - 1))), [count])
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (isTyping(event) || event.target instanceof HTMLButtonElement) return
      if (event.key === 'ArrowDown') setSelected((index) => Math.min(index + 1, Math.max(0, count - 1)))
      else if (event.key === 'ArrowUp') setSelected((index) => Math.max(index - 1, 0))
      else if (event.key === 'Enter' && pick && count > 0) pick(selected)
      else return
      event.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [count, pick, selected])
  return selected
}
