export { readConnection } from './connection-store'
export { SettingsRepo } from './settings'
export { settingsHandlers } from './settings-handlers'
export { storeHandlers } from './store-handlers'
