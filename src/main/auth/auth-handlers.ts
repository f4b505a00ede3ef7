import type { SessionInfo } from '../../shared/contract'
import { readStaffBadge } from '../../shared/scan/own-labels'
import { isPassword, secretProblem } from '../../shared/secret-policy'
import { CounterError } from '../errors'
import {
  type Handlers,
  type HandlerContext,
  DEFAULT_SESSION_LIMITS,
  type CounterSession,
  type SessionLimits
} from '../contract'
import {
  toUserView,
  type UsersRepo,
  type UserRow,
  DEFAULT_SCRYPT_COST,
  hashSecret,
  needsRehash,
  verifySecret,
  type ScryptCost
} from '../users'
import { sessionInfo } from './session-info'
import { DEFAULT_DELAY, delayAfter, waitInWords, type DelayPolicy } from './sign-in-delay'

export interface SecurityPolicy {
  /** Lock the screen after this long without a person's action. */
  idleLockMs: number
  /** How wrong sign-ins slow the next ones, per account and per window. */
  delay: DelayPolicy
  sessions: SessionLimits
  scryptCost: ScryptCost
}

export const DEFAULT_SECURITY: SecurityPolicy = {
  idleLockMs: 5 * 60_000,
  delay: DEFAULT_DELAY,
  sessions: DEFAULT_SESSION_LIMITS,
  scryptCost: DEFAULT_SCRYPT_COST
}

type AuthCalls =
  | 'auth.session'
  | 'auth.createFirstAdmin'
  | 'auth.signIn'
  | 'auth.unlock'
  | 'auth.touch'
  | 'auth.lock'
  | 'auth.signOut'
  | 'auth.changeSecret'

export function authHandlers(deps: {
  users: UsersRepo
  policy: SecurityPolicy
  /** A live workstation holds its people to the PIN rules at sign-in; training keeps its demo PINs. */
  live: boolean
}): Pick<Handlers, AuthCalls> {
  const { users, policy } = deps
  // Checked against when the name is unknown, so that an unknown name takes as long as a known one.
  let decoy: string | null = null
  const decoyHash = (): string => (decoy ??= hashSecret('not anyone’s secret', policy.scryptCost))

  function refuseWhileDelayed(notBeforeMs: number, now: Date, whose: string): void {
    if (now.getTime() >= notBeforeMs) return
    throw new CounterError(
      'try_again_later',
      `Too many wrong attempts ${whose}: try again in ${waitInWords(notBeforeMs - now.getTime())}.`,
      { details: { retryAfterMs: notBeforeMs - now.getTime() } }
    )
  }

  /** A wrong secret: counted for the window and the account, kept although the call fails. */
  function wrongSecret(ctx: HandlerContext, user: UserRow | null): never {
    const session = ctx.session
    session.failedSignIns += 1
    session.signInNotBeforeMs = ctx.now.getTime() + delayAfter(session.failedSignIns, policy.delay)
    if (user) {
      const failedAttempts = user.failedAttempts + 1
      const waitMs = delayAfter(failedAttempts, policy.delay)
      users.update(user.id, {
        failedAttempts,
        retryAfter: waitMs > 0 ? new Date(ctx.now.getTime() + waitMs).toISOString() : null
      })
      ctx.audit({ command: 'auth.failedAttempt', entityType: 'user', entityId: user.id, summary: { failedAttempts } })
    } else {
      ctx.audit({ command: 'auth.failedAttempt', entityType: 'user', entityId: null, summary: { unknownName: true } })
    }
    throw new CounterError('bad_credentials', 'Unknown user, or wrong PIN or password.', { keepChanges: true })
  }

  function checkSecret(ctx: HandlerContext, user: UserRow, secret: string): void {
    // An administrator's password is not held back by wrong PINs others typed against the account.
    const exempt = user.roles.includes('administrator') && isPassword(secret)
    if (!exempt && user.retryAfter) refuseWhileDelayed(Date.parse(user.retryAfter), ctx.now, 'for this account')
    if (!verifySecret(secret, user.secretHash)) wrongSecret(ctx, user)
  }

  function startSession(ctx: HandlerContext, user: UserRow, secret: string): SessionInfo {
    if (user.failedAttempts > 0 || user.retryAfter) users.update(user.id, { failedAttempts: 0, retryAfter: null })
    // A hash from when scrypt cost less is made again at today's cost.
    if (needsRehash(user.secretHash, policy.scryptCost))
      users.update(user.id, { secretHash: hashSecret(secret, policy.scryptCost) })
    const session = ctx.session
    session.userId = user.id
    session.signedInAt = ctx.now.toISOString()
    session.locked = false
    session.lastActivityMs = ctx.now.getTime()
    session.failedSignIns = 0
    session.signInNotBeforeMs = 0
    // A PIN from before the rules (or a training PIN) must be replaced before anything else here.
    session.mustChangeSecret = deps.live && secretProblem(secret) !== null
    ctx.renewSession()
    const info = sessionInfo(session, user)
    ctx.toSession('session.changed', info)
    return info
  }

  function findUser(name: string): UserRow | undefined {
    const badge = readStaffBadge(name)
    return badge === null ? users.byUsername(name) : users.byId(badge)
  }

  return {
    'auth.session': (ctx) => {
      const user = ctx.session.userId ? users.byId(ctx.session.userId) : undefined
      return user && user.active ? sessionInfo(ctx.session, user) : null
    },

    'auth.createFirstAdmin': (ctx, input) => {
      if (users.count() > 0)
        throw new CounterError('precondition_failed', 'The first administrator already exists; sign in instead.')
      const user = users.insert({
        username: input.username,
        displayName: input.displayName,
        roles: ['administrator'],
        gphcNumber: null,
        secretHash: hashSecret(input.secret, policy.scryptCost),
        createdAt: ctx.now.toISOString()
      })
      ctx.audit({ entityType: 'user', entityId: user.id, summary: { after: toUserView(user) } })
      return startSession(ctx, user, input.secret)
    },

    'auth.signIn': (ctx, input) => {
      refuseWhileDelayed(ctx.session.signInNotBeforeMs, ctx.now, 'from this window')
      const user = findUser(input.username)
      if (!user || !user.active) {
        verifySecret(input.secret, decoyHash())
        wrongSecret(ctx, null)
      }
      checkSecret(ctx, user, input.secret)
      ctx.audit({ entityType: 'user', entityId: user.id, summary: { workstationSession: ctx.session.id.slice(0, 8) } })
      return startSession(ctx, user, input.secret)
    },

    'auth.unlock': (ctx, input) => {
      const user = ctx.session.userId ? users.byId(ctx.session.userId) : undefined
      if (!user) throw new CounterError('not_signed_in', 'Sign in first.')
      refuseWhileDelayed(ctx.session.signInNotBeforeMs, ctx.now, 'from this window')
      checkSecret(ctx, user, input.secret)
      ctx.audit({ entityType: 'user', entityId: user.id })
      return startSession(ctx, user, input.secret)
    },

    'auth.changeSecret': (ctx, input) => {
      const user = ctx.session.userId ? users.byId(ctx.session.userId) : undefined
      if (!user) throw new CounterError('not_signed_in', 'Sign in first.')
      refuseWhileDelayed(ctx.session.signInNotBeforeMs, ctx.now, 'from this window')
      checkSecret(ctx, user, input.current)
      if (input.current === input.next)
        throw new CounterError('invalid_input', 'Choose a PIN or password you do not have now.')
      const after = users.update(user.id, {
        secretHash: hashSecret(input.next, policy.scryptCost),
        failedAttempts: 0,
        retryAfter: null
      })
      ctx.audit({ entityType: 'user', entityId: user.id, summary: { secretChanged: true } })
      ctx.session.mustChangeSecret = false
      const info = sessionInfo(ctx.session, after)
      ctx.toSession('session.changed', info)
      return info
    },

    'auth.touch': (ctx) => {
      ctx.session.lastActivityMs = ctx.now.getTime()
      return null
    },

    'auth.lock': (ctx) => {
      const user = ctx.session.userId ? users.byId(ctx.session.userId) : undefined
      if (!user) throw new CounterError('not_signed_in', 'Sign in first.')
      ctx.session.locked = true
      const info = sessionInfo(ctx.session, user)
      ctx.toSession('session.changed', info)
      return info
    },

    'auth.signOut': (ctx) => {
      ctx.audit({ entityType: 'user', entityId: ctx.session.userId })
      signOut(ctx.session)
      ctx.toSession('session.changed', null)
      return null
    }
  }
}

/** Nobody is signed in to the session any more. */
export function signOut(session: CounterSession): void {
  session.userId = null
  session.signedInAt = null
  session.locked = false
  session.mustChangeSecret = false
}
