import Fluent

/// Notifications written before they stopped carrying students' words (a cancellation's reason, a repair note) keep
/// only what happened; the words themselves are sealed on the meeting.
struct UpdateAppNotificationDropStudentWords: AsyncMigration {
    func prepare(on database: any Database) async throws {
        for notification in try await AppNotification.query(on: database).all() {
            let text = notification.text
            if let range = text.range(of: " sent a note about the missed meeting: ") {
                notification.text = String(text[..<range.lowerBound]) + " sent a note about the missed meeting. Open it to read it."
            } else if let cancelled = text.range(of: " cancelled the meeting on "), let colon = text.range(of: ": ", range: cancelled.upperBound..<text.endIndex) {
                notification.text = String(text[..<colon.lowerBound]) + ". Open it to see why."
            } else {
                continue
            }
            try await notification.update(on: database)
        }
    }
    func revert(on database: any Database) async throws {}
}
