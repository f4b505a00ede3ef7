import { eq, sql } from 'drizzle-orm'
import type { ClaimView, RequestDetail } from '../../shared/contract'
import type { EventActor, StatusEventData, StatusEventType } from '../../shared/phensys/events'
import { SYSTEM_ACTOR } from '../../shared/phensys/events'
import { STAGE_LABELS, type Stage } from '../../shared/workflow/stages'
import {
  TRANSITIONS,
  type CommandBy,
  type EventOf,
  type GuardOf,
  type Mover,
  type TargetOf,
  type Transition,
  type WorkflowCommand
} from '../../shared/workflow/transitions'
import type { AuditTrail } from '../audit'
import type { Actor, HandlerContext, Bench } from '../contract'
import { type CounterDb, requests, setPlaceholders } from '../db'
import { CounterError } from '../errors'
import {
  GUARD_CHECKS,
  assembledBy,
  readRescans,
  type GuardFacts,
  type GuardInputs,
  type GuardSubject,
  type RequestRecord,
  type RescanProgress
} from './guards'
import { formatTime } from '../../shared/time/london'
import { claimedElsewhere, claimInWords, RequestClaims } from './request-claims'

/** A status event for Phensys, of one of the types a step may send. */
export type OutgoingEvent<T extends StatusEventType = StatusEventType> = {
  [K in T]: { type: K; data: StatusEventData<K> }
}[T]

/** What a step decided, from the request as it found it: where it leads and what Phensys hears. */
export interface Decision<C extends WorkflowCommand> {
  to: TargetOf<C>
  events: Array<OutgoingEvent<EventOf<C>>>
  /** Kept in the audit entry beside the stages. */
  note?: unknown
}
export type Decide<C extends WorkflowCommand> = (request: RequestRecord) => Decision<C>

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never
type InputGuards<C extends WorkflowCommand> = Extract<GuardOf<C>, keyof GuardInputs>
/** What a person's step must be given for its guards (a bag scan, tracking numbers, re-scans). */
export type CommandInput<C extends WorkflowCommand> = [InputGuards<C>] extends [never]
  ? object
  : UnionToIntersection<GuardInputs[InputGuards<C>]>

/** Where the workflow writes status events for Phensys: the outbox, in the step's transaction. */
export interface StatusEventQueue {
  enqueue<T extends StatusEventType>(
    requestId: string,
    type: T,
    data: StatusEventData<T>,
    meta: { basedOnVersion: number; actor: EventActor; now: Date }
  ): number
}

export interface WorkflowDeps {
  db: CounterDb
  requests: { get(id: string): RequestRecord | undefined; stageOf(id: string): Stage | undefined }
  outbox: StatusEventQueue
  audit: AuditTrail
  facts: GuardFacts
}

/** A step the counter takes by itself: who caused it (and is named for it), when, and who hears. */
export interface Cause {
  person: Actor
  now: Date
  /** Tells the windows, after the transaction commits. */
  broadcast: (requestIds: string[]) => void
}

/** Who moves the request in one run of a step, and how that is recorded. */
interface Move {
  by: Mover
  actor: Actor | null
  /**
   * Where a person's step was taken, the revision of the request their screen showed, and whether
   * a claim at that bench passes to them (not for a step taken for the claim's holder).
   */
  at?: { bench: Bench; basedOnRevision: number | null; passesClaim: boolean }
  now: Date
  eventActor: EventActor
  audit(requestId: string, summary: unknown): void
  broadcast(requestIds: string[]): void
}

/**
 * The workflow: the only code that changes a request's stage. Every step, whoever takes it, runs
 * through `runTransition` inside the caller's transaction: the stage it starts from, the person's
 * role, the table's guards in order, then the step's own decision; then the new stage, the audit
 * entry naming who moved it, and the status events for Phensys. The counter works offline, so
 * Phensys's last known state is not a guard here: events go in order, and a refusal comes back
 * as a conflict for a person.
 */
export class Workflow {
  private readonly claims: RequestClaims
  // Every command writes these: prepared once, not built and compiled again at each step.
  private readonly setStage
  private readonly bumpRevisionOf

  constructor(private readonly deps: WorkflowDeps) {
    this.claims = new RequestClaims(deps.db)
    const id = eq(requests.id, sql.placeholder('id'))
    this.setStage = deps.db
      .update(requests)
      .set(setPlaceholders(['stage', 'stageSince']))
      .where(id)
      .prepare()
    this.bumpRevisionOf = deps.db
      .update(requests)
      .set({ revision: sql`${requests.revision} + 1` })
      .where(id)
      .prepare()
  }

  /**
   * For work on a request being dispensed outside the table's steps (the pack scans), once it is
   * done: the person who did it at the claim's bench carries the work on, and holds the claim. A
   * claim released mid-way is taken again by whoever carries the dispensing on, at their bench: it
   * is being worked again, so the other benches are shown who works it and kept out.
   */
  carriedOnHere(ctx: HandlerContext, request: RequestRecord): void {
    const actor = ctx.actor
    if (!actor) return
    const claim = request.row.claim
    if (claim) return this.claims.passTo(claim, request.row.id, actor, ctx.session.bench, ctx.now)
    const now = this.deps.requests.get(request.row.id)?.row
    if (now?.stage === 'dispensing' && !now.claim)
      this.claims.take(now.id, actor, ctx.session.bench, now.stage, ctx.now)
  }

  /**
   * Refuses work on a request another bench holds (the pack scans of a dispensing, a release),
   * saying who holds it, where, and since when.
   */
  refuseIfClaimedElsewhere(ctx: HandlerContext, request: RequestRecord): void {
    const claim = request.row.claim
    if (!claim || !ctx.actor || !claimedElsewhere(claim, ctx.session.bench)) return
    throw new CounterError(
      'conflict',
      `${request.row.id} is being worked elsewhere: ${claimInWords(claim, ctx.now)}. A pharmacist can take it over.`,
      { details: { claim } }
    )
  }

  /** The bench working a request gives up its claim (they stop mid-way); audited with whose it was. */
  releaseClaim(ctx: HandlerContext, requestId: string): RequestDetail {
    const request = this.deps.requests.get(requestId)
    if (!request) throw new CounterError('not_found', `There is no request ${requestId} on this host.`)
    const claim = request.row.claim
    if (!claim) throw new CounterError('conflict', `Nobody is working ${requestId} now.`)
    this.refuseIfClaimedElsewhere(ctx, request)
    this.claims.release(requestId)
    this.bumpRevision(requestId)
    ctx.audit({ entityType: 'request', entityId: requestId, summary: { released: claim } })
    ctx.broadcast('worklist.changed', { requestIds: [requestId] })
    return this.detail(requestId)
  }

  /** A pharmacist takes over, to their own bench, a request another bench holds; audited with whose it was. */
  takeOver(ctx: HandlerContext, requestId: string): RequestDetail {
    const actor = ctx.actor
    if (!actor) throw new CounterError('not_signed_in', 'Sign in first.')
    const request = this.deps.requests.get(requestId)
    if (!request) throw new CounterError('not_found', `There is no request ${requestId} on this host.`)
    const claim = request.row.claim
    if (!claim) throw new CounterError('conflict', `Nobody is working ${requestId} now: there is nothing to take over.`)
    if (!claimedElsewhere(claim, ctx.session.bench))
      throw new CounterError('conflict', `${requestId} is being worked at this bench: carry on with it here.`)
    this.claims.take(requestId, actor, ctx.session.bench, claim.stage, ctx.now)
    this.bumpRevision(requestId)
    ctx.audit({ entityType: 'request', entityId: requestId, summary: { takenOverFrom: claim } })
    ctx.broadcast('worklist.changed', { requestIds: [requestId] })
    return this.detail(requestId)
  }

  private detail(requestId: string): RequestDetail {
    return {
      ...this.deps.requests.get(requestId)!,
      timeline: this.deps.audit.list({ entityId: requestId, limit: 200 })
    }
  }

  private bumpRevision(requestId: string): void {
    this.bumpRevisionOf.run({ id: requestId })
  }

  /**
   * The request's last change of stage, in words: "Pack by Sam Patel at 09:05", or "Packing voided:
   * Phensys changed the delivery, at 10:02 by the counter". Not merely the last entry: that may be
   * a print withdrawn or a scan, named by an internal code, which says nothing of why the request
   * stands where it does.
   */
  private lastDone(requestId: string): string {
    const change = this.deps.audit
      .list({ entityId: requestId, limit: LOOKED_BACK })
      .find((entry) => isStageChange(entry.summary))
    if (!change) return 'no change of stage since it arrived'
    const { after } = change.summary as { after: Stage }
    const step = change.command.replace(/^(requests|workflow|dispensing)\./, '')
    const rule = step in TRANSITIONS ? TRANSITIONS[step as WorkflowCommand] : null
    const label = rule?.label ?? `Moved to ${STAGE_LABELS[after]}`
    if (rule?.by === 'phensys') return `${label}, at ${formatTime(change.at)} by the counter`
    return `${label} by ${change.actorName ?? 'the counter'} at ${formatTime(change.at)}`
  }

  /** Who holds the request now, and at which bench; null when nobody does. */
  claimOn(requestId: string): ClaimView | null {
    return this.deps.requests.get(requestId)?.row.claim ?? null
  }

  /** The request's stage, or undefined when there is no such request. */
  stageOf(requestId: string): Stage | undefined {
    return this.deps.requests.stageOf(requestId)
  }

  /**
   * For a step that leaves the request where it is (the clinical check, a voided check): its
   * stage, which the table must list among where the step may lead.
   */
  stays<C extends WorkflowCommand>(command: C, request: RequestRecord): TargetOf<C> {
    const rule: Transition = TRANSITIONS[command]
    const stage = request.row.stage
    if (!rule.to.includes(stage)) throw new Error(`${command} may not stay in ${stage}`)
    return stage as TargetOf<C>
  }

  /** Whether the table lets this step start from this stage. */
  allows(command: WorkflowCommand, stage: Stage): boolean {
    const rule: Transition = TRANSITIONS[command]
    return rule.from.includes(stage)
  }

  /** How far these re-scans go towards the request's accuracy check; throws on a scan the check refuses. */
  rescanProgress(requestId: string, rescans: readonly string[], now: Date): RescanProgress {
    return readRescans(this.deps.facts, requestId, rescans, Number(this.deps.facts.today(now).slice(0, 4)))
  }

  /** Whether this person scanned or labelled part of the request (their accuracy check is a self-check). */
  assembledBy(requestId: string, personId: string): boolean {
    return assembledBy(this.deps.facts, requestId, personId)
  }

  /** A person's step, from their call: answers the request as it now is, with its timeline. */
  command<C extends CommandBy<'person'>>(
    ctx: HandlerContext,
    command: C,
    requestId: string,
    input: CommandInput<C>,
    decide: Decide<C>
  ): RequestDetail {
    const actor = ctx.actor
    if (!actor) throw new CounterError('not_signed_in', 'Sign in first.')
    this.runTransition(
      command,
      requestId,
      {
        by: 'person',
        actor,
        at: { bench: ctx.session.bench, basedOnRevision: ctx.basedOnRevision, passesClaim: !ctx.forClaimHolder },
        now: ctx.now,
        eventActor: { id: actor.id, name: actor.displayName, role: actor.roles[0] ?? 'staff' },
        audit: (entityId, summary) => ctx.audit({ entityType: 'request', entityId, summary }),
        broadcast: (requestIds) => ctx.broadcast('worklist.changed', { requestIds })
      },
      input as GuardSubject['input'],
      decide
    )
    return this.detail(requestId)
  }

  /** A step Phensys decided; runs in the transaction that stores its snapshot. */
  byPhensys<C extends CommandBy<'phensys'>>(command: C, requestId: string, now: Date, decide: Decide<C>): void {
    this.runTransition(
      command,
      requestId,
      {
        by: 'phensys',
        actor: null,
        now,
        eventActor: SYSTEM_ACTOR,
        audit: (entityId, summary) => this.appendAudit(command, entityId, null, now, summary),
        // The sync loop tells the windows what changed once the page of the feed is stored.
        broadcast: () => undefined
      },
      {},
      decide
    )
  }

  /** A step the counter takes by itself once someone's action made it possible, on their behalf. */
  bySystem<C extends CommandBy<'system'>>(command: C, requestId: string, cause: Cause, decide: Decide<C>): void {
    const { person, now } = cause
    this.runTransition(
      command,
      requestId,
      {
        by: 'system',
        actor: person,
        now,
        eventActor: { id: person.id, name: person.displayName, role: person.roles[0] ?? 'staff' },
        audit: (entityId, summary) => this.appendAudit(command, entityId, person, now, summary),
        broadcast: cause.broadcast
      },
      {},
      decide
    )
  }

  private runTransition<C extends WorkflowCommand>(
    command: C,
    id: string,
    move: Move,
    input: GuardSubject['input'],
    decide: Decide<C>
  ): void {
    const rule: Transition = TRANSITIONS[command]
    if (rule.by !== move.by) throw new Error(`${command} is taken by ${rule.by}, not ${move.by}`)
    const request = this.deps.requests.get(id)
    if (!request) throw new CounterError('not_found', `There is no request ${id} on this workstation.`)
    const before = request.row.stage
    // A person's step is based on what their screen showed: a request changed since, or held at
    // another bench, is refused with who did what, before anything is written.
    if (move.at && move.at.basedOnRevision !== null && move.at.basedOnRevision !== request.row.revision) {
      throw new CounterError(
        'conflict',
        `${id} changed since your screen showed it (now ${STAGE_LABELS[before]}; last: ${this.lastDone(id)}). Nothing was done: look again before carrying on.`
      )
    }
    // Only a claim taken at another bench refuses a step; at its own bench whoever acts carries on.
    const besideClaims: Transition = rule
    const claim = besideClaims.alongsideClaim ? null : request.row.claim
    if (move.at && move.actor && claim && claimedElsewhere(claim, move.at.bench)) {
      throw new CounterError(
        'conflict',
        `${rule.label} is not possible: ${id} is being worked elsewhere: ${claimInWords(claim, move.now)}.`,
        { details: { claim } }
      )
    }
    if (!rule.from.includes(before)) {
      throw new CounterError(
        'conflict',
        `${rule.label} is not possible: ${id} is ${STAGE_LABELS[before]} (last: ${this.lastDone(id)}).`
      )
    }
    if (move.by === 'person' && !rule.roles.some((role) => move.actor?.roles.includes(role))) {
      throw new CounterError(
        'forbidden',
        `${rule.label} needs the role ${rule.roles.join(' or ')}; ${move.actor?.displayName ?? 'nobody'} does not have it.`
      )
    }
    const subject: GuardSubject = { command, request, actor: move.actor, now: move.now, input }
    for (const guard of rule.guards) GUARD_CHECKS[guard](subject, this.deps.facts)

    const { to, events, note } = decide(request)
    if (!rule.to.includes(to)) throw new Error(`${command} may not lead to ${to}`)
    if (to !== before) {
      this.setStage.run({ id, stage: to, stageSince: move.now.toISOString() })
      // A claim lasts while the request stays where it was taken: finishing the work ends it.
      this.claims.release(id)
    }
    this.bumpRevision(id)
    const claiming: Transition = rule
    if (claiming.claims && move.at && move.actor) this.claims.take(id, move.actor, move.at.bench, to, move.now)
    // Carried on at the claim's bench by someone else: the claim is theirs now, and the entry says from whom.
    const passed =
      to === before && move.at?.passesClaim && move.actor && claim && claim.userId !== move.actor.id ? claim : null
    if (passed && move.at && move.actor) this.claims.passTo(passed, id, move.actor, move.at.bench, move.now)
    move.audit(id, {
      before,
      after: to,
      ...(note === undefined ? {} : { note }),
      ...(passed ? { claimPassedFrom: passed } : {})
    })
    for (const event of events as OutgoingEvent[]) {
      if (!rule.events.includes(event.type)) throw new Error(`${command} may not send ${event.type}`)
      this.deps.outbox.enqueue(id, event.type, event.data as never, {
        basedOnVersion: request.version,
        actor: move.eventActor,
        now: move.now
      })
    }
    move.broadcast([id])
  }

  private appendAudit(command: WorkflowCommand, requestId: string, person: Actor | null, now: Date, summary: unknown) {
    this.deps.audit.append({
      at: now.toISOString(),
      actorId: person?.id ?? null,
      actorName: person?.displayName ?? 'Phensys',
      command: `workflow.${command}`,
      entityType: 'request',
      entityId: requestId,
      summary
    })
  }
}

/** How far back a refusal looks for the request's last change of stage (scans and prints come between). */
const LOOKED_BACK = 500

function isStageChange(summary: unknown): boolean {
  if (typeof summary !== 'object' || summary === null || !('before' in summary) || !('after' in summary)) return false
  return summary.after !== summary.before && typeof summary.after === 'string' && summary.after in STAGE_LABELS
}
