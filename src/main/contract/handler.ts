import type { CallName, CallResult, CounterEventName, CounterEvents, ParsedInput } from '../../shared/contract'
import type { Role } from '../../shared/roles'
import type { CounterSession } from './sessions'
import { CounterError } from '../errors'

export interface Actor {
  id: string
  displayName: string
  roles: Role[]
  gphcNumber: string | null
}

export interface AuditNote {
  entityType: string
  entityId: string | null
  summary?: unknown
  /** Defaults to the call's name. */
  command?: string
}

export interface HandlerContext {
  session: CounterSession
  /** The signed-in user; null only for public calls made before sign-in. */
  actor: Actor | null
  now: Date
  /** The request's revision the caller's screen showed when the command was given (`basedOnRevision`). */
  basedOnRevision: number | null
  /**
   * A step the counter takes at a claim's bench for whoever holds the claim (labels a pharmacist's
   * clinical check released): the claim stays with its holder rather than passing to the person.
   */
  forClaimHolder?: true
  /** Records an audit entry in the command's own transaction. */
  audit(note: AuditNote): void
  /** Queues an event; it is sent only after the command's transaction commits. */
  broadcast<K extends CounterEventName>(name: K, payload: CounterEvents[K]): void
  toSession<K extends CounterEventName>(name: K, payload: CounterEvents[K]): void
  /** Gives the window's session a new id once the command has committed (sign-in). */
  renewSession(): void
}

export type Handler<N extends CallName> = (
  ctx: HandlerContext,
  input: ParsedInput<N>
) => CallResult<N> | Promise<CallResult<N>>

export type Handlers = { [N in CallName]: Handler<N> }

export function requireActor(ctx: HandlerContext): Actor {
  if (!ctx.actor) throw new CounterError('not_signed_in', 'Sign in first.')
  return ctx.actor
}
