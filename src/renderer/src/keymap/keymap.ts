/**
 * The one keydown listener and the scopes it dispatches to. A screen, a part of a screen or a
 * dialog opens its scope with `useScope(scope, { keys, scan })` while it is shown; the listener
 * looks the key up in the table (bindings.ts) for the open scopes, innermost first, and runs the
 * first command a scope answers. Scans go the same way: the innermost scope that takes a scan
 * gets it, and on the sign-in and lock screens scans stay in this window (never typed, never a PIN).
 */
import { useEffect, useLayoutEffect, useRef } from 'react'
import { create } from 'zustand'
import type { ScanView } from '@shared/contract/device-views'
import type { Role } from '@shared/roles'
import type { ScopeId } from './bindings'
import { resolveKey, routeToScopes, type OpenScope } from './resolve'

/** Runs a command; false when it does not apply just now, so the key goes on to the scope outside. */
export type KeyHandler = (key: string) => boolean | void

export interface ScopeHandlers {
  /** By command, as the table names them for this scope. */
  keys?: Record<string, KeyHandler>
  /** A scan main has read (keyboard or serial scanner); true when taken here. */
  scan?(scan: ScanView, raw: string): boolean
  /** Scans while no one is signed in: kept in this window, never sent to main nor typed into a field. */
  localScan?(raw: string): void
}

interface Registration extends OpenScope {
  handlers(): ScopeHandlers
}

/** The scopes open now, for the listener and the help overlay. */
export const useOpenScopes = create<{ open: readonly Registration[] }>(() => ({ open: [] }))
let opened = 0

/** Opens `scope` while the component is shown (and `active`); the handlers may change every render. */
export function useScope(scope: ScopeId, handlers: ScopeHandlers, active = true): void {
  const latest = useRef(handlers)
  useLayoutEffect(() => {
    latest.current = handlers
  })
  useEffect(() => {
    if (!active) return
    opened += 1
    const registration: Registration = { scope, order: opened, handlers: () => latest.current }
    useOpenScopes.setState((state) => ({ open: [...state.open, registration] }))
    return () => useOpenScopes.setState((state) => ({ open: state.open.filter((entry) => entry !== registration) }))
  }, [scope, active])
}

const NOT_TEXT = new Set(['checkbox', 'radio', 'file', 'button', 'submit', 'reset', 'range', 'color', 'image'])

/** Where letters and digits are text: a text input, a text area, a select, an editable element. */
function isTextEntry(target: EventTarget | null): boolean {
  if (target instanceof HTMLInputElement) return !NOT_TEXT.has(target.type)
  return (
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLElement && target.isContentEditable)
  )
}

/** A focused control whose own Enter and Space must stay its own (a button, a link, a tick box). */
function isControl(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLButtonElement ||
    target instanceof HTMLAnchorElement ||
    (target instanceof HTMLInputElement && NOT_TEXT.has(target.type))
  )
}

/** Attaches the listener; `roles` says who is signed in now. Call once, for the window. */
export function attachKeymap(win: Window, roles: () => readonly Role[]): () => void {
  const onKey = (event: KeyboardEvent): void => {
    if (event.defaultPrevented || event.isComposing) return
    const inField = isTextEntry(event.target)
    const onControl = isControl(event.target) && (event.key === 'Enter' || event.key === ' ')
    const ran = resolveKey(
      useOpenScopes.getState().open,
      { key: event.key, ctrl: event.ctrlKey, alt: event.altKey, meta: event.metaKey, inField },
      roles(),
      (entry, binding) => {
        if (onControl && !binding.inFields) return false
        const handler = entry.handlers().keys?.[binding.command]
        return handler ? handler(event.key) !== false : false
      }
    )
    if (ran) event.preventDefault()
    else if (event.key === 'Enter' && event.target instanceof HTMLSelectElement && event.target.form) {
      // A drop-down swallows Enter; in a form it sends, as Enter in a text field does (the ⏎ on its button).
      event.preventDefault()
      event.target.form.requestSubmit()
    } else if (event.key === 'Escape' && inField && event.target instanceof HTMLElement) {
      // Escape leaves a field first; the next Escape goes back.
      event.preventDefault()
      event.target.blur()
    }
  }
  win.addEventListener('keydown', onKey)
  return () => win.removeEventListener('keydown', onKey)
}

/** A scan main has read, to the innermost scope that takes it; false when none did. */
export function routeScan(scan: ScanView, raw: string): boolean {
  return routeToScopes(useOpenScopes.getState().open, (entry) => entry.handlers().scan?.(scan, raw) ?? false)
}

/**
 * A keyboard scan that must stay in this window (the innermost scope that takes scans takes them
 * locally: the sign-in and lock screens); false when it is for main to read.
 */
export function routeLocalScan(raw: string): boolean {
  let local = false
  routeToScopes(useOpenScopes.getState().open, (entry) => {
    const handlers = entry.handlers()
    if (handlers.localScan) {
      handlers.localScan(raw)
      local = true
    }
    return handlers.localScan !== undefined || handlers.scan !== undefined
  })
  return local
}
