import { count, eq, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import { type CounterDb, users } from '../db'
import { ROLES, type Role } from '../../shared/roles'
import type { UserView } from '../../shared/contract'

export type UserRow = typeof users.$inferSelect

export function toUserView(row: UserRow): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    roles: row.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    gphcNumber: row.gphcNumber,
    active: row.active
  }
}

export class UsersRepo {
  private readonly counted
  private readonly selectById
  private readonly selectByUsername
  private readonly selectAll

  constructor(private readonly db: CounterDb) {
    this.counted = db.select({ n: count() }).from(users).prepare()
    // Every call checks its session's user: prepared once.
    this.selectById = db
      .select()
      .from(users)
      .where(eq(users.id, sql.placeholder('id')))
      .prepare()
    this.selectByUsername = db
      .select()
      .from(users)
      .where(sql`${users.username} = ${sql.placeholder('username')} COLLATE NOCASE`)
      .prepare()
    this.selectAll = db.select().from(users).orderBy(users.displayName).prepare()
  }

  count(): number {
    return this.counted.get()?.n ?? 0
  }

  byId(id: string): UserRow | undefined {
    return this.selectById.get({ id })
  }

  byUsername(username: string): UserRow | undefined {
    return this.selectByUsername.get({ username })
  }

  all(): UserRow[] {
    return this.selectAll.all()
  }

  insert(user: Omit<UserRow, 'id' | 'failedAttempts' | 'retryAfter' | 'active'>): UserRow {
    return this.db
      .insert(users)
      .values({ ...user, id: `u_${randomUUID()}`, failedAttempts: 0, retryAfter: null, active: true })
      .returning()
      .get()
  }

  update(id: string, changes: Partial<Omit<UserRow, 'id' | 'createdAt'>>): UserRow {
    const row = this.db.update(users).set(changes).where(eq(users.id, id)).returning().get()
    if (!row) throw new Error(`user ${id} vanished during update`)
    return row
  }
}
