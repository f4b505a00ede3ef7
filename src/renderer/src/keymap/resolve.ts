/**
 * What a key press or a scan goes to, given the scopes open now: pure, so that the rules can be
 * tested without a page. The innermost scope is tried first; an open dialog hides the screens
 * behind it (the app's keys still work); a scope answers only the commands its owner registered.
 */
import type { Role } from '@shared/roles'
import { BINDINGS, SCOPES, scopeDepth, type Binding, type ScopeId } from './bindings'

export interface KeyPress {
  key: string
  ctrl: boolean
  alt: boolean
  meta: boolean
  /** The focus is in a text field, where letters and digits are text. */
  inField: boolean
}

/** An open scope: which scope, and when it opened (later is inner among equals). */
export interface OpenScope {
  scope: ScopeId
  order: number
}

/** Innermost first; the screens behind an open dialog are left out. */
export function innermostFirst<T extends OpenScope>(open: readonly T[]): T[] {
  const sorted = [...open].sort((a, b) => scopeDepth(b.scope) - scopeDepth(a.scope) || b.order - a.order)
  const dialogOpen = sorted.some((entry) => SCOPES[entry.scope].kind === 'dialog')
  return dialogOpen ? sorted.filter((entry) => SCOPES[entry.scope].kind !== 'screen') : sorted
}

const isFunctionKey = (key: string): boolean => /^F\d{1,2}$/.test(key)

function keyMatches(spec: string, press: KeyPress): boolean {
  if (press.ctrl || press.alt || press.meta) return false
  if (spec === '1-9') return /^[1-9]$/.test(press.key)
  return spec === press.key
}

function mayUse(binding: Binding, roles: readonly Role[]): boolean {
  return !binding.who || binding.who.some((role) => roles.includes(role))
}

const BY_SCOPE = new Map<ScopeId, Binding[]>()
for (const binding of BINDINGS) BY_SCOPE.set(binding.scope, [...(BY_SCOPE.get(binding.scope) ?? []), binding])

/**
 * Tries the press on each open scope, innermost first, until `run` takes it (the scope's owner
 * answers the command now); answers the binding that ran, or null when the key does nothing.
 */
export function resolveKey<T extends OpenScope>(
  open: readonly T[],
  press: KeyPress,
  roles: readonly Role[],
  run: (entry: T, binding: Binding) => boolean
): Binding | null {
  for (const entry of innermostFirst(open)) {
    for (const binding of BY_SCOPE.get(entry.scope) ?? []) {
      if (!keyMatches(binding.key, press)) continue
      if (press.inField && !binding.inFields && !isFunctionKey(binding.key)) continue
      if (!mayUse(binding, roles)) continue
      if (run(entry, binding)) return binding
    }
  }
  return null
}

/** Offers a scan to each open scope, innermost first, until one takes it; answers whether one did. */
export function routeToScopes<T extends OpenScope>(open: readonly T[], take: (entry: T) => boolean): boolean {
  return innermostFirst(open).some((entry) => take(entry))
}
