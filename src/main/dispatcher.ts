import type Database from 'better-sqlite3'
import { calls, isCallName, type CallName } from '../shared/contract'
import { ROLE_MATRIX, type CallRoles } from '../shared/contract/role-matrix'
import type { CallError, CallResponse } from '../shared/errors'
import type { Clock } from '../shared/clock'
import type { AuditTrail } from './audit'
import type { CounterSession, SessionRegistry, Actor, AuditNote, HandlerContext, Handlers } from './contract'
import { type UsersRepo, toUserView } from './users'
import { sessionInfo } from './auth'
import type { EventBus } from './events'
import { CounterError } from './errors'
import { LabelError } from './labels'

export interface DispatcherDeps {
  sqlite: Database.Database
  clock: Clock
  audit: AuditTrail
  sessions: SessionRegistry
  users: UsersRepo
  events: EventBus
  handlers: Handlers
  idleLockMs: number
  log: (message: string, error?: unknown) => void
  /** Runs after every committed mutating call (wakes the outbox pusher). */
  afterCommit?: () => void
}

export type Dispatch = (sessionId: string, name: string, rawInput: unknown) => Promise<CallResponse<unknown>>

/**
 * The one registration loop every call goes through, from Electron IPC, the browser-mode socket
 * and tests alike: check who is calling, validate the input, run the handler (a mutating one in a
 * transaction with its audit entry), and answer `{ok, value}` or `{ok: false, error}`, never a
 * raw exception.
 */
/** A field's path as a person reads it: `lines.0.quantity` → "lines 1, quantity", `bagScan` → "bag scan". */
function fieldInWords(path: string): string {
  return path
    .split('.')
    .map((part) =>
      /^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
    )
    .join(', ')
    .replace(/, (\d+)/g, ' $1')
}

export function createDispatcher(deps: DispatcherDeps): Dispatch {
  return async (sessionId, name, rawInput) => {
    try {
      if (!isCallName(name)) return failure({ code: 'unknown_call', message: `There is no call named "${name}".` })
      const definition = calls[name]
      const session = deps.sessions.get(sessionId)
      if (!session)
        return failure({
          code: 'session_expired',
          message: "This window's session has ended (or never existed). Reload the page to start again."
        })
      const now = deps.clock.now()
      session.lastSeenMs = now.getTime()
      lockIfIdle(deps, session, now)
      // Who is asking comes first, so a caller without the role learns nothing of the input's shape.
      const actor = authorise(deps, session, ROLE_MATRIX[name].roles, name)
      const parsed = definition.input.safeParse(rawInput === undefined ? {} : rawInput)
      if (!parsed.success) {
        const details = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }))
        const message = details.map((d) => (d.path ? `${fieldInWords(d.path)}: ${d.message}` : d.message)).join('; ')
        return failure({ code: 'invalid_input', message: `Not accepted. ${message}`, details })
      }
      if (definition.mutates && actor) session.lastActivityMs = now.getTime()
      const { value, renewed } = await run(deps, session, actor, name, parsed.data, definition.mutates, now)
      return renewed ? { ok: true, value, renewedSessionId: session.id } : { ok: true, value }
    } catch (error) {
      if (error instanceof CounterError) {
        return failure({
          code: error.code,
          message: error.message,
          ...(error.details === undefined ? {} : { details: error.details })
        })
      }
      // A label that cannot be laid out on the label stock set up (too small for it): the settings say why.
      if (error instanceof LabelError) return failure({ code: 'precondition_failed', message: error.message })
      // A row that refers to one that does not exist (a batch, a request): the caller named something unknown.
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY')
        return failure({ code: 'not_found', message: `${name} refers to something that does not exist here.` })
      deps.log(`call ${name} failed`, error)
      return failure({
        code: 'internal',
        message: 'Something went wrong inside the app; nothing was changed. The details are in the log.'
      })
    }
  }
}

function failure(error: CallError): CallResponse<never> {
  return { ok: false, error }
}

/** Locks a signed-in session that has been idle too long, and tells its window. */
export function lockIfIdle(
  deps: Pick<DispatcherDeps, 'idleLockMs' | 'events' | 'users'>,
  session: CounterSession,
  now: Date
): void {
  if (!session.userId || session.locked) return
  if (now.getTime() - session.lastActivityMs < deps.idleLockMs) return
  session.locked = true
  const user = deps.users.byId(session.userId)
  if (user && session.signedInAt) deps.events.toSession(session, 'session.changed', sessionInfo(session, user))
}

function authorise(deps: DispatcherDeps, session: CounterSession, roles: CallRoles, name: CallName): Actor | null {
  const user = session.userId ? deps.users.byId(session.userId) : undefined
  if (roles === 'public') return user && user.active ? actorOf(user) : null
  if (!user || !user.active) throw new CounterError('not_signed_in', 'Sign in first.')
  if (roles === 'locked') return actorOf(user)
  if (session.locked) throw new CounterError('session_locked', 'The screen is locked. Enter your PIN to carry on.')
  if (session.mustChangeSecret)
    throw new CounterError(
      'precondition_failed',
      'Your PIN no longer meets the rules (at least 6 digits, not an easy one): choose a new PIN or password first.'
    )
  const actor = actorOf(user)
  if (!roles.some((role) => actor.roles.includes(role))) {
    throw new CounterError(
      'forbidden',
      roles.length === 0
        ? `${name} is not for any role here.`
        : `${name} needs the role ${roles.join(' or ')}; ${actor.displayName} does not have it.`
    )
  }
  return actor
}

function actorOf(user: ReturnType<UsersRepo['byId']> & object): Actor {
  const view = toUserView(user)
  return { id: view.id, displayName: view.displayName, roles: view.roles, gphcNumber: view.gphcNumber }
}

/** A request command's `basedOnRevision`, whichever call carries it (`requestCommand` in the contract). */
function basedOnRevision(input: unknown): number | null {
  const value =
    typeof input === 'object' && input !== null ? (input as { basedOnRevision?: unknown }).basedOnRevision : null
  return typeof value === 'number' ? value : null
}

type QueuedEvent = { session: CounterSession | null; name: string; payload: unknown }

async function run(
  deps: DispatcherDeps,
  session: CounterSession,
  actor: Actor | null,
  name: CallName,
  input: unknown,
  mutates: boolean,
  now: Date
): Promise<{ value: unknown; renewed: boolean }> {
  const queued: QueuedEvent[] = []
  let audited = 0
  let renew = false
  const ctx: HandlerContext = {
    session,
    actor,
    now,
    basedOnRevision: basedOnRevision(input),
    audit: (note: AuditNote) => {
      if (!mutates) throw new Error(`${name} is a query and cannot write audit entries`)
      deps.audit.append({
        at: now.toISOString(),
        actorId: actor?.id ?? null,
        actorName: actor?.displayName ?? null,
        command: note.command ?? name,
        entityType: note.entityType,
        entityId: note.entityId,
        summary: note.summary ?? null
      })
      audited += 1
    },
    broadcast: (eventName, payload) => queued.push({ session: null, name: eventName, payload }),
    toSession: (eventName, payload) => queued.push({ session, name: eventName, payload }),
    renewSession: () => {
      renew = true
    }
  }
  // The handler map is complete and keyed by name, so this call is well-typed per entry.
  const handler = deps.handlers[name] as (ctx: HandlerContext, input: unknown) => unknown

  let value: unknown
  if (mutates) {
    let kept: CounterError | null = null
    deps.sqlite.transaction(() => {
      try {
        value = handler(ctx, input)
      } catch (error) {
        if (error instanceof CounterError && error.keepChanges) {
          kept = error
          return
        }
        throw error
      }
      if (value instanceof Promise) throw new Error(`${name} mutates and must run synchronously inside its transaction`)
      if (audited === 0) throw new Error(`${name} changed state without writing an audit entry`)
    })()
    flush(deps, queued)
    deps.afterCommit?.()
    if (kept) throw kept
    // A new id once the sign-in has committed: whoever knew the old one (before sign-in) is left out.
    if (renew) deps.sessions.renew(session)
    return { value, renewed: renew }
  }
  value = await handler(ctx, input)
  flush(deps, queued)
  return { value, renewed: false }
}

function flush(deps: DispatcherDeps, queued: QueuedEvent[]): void {
  for (const event of queued) {
    if (event.session) deps.events.toSession(event.session, event.name as never, event.payload as never)
    else deps.events.broadcast(event.name as never, event.payload as never)
  }
}
