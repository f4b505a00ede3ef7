import { type Handlers, type HandlerContext, requireActor } from '../contract'
import { CounterError } from '../errors'
import { formatDate, formatTime, londonInstant } from '../../shared/time/london'
import { addDays } from '../../shared/time/calendar'
import type { UsersRepo } from '../users'
import type { RpPeriod, RpRecord } from './rp-record'
import { periodView, rpStatus } from './rp-views'
import { exportRpRecord } from './rp-export'
import type { AuditHead } from '../../shared/contract'

type RpCalls = 'rp.status' | 'rp.signIn' | 'rp.startAbsence' | 'rp.endAbsence' | 'rp.signOut' | 'rp.list' | 'rp.export'

/** "Sam Patel (GPhC 2012345), RP since 08:02 on 26/11/2026" */
function describe(period: RpPeriod): string {
  const since = `${formatTime(period.startedAt)} on ${formatDate(period.startedAt)}`
  return `${period.pharmacistName} (GPhC ${period.gphcNumber}), RP since ${since}`
}

export function rpHandlers(deps: {
  record: RpRecord
  users: UsersRepo
  /** The audit trail's last entry, printed on the export so a later check can prove nothing was cut. */
  auditHead: () => AuditHead | null
}): Pick<Handlers, RpCalls> {
  const { record } = deps

  /** The open period, which must be the caller's own. */
  const ownPeriod = (ctx: HandlerContext, doing: string): RpPeriod => {
    const actor = requireActor(ctx)
    const period = record.current()
    if (!period)
      throw new CounterError(
        'precondition_failed',
        `No Responsible Pharmacist is signed in, so there is no one to ${doing}.`
      )
    if (period.pharmacistId !== actor.id) {
      throw new CounterError(
        'forbidden',
        `Only the Responsible Pharmacist can ${doing}: ${describe(period)}; you are ${actor.displayName}.`
      )
    }
    return period
  }

  /** Every change is told to every window: the header shows the RP at all times. */
  const changed = (ctx: HandlerContext) => {
    const status = rpStatus(record, ctx.now)
    ctx.broadcast('rp.changed', status)
    return status
  }

  const londonDayBounds = (from: string, to: string) => ({
    fromIso: londonInstant(from, '00:00').toISOString(),
    toIso: londonInstant(addDays(to, 1), '00:00').toISOString()
  })

  return {
    'rp.status': (ctx) => rpStatus(record, ctx.now),

    'rp.signIn': (ctx) => {
      const actor = requireActor(ctx)
      // The record carries the GPhC number as it is on the user record now, not as typed.
      const gphcNumber = deps.users.byId(actor.id)?.gphcNumber ?? null
      if (!gphcNumber) {
        throw new CounterError(
          'precondition_failed',
          `${actor.displayName} has no GPhC registration number on their user record; an administrator must add it before they can be Responsible Pharmacist.`
        )
      }
      const current = record.current()
      if (current?.pharmacistId === actor.id)
        throw new CounterError('conflict', `You are already signed in: ${describe(current)}.`)
      if (current) {
        throw new CounterError(
          'conflict',
          `${describe(current)}. There is one Responsible Pharmacist at a time: they sign out first, or an administrator closes the period with a reason.`
        )
      }
      const id = record.begin({ id: actor.id, name: actor.displayName, gphcNumber }, ctx.now)
      ctx.audit({
        entityType: 'rp_period',
        entityId: String(id),
        summary: { pharmacist: actor.displayName, gphcNumber, startedAt: ctx.now.toISOString() }
      })
      return changed(ctx)
    },

    'rp.startAbsence': (ctx) => {
      const period = ownPeriod(ctx, 'record their absence')
      const away = record.openAbsence(period.id)
      if (away)
        throw new CounterError(
          'conflict',
          `Your absence since ${away.startedAt} is already recorded; record your return first.`
        )
      const id = record.startAbsence(period.id, ctx.now)
      ctx.audit({
        entityType: 'rp_period',
        entityId: String(period.id),
        summary: { absenceId: id, absentFrom: ctx.now.toISOString() }
      })
      return changed(ctx)
    },

    'rp.endAbsence': (ctx) => {
      const period = ownPeriod(ctx, 'record their return')
      const away = record.openAbsence(period.id)
      if (!away) throw new CounterError('precondition_failed', 'No absence is open: you are recorded as present.')
      record.endAbsence(away.id, ctx.now)
      const status = changed(ctx)
      ctx.audit({
        entityType: 'rp_period',
        entityId: String(period.id),
        summary: { absenceId: away.id, returnedAt: ctx.now.toISOString(), overLimit: status.absenceWarning !== null }
      })
      return status
    },

    'rp.signOut': (ctx, input) => {
      const actor = requireActor(ctx)
      const period = record.current()
      if (!period) throw new CounterError('precondition_failed', 'No Responsible Pharmacist is signed in.')
      const own = period.pharmacistId === actor.id
      if (!own && !actor.roles.includes('administrator')) {
        throw new CounterError(
          'forbidden',
          `Only the Responsible Pharmacist or an administrator can end this period: ${describe(period)}.`
        )
      }
      if (!own && !input.reason) {
        throw new CounterError(
          'invalid_input',
          `Closing another pharmacist's RP period needs a reason (${describe(period)}).`
        )
      }
      // The record is append-only, so the end time is right the first time: an administrator closing
      // a forgotten period says when the pharmacist actually left (not before any entry of theirs).
      const endedAt = input.endedAt === undefined ? ctx.now : new Date(input.endedAt)
      if (input.endedAt !== undefined) {
        if (own)
          throw new CounterError(
            'invalid_input',
            "Your own period ends now; an end time is only for closing someone else's."
          )
        const earliest = [period.startedAt, ...record.absences(period.id).map((a) => a.startedAt)].sort().at(-1)!
        if (endedAt.getTime() > ctx.now.getTime() || endedAt.toISOString() < earliest) {
          throw new CounterError(
            'invalid_input',
            `The end time ${endedAt.toISOString()} must be between ${earliest} (the period's last entry) and now.`
          )
        }
      }
      record.end(period.id, endedAt, { id: actor.id, name: actor.displayName }, input.reason ?? null)
      ctx.audit({
        entityType: 'rp_period',
        entityId: String(period.id),
        summary: { endedAt: endedAt.toISOString(), endedBy: actor.displayName, reason: input.reason ?? null }
      })
      return changed(ctx)
    },

    'rp.list': (ctx, input) => {
      const { fromIso, toIso } = londonDayBounds(input.from, input.to)
      return record.overlapping(fromIso, toIso).map((row) => periodView(row, record.absences(row.id), ctx.now))
    },

    'rp.export': async (ctx, input) => {
      const { fromIso, toIso } = londonDayBounds(input.from, input.to)
      const periods = record.overlapping(fromIso, toIso).map((row) => periodView(row, record.absences(row.id), ctx.now))
      return exportRpRecord(periods, input, {
        at: ctx.now,
        by: requireActor(ctx).displayName,
        auditHead: deps.auditHead()
      })
    }
  }
}
