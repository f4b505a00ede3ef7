/** True while a person is typing in a field: single-key shortcuts must leave the key alone. */
export function isTyping(event: KeyboardEvent): boolean {
  const target = event.target
  return (
    target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
  )
}

/** Moves a list selection with ↑/↓ (also from a search field), Enter picks; answers whether it used the key. */
export function listKeys(
  event: KeyboardEvent,
  count: number,
  selected: number,
  select: (index: number) => void,
  pick: (index: number) => void
): boolean {
  if (event.key === 'ArrowDown') select(Math.min(selected + 1, Math.max(0, count - 1)))
  else if (event.key === 'ArrowUp') select(Math.max(selected - 1, 0))
  else if (event.key === 'Enter' && count > 0 && !(event.target instanceof HTMLButtonElement)) pick(selected)
  else return false
  event.preventDefault()
  return true
}
