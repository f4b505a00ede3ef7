export * from './users'
export * from './audit'
export * from './requests'
export * from './settings'
