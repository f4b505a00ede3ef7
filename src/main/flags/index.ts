export { RequestFlags } from './request-flags'
export { flagHandlers } from './flag-handlers'
export type { LabelDecisions } from './label-decisions'
export { characterName } from './control-characters'
