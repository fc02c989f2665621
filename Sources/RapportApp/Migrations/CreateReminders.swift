import Fluent
import SQLKit

struct CreateReminders: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(ReminderSettings.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("meeting_day_before", .bool, .required)
            .field("meeting_on_the_day", .bool, .required)
            .field("proposals", .bool, .required)
            .field("feedback", .bool, .required)
            .field("token_hash", .string, .required)
            .field("token_sealed", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id", name: "reminder_settings_one_per_person")
            .unique(on: "token_hash", name: "reminder_settings_token_unique")
            .create()
        try await database.schema(SentReminder.schema)
            .id()
            .field("person_id", .uuid, .required, .references(Person.schema, "id"))
            .field("kind", .string, .required)
            .field("about", .string, .required)
            .field("queued_at", .datetime, .required)
            .unique(on: "person_id", "kind", "about", name: "sent_reminders_once")
            .constraint(.constraint(.sql(unsafeRaw: "CHECK (kind IN ('meeting-day-before', 'meeting-on-the-day', 'proposal', 'feedback'))"),
                                    name: "sent_reminders_kind_known"))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(SentReminder.schema).delete()
        try await database.schema(ReminderSettings.schema).delete()
    }
}
