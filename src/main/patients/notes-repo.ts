import { and, asc, desc, eq, gte, sql } from 'drizzle-orm'
import { type CounterDb, placeholders, staffNotes } from '../db'

export type StaffNoteRow = typeof staffNotes.$inferSelect

/** Staff notes on requests and patients: written once, never changed (triggers refuse it). */
export class NotesRepo {
  private readonly insertNote
  private readonly ofSubject
  private readonly since

  constructor(db: CounterDb) {
    const n = staffNotes
    this.insertNote = db
      .insert(n)
      .values(placeholders(['subject', 'subjectId', 'text', 'byId', 'byName', 'at']))
      .returning()
      .prepare()
    this.ofSubject = db
      .select()
      .from(n)
      .where(and(eq(n.subject, sql.placeholder('subject')), eq(n.subjectId, sql.placeholder('subjectId'))))
      .orderBy(asc(n.id))
      .prepare()
    this.since = db
      .select()
      .from(n)
      .where(gte(n.at, sql.placeholder('since')))
      .orderBy(desc(n.id))
      .limit(200)
      .prepare()
  }

  add(note: Omit<StaffNoteRow, 'id'>): StaffNoteRow {
    return this.insertNote.get({ ...note })!
  }

  of(subject: StaffNoteRow['subject'], subjectId: string): StaffNoteRow[] {
    return this.ofSubject.all({ subject, subjectId })
  }

  /** The newest notes made since an instant (at most 200). */
  madeSince(since: string): StaffNoteRow[] {
    return this.since.all({ since })
  }
}
