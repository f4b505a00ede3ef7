import type { Handlers } from './contract'
import type { SettingsRepo } from './settings'
import type { UsersRepo } from './users'
import { APP_VERSION } from '../shared/version'
import { TRAINING_STAFF } from './training'

export function appHandlers(deps: {
  users: UsersRepo
  settings: SettingsRepo
  training: boolean
}): Pick<Handlers, 'app.info'> {
  return {
    'app.info': () => {
      const people = deps.users.all().filter((user) => user.active)
      return {
        version: APP_VERSION,
        training: deps.training,
        firstRun: people.length === 0,
        workstationId: deps.settings.get('workstationId'),
        pharmacyName: deps.settings.get('pharmacy').name,
        // A live workstation names nobody before sign-in: people type their username or scan their badge.
        signInNames: deps.training
          ? people.map((user) => ({ username: user.username, displayName: user.displayName }))
          : [],
        trainingAccounts: deps.training
          ? TRAINING_STAFF.map(({ username, displayName, pin, roles }) => ({ username, displayName, pin, roles }))
          : []
      }
    }
  }
}
