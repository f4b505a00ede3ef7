export { RequestFlags, type FlagChanges } from './request-flags'
export { flagHandlers, type FlagHandlerDeps } from './flag-handlers'
export type { PharmacyKnowledge } from './intake-flags'
export type { LabelDecisions } from './label-decisions'
