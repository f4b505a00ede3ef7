/**
 * Codes as a person reads them: stages, delivery services, routes. Everything on screen that
 * comes as a code from Phensys or main goes through here (or through `humanise` for a code with
 * no better name).
 */
import { COLLECT, STARTING_CARRIERS } from '@shared/dispatch/starting-carriers'
import { STAGE_LABELS, isStage } from '@shared/workflow/stages'
import { humanise } from './format'

export function stageName(stage: string): string {
  return isStage(stage) ? STAGE_LABELS[stage] : humanise(stage)
}

const SERVICES = new Map(
  STARTING_CARRIERS.services.map((service) => [service.code, `${service.carrier} ${service.service}`])
)

/** "Royal Mail Tracked 24" for `royal_mail_tracked_24`: the carrier's own names where they are known. */
export function serviceName(code: string): string {
  if (code === COLLECT) return 'Collection from the pharmacy'
  return SERVICES.get(code) ?? humanise(code)
}

// The contract's routes (`video_consultation`, …).
const ROUTES: Record<string, string> = {
  upload: 'Uploaded prescription',
  video_consultation: 'Video consultation',
  phone_consultation: 'Phone consultation',
  form_consultation: 'Online form consultation'
}

const FEED_KINDS: Record<string, string> = {
  'request.created': 'New request',
  'request.updated': 'Request changed',
  'request.cancelled': 'Request cancelled',
  'patient.decided': "Patient's decision",
  'query.resolved': 'Query answered',
  // Not the feed's: where the counter itself met the snapshot.
  'event.answer': "Phensys's answer to an event",
  'event.conflict': "Phensys's refusal of an event",
  'look-up': 'Asked for by its id',
  resync: 'Read again after the feed expired'
}

/** What a feed entry was, in words; a kind the counter does not know is named as it came. */
export function feedKindName(kind: string | null): string {
  if (kind === null) return 'Entry of no kind'
  return FEED_KINDS[kind] ?? `Entry of a kind the counter does not know (${kind})`
}

export function routeName(route: string): string {
  return ROUTES[route] ?? humanise(route)
}

const OUTBOX_OUTCOMES: Record<string, string> = {
  pending: 'Waiting to send',
  sent: 'Sent',
  superseded: 'Not sent: Phensys had already stopped the request',
  conflict: 'Refused by Phensys: waiting for a person',
  failed: 'Refused by Phensys: waiting for a person',
  dismissed: 'Set aside by a person'
}

/** What became of a status event for Phensys, in words. */
export function outboxOutcome(status: string): string {
  return OUTBOX_OUTCOMES[status] ?? humanise(status)
}

// The main process words a stuck event in F9 the same way.
export { statusEventName } from '@shared/phensys/event-names'
