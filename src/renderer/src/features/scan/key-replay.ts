/**
 * Delivers keys that were held back (in case they were a scan) and turned out to be typing,
 * as if they had arrived now: a keydown goes to whatever has the focus (so shortcut handlers
 * still see it, and a key that moved the focus, like "/" to search, sends the next key to the
 * new place), and when no handler cancelled it and the focus is in an editable field, its
 * character is inserted there with the browser's own editing (selection, undo, React's onChange).
 */
import { keyRole, type WedgeKey } from './wedge-detector'

export interface HeldKey extends WedgeKey {
  shiftKey: boolean
}

type TextField = HTMLInputElement | HTMLTextAreaElement

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'email', 'tel', 'url', 'password', 'number'])

function textField(element: Element | null): TextField | null {
  if (element instanceof HTMLTextAreaElement && !element.readOnly && !element.disabled) return element
  if (
    element instanceof HTMLInputElement &&
    TEXT_INPUT_TYPES.has(element.type) &&
    !element.readOnly &&
    !element.disabled
  )
    return element
  return null
}

function isEditable(element: Element | null): boolean {
  return textField(element) !== null || (element instanceof HTMLElement && element.isContentEditable)
}

/** Inserts text at the caret of the focused field, as typing it would. */
export function insertText(doc: Document, text: string): void {
  const active = doc.activeElement
  if (!isEditable(active)) return
  // execCommand is the only way to insert as the user would (input events, undo stack, React).
  if (doc.execCommand('insertText', false, text)) return
  const field = textField(active)
  if (!field) return
  try {
    field.setRangeText(
      text,
      field.selectionStart ?? field.value.length,
      field.selectionEnd ?? field.value.length,
      'end'
    )
  } catch {
    // Input types without a selection API. The prototype's setter, so React's value tracking
    // notices the change when the input event comes.
    const prototype = field instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype
    Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, field.value + text)
  }
  field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }))
}

export function replayKey(doc: Document, key: HeldKey): void {
  const target = doc.activeElement ?? doc.body
  const event = new KeyboardEvent('keydown', {
    key: key.key,
    code: key.code ?? '',
    ctrlKey: key.ctrlKey,
    altKey: key.altKey,
    shiftKey: key.shiftKey,
    metaKey: key.metaKey ?? false,
    bubbles: true,
    cancelable: true,
    composed: true
  })
  const proceed = target.dispatchEvent(event)
  if (proceed && keyRole(key).role === 'char') insertText(doc, key.key)
}
