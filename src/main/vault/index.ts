export { enforceOwnerOnly } from './file-modes'
export { KeyFolder } from './key-folder'
export type { SecretBox } from './secret-box'
