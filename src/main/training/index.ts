export { TRAINING_STAFF, seedTrainingStaff } from './staff'
export { trainerHandlers } from './trainer-handlers'
