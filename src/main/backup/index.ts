export { restoreStore, StoreBackup } from './store-backup'
export type { BackupSchedule } from './store-backup'
