/**
 * The contract between the renderer and main: every call with its input schema, who may make it,
 * whether it mutates, and its result type. Main's registration loop enforces it; the preload and
 * the browser-mode socket expose exactly it; the renderer's client is typed by it.
 */
import { z } from 'zod'
import { opaqueId } from '../phensys/opaque-id'
import { tokenProblem } from '../phensys/token'
import { basedOnRevision } from '../workflow/revision'
import { ROLES } from '../roles'
import { secretProblem } from '../secret-policy'
import { calendarDate } from './dates'
import type { ExportedFile } from './exported-file'
import { call } from './define'
import { deviceCalls } from './device-calls'
import type {
  AppInfo,
  AuditEntryView,
  AuditHead,
  AuditVerification,
  HardCopyView,
  OutboxEventView,
  OutstandingHardCopy,
  PhensysSettingsView,
  StoreSpaceView,
  RequestDetail,
  SessionInfo,
  StoreCheckStatus,
  StoreCheckView,
  SyncHealth,
  SyncProblems,
  UserView,
  WorklistRow,
  WorklistView
} from './views'
import { CLOSED_WORKLIST_VIEWS, type ClosedWorklistView } from './views'
import { hardCopyReceiptSchema } from '../workflow/hard-copy'
import { QUERY_REASONS } from '../phensys/events'
import { TRANSITIONS } from '../workflow/transitions'
import { stockCalls } from './stock-calls'
import { dispensingCalls } from './dispensing-calls'
import { registerCalls } from './register-calls'
import { rpCalls } from './rp-calls'
import { dispatchCalls } from './dispatch-calls'
import { premisesCalls } from './premises-calls'
import { trainingCalls } from './training-calls'
import { clinicalCalls } from './clinical-calls'
import { flagCalls } from './flag-calls'

const username = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9._-]+$/i, 'letters, digits, dot, dash or underscore')
const displayName = z.string().trim().min(2).max(80)
/** A new PIN or password, held to the rules (shared/secret-policy.ts). */
const secret = z
  .string()
  .max(200)
  .superRefine((value, ctx) => {
    const problem = secretProblem(value)
    if (problem) ctx.addIssue({ code: 'custom', message: problem })
  })
const gphcNumber = z.string().regex(/^\d{7}$/, 'a GPhC registration number is 7 digits')
const requestId = opaqueId
/**
 * A bearer token goes in an HTTP header: printable ASCII only. What no header can carry at all
 * (`tokenProblem`) is named in words; a space inside or an accented letter by the rule. One issue
 * only: a union reports its member's issues, and the two would say the same thing twice.
 */
const phensysToken = z
  .string()
  .min(8)
  .max(500)
  .superRefine((token, ctx) => {
    const problem = tokenProblem(token)
    if (problem)
      ctx.addIssue({
        code: 'custom',
        message: `A Phensys token cannot hold ${problem}: no request header can carry it. Paste the token again without it.`
      })
    else if (!/^[\x21-\x7e]+$/.test(token))
      ctx.addIssue({ code: 'custom', message: 'letters, digits and symbols only: no spaces or accented letters' })
  })
const phensysUrl = z.url({
  protocol: /^https?$/,
  message: 'a Phensys address starts with https:// (or http:// on this machine)'
})

export const calls = {
  'app.info': call<AppInfo>()({ input: z.object({}), access: 'public', mutates: false }),

  'auth.session': call<SessionInfo | null>()({ input: z.object({}), access: 'public', mutates: false }),
  'auth.createFirstAdmin': call<SessionInfo>()({
    input: z.object({ username, displayName, secret }),
    access: 'public',
    mutates: true
  }),
  /** `username`: typed, or a staff badge scanned (`PC-STAFF:<user id>`). Renews the session's id. */
  'auth.signIn': call<SessionInfo>()({
    input: z.object({ username: z.string().min(1).max(80), secret: z.string().min(1).max(200) }),
    access: 'public',
    mutates: true
  }),
  'auth.unlock': call<SessionInfo>()({
    input: z.object({ secret: z.string().min(1).max(200) }),
    access: 'locked',
    mutates: true
  }),
  /** A person's key or click, reported at most every 30 s: keeps the screen from the idle lock. */
  'auth.touch': call<null>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  'auth.lock': call<SessionInfo>()({ input: z.object({}), access: 'locked', mutates: false }),
  'auth.signOut': call<null>()({ input: z.object({}), access: 'locked', mutates: true }),
  /** One's own new PIN or password, after the current one. */
  'auth.changeSecret': call<SessionInfo>()({
    input: z.object({ current: z.string().min(1).max(200), next: secret }),
    access: 'locked',
    mutates: true
  }),

  'users.list': call<UserView[]>()({ input: z.object({}), access: ['administrator'], mutates: false }),
  'users.create': call<UserView>()({
    input: z
      .object({
        username,
        displayName,
        roles: z.array(z.enum(ROLES)).min(1),
        gphcNumber: gphcNumber.nullable(),
        secret
      })
      .refine((u) => !u.roles.includes('pharmacist') || u.gphcNumber !== null, {
        message: 'a pharmacist needs a GPhC registration number',
        path: ['gphcNumber']
      }),
    access: ['administrator'],
    mutates: true
  }),
  'users.update': call<UserView>()({
    input: z.object({
      id: z.string().min(1),
      displayName: displayName.optional(),
      roles: z.array(z.enum(ROLES)).min(1).optional(),
      gphcNumber: gphcNumber.nullable().optional(),
      active: z.boolean().optional()
    }),
    access: ['administrator'],
    mutates: true
  }),
  /** A person's sign-in badge to print: `PC-STAFF:<user id>` as a DataMatrix, with their name. */
  'users.badge': call<{ code: string; svg: string }>()({
    input: z.object({ id: z.string().min(1).max(64) }),
    access: ['administrator'],
    mutates: false
  }),
  'users.resetSecret': call<null>()({
    input: z.object({ id: z.string().min(1), secret }),
    access: ['administrator'],
    mutates: true
  }),

  /** The open requests a page at a time, oldest in their stage first; `after` is the last page's `next`. */
  'worklist.get': call<WorklistView>()({
    input: z.object({
      after: z
        .object({ stageSince: z.string().max(40), id: requestId })
        .nullable()
        .default(null),
      limit: z.number().int().min(1).max(2_000).default(500)
    }),
    access: 'anyUser',
    mutates: false
  }),
  /** What was completed today, or every request newest first, a page at a time (`after`: the last row of the page before). */
  'worklist.closed': call<ClosedWorklistView>()({
    input: z.object({
      view: z.enum(CLOSED_WORKLIST_VIEWS),
      after: z
        .object({ receivedAt: z.string().max(40), id: requestId })
        .nullable()
        .default(null)
    }),
    access: 'anyUser',
    mutates: false
  }),
  /** Of these requests, the ones still open, as the worklist shows them: what a window patches in after `worklist.changed`. */
  'worklist.rows': call<WorklistRow[]>()({
    input: z.object({ ids: z.array(requestId).max(2_000) }),
    access: 'anyUser',
    mutates: false
  }),
  'requests.get': call<RequestDetail>()({ input: z.object({ id: requestId }), access: 'anyUser', mutates: false }),

  'requests.accept': call<RequestDetail>()({
    input: z.object({ id: requestId, basedOnRevision }),
    access: TRANSITIONS.accept.roles,
    mutates: true
  }),
  'requests.receiveHardCopy': call<RequestDetail>()({
    input: hardCopyReceiptSchema,
    access: TRANSITIONS.receiveHardCopy.roles,
    mutates: true
  }),
  'hardCopies.outstanding': call<OutstandingHardCopy[]>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  'hardCopies.forRequest': call<HardCopyView[]>()({
    input: z.object({ id: requestId }),
    access: 'anyUser',
    mutates: false
  }),
  'requests.reject': call<RequestDetail>()({
    input: z.object({
      id: requestId,
      basedOnRevision,
      reason: z.enum(['cannot_supply', 'clinical', 'other']),
      message: z.string().trim().min(3).max(2000)
    }),
    access: TRANSITIONS.reject.roles,
    mutates: true
  }),
  'requests.raiseQuery': call<RequestDetail>()({
    input: z.object({
      id: requestId,
      basedOnRevision,
      reason: z.enum(QUERY_REASONS),
      message: z.string().trim().min(3).max(2000)
    }),
    access: TRANSITIONS.raiseQuery.roles,
    mutates: true
  }),

  'sync.health': call<SyncHealth>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  'sync.problems': call<SyncProblems>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  'sync.history': call<OutboxEventView[]>()({
    input: z.object({
      requestId: opaqueId.optional(),
      limit: z.number().int().min(1).max(500).default(100)
    }),
    access: 'anyUser',
    mutates: false
  }),
  'sync.resolveEvent': call<OutboxEventView>()({
    input: z.object({ id: z.number().int().positive(), action: z.enum(['retry', 'dismiss']) }),
    access: ['pharmacist', 'administrator'],
    mutates: true
  }),
  /**
   * A person asks to try Phensys now: the wait it asked for (`Retry-After`, kept up to an hour) and
   * every event's backoff end at once. Answers the health after.
   */
  'sync.tryNow': call<SyncHealth>()({
    input: z.object({}),
    access: ['pharmacist', 'administrator'],
    mutates: true
  }),
  'sync.acknowledgeEntry': call<null>()({
    input: z.object({ id: z.number().int().positive() }),
    access: ['pharmacist', 'administrator'],
    mutates: true
  }),

  'settings.phensys': call<PhensysSettingsView>()({ input: z.object({}), access: ['administrator'], mutates: false }),
  'store.space': call<StoreSpaceView>()({ input: z.object({}), access: ['administrator'], mutates: false }),
  // Not a transaction: VACUUM cannot run in one, and it changes no record (its audit entry follows it).
  'store.compact': call<StoreSpaceView>()({ input: z.object({}), access: ['administrator'], mutates: false }),
  'settings.checkPhensys': call<{ ok: boolean; message: string }>()({
    input: z.object({ url: phensysUrl, token: phensysToken }),
    access: ['administrator'],
    mutates: false
  }),
  'settings.setPhensys': call<{ protection: 'os-keychain' | 'key-file' | 'training'; restartRequired: true }>()({
    input: z.union([z.object({ training: z.literal(true) }), z.object({ url: phensysUrl, token: phensysToken })]),
    access: ['administrator'],
    mutates: true
  }),
  'app.restart': call<null>()({ input: z.object({}), access: ['administrator'], mutates: false }),

  'audit.list': call<AuditEntryView[]>()({
    input: z.object({ entityId: opaqueId.optional(), limit: z.number().int().min(1).max(500).default(100) }),
    access: ['pharmacist', 'administrator'],
    mutates: false
  }),
  'audit.verify': call<AuditVerification>()({ input: z.object({}), access: ['administrator'], mutates: false }),
  /** The end-of-day report: the day's audit entries by kind, and the trail's head in full, to print and keep. */
  'audit.dayReport': call<ExportedFile>()({
    input: z.object({ date: calendarDate, format: z.enum(['csv', 'pdf']).default('pdf') }),
    access: ['pharmacist', 'administrator'],
    mutates: false
  }),
  /** The trail's last entry, to write down or print (the RP record and the end-of-day report carry it). */
  'audit.head': call<AuditHead | null>()({
    input: z.object({}),
    access: ['pharmacist', 'administrator'],
    mutates: false
  }),

  /** The last full check of the local database; every person sees a failed one. */
  'store.checkStatus': call<StoreCheckStatus>()({ input: z.object({}), access: 'anyUser', mutates: false }),
  /** Checks the whole database now, in the background (seconds on a year's store), and answers with the result. */
  'store.check': call<StoreCheckView>()({ input: z.object({}), access: ['administrator'], mutates: false }),

  ...deviceCalls,
  ...stockCalls,
  ...registerCalls,
  ...rpCalls,
  ...dispensingCalls,
  ...dispatchCalls,
  ...premisesCalls,
  ...trainingCalls,
  ...clinicalCalls,
  ...flagCalls
} as const

export type Calls = typeof calls
export type CallName = keyof Calls
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>
export type ParsedInput<N extends CallName> = z.output<Calls[N]['input']>
export type CallResult<N extends CallName> = Exclude<Calls[N]['result'], undefined>

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name)
}

export * from './define'
export * from './views'
export * from './stock-views'
export * from './events'
export * from './bridge'
export * from './device-views'
export * from './dispensing-views'
export * from './rp-calls'
export * from './dispatch-views'
export * from './exported-file'
export * from './register-views'
export * from './premises-views'
export * from './clinical-views'
export * from './flag-views'
