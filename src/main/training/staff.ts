import type { Role } from '../../shared/roles'
import { hashSecret, type ScryptCost, type UsersRepo } from '../users'

/** The demo staff of training mode, with PINs the sign-in screen shows. Never created on a live workstation. */
export const TRAINING_STAFF: ReadonlyArray<{
  username: string
  displayName: string
  pin: string
  roles: Role[]
  gphcNumber: string | null
}> = [
  { username: 'spatel', displayName: 'Sam Patel', pin: '1111', roles: ['pharmacist'], gphcNumber: '2071234' },
  { username: 'ajones', displayName: 'Alex Jones', pin: '2222', roles: ['dispenser'], gphcNumber: null },
  {
    username: 'pshah',
    displayName: 'Priya Shah',
    pin: '3333',
    roles: ['accuracy_checker', 'dispenser'],
    gphcNumber: null
  },
  { username: 'admin', displayName: 'Training Administrator', pin: '9999', roles: ['administrator'], gphcNumber: null }
]

export function seedTrainingStaff(users: UsersRepo, now: Date, cost: ScryptCost): void {
  if (users.count() > 0) return
  for (const person of TRAINING_STAFF) {
    users.insert({
      username: person.username,
      displayName: person.displayName,
      roles: person.roles,
      gphcNumber: person.gphcNumber,
      secretHash: hashSecret(person.pin, cost),
      createdAt: now.toISOString()
    })
  }
}
