export { ClinicalChecksRepo } from './clinical-checks-repo'
export { SafetyFlags } from './safety-flags'
export { bundledSafetyFile } from './safety-file'
export { clinicalHandlers } from './clinical-handlers'
