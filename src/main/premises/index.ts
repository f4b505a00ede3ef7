export { premisesHandlers } from './premises-handlers'
export { WorkstationRegistry, pairingProof } from './workstation-registry'
export type { Pairing } from './workstation-registry'
