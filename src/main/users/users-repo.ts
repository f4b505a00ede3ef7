import { eq, sql } from 'drizzle-orm'
import { randomUUID } from 'node:crypto'
import type { CounterDb } from '../db/open'
import { users } from '../db/schema'
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
  constructor(private readonly db: CounterDb) {}

  count(): number {
    return (
      this.db
        .select({ n: sql<number>`count(*)` })
        .from(users)
        .get()?.n ?? 0
    )
  }

  byId(id: string): UserRow | undefined {
    return this.db.select().from(users).where(eq(users.id, id)).get()
  }

  byUsername(username: string): UserRow | undefined {
    return this.db
      .select()
      .from(users)
      .where(sql`${users.username} = ${username} COLLATE NOCASE`)
      .get()
  }

  all(): UserRow[] {
    return this.db.select().from(users).orderBy(users.displayName).all()
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
