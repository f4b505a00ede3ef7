/**
 * Codes as a person reads them: stages, delivery services, routes. Everything on screen that
 * comes as a code from Phensys or main goes through here (or through `humanise` for a code with
 * no better name).
 */
import { COLLECT, STARTING_CARRIERS } from '../../../shared/dispatch/starting-carriers'
import { STAGE_LABELS, isStage } from '../../../shared/workflow/stages'
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

const ROUTES: Record<string, string> = {
  upload: 'Uploaded prescription',
  video: 'Video consultation',
  phone: 'Phone consultation',
  form: 'Online form consultation'
}

export function routeName(route: string): string {
  return ROUTES[route] ?? humanise(route)
}
