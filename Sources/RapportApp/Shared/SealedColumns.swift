import Fluent
import Foundation
import SQLKit

/// Every column that holds sealed text, for work on all of them at once: re-sealing under the current key
/// (`rapport reseal-notes`) and the hostile demo. A test checks that no `*_sealed` field of a model is missing here.
enum SealedColumns {
    static let all: [(table: String, column: String)] = [
        (CalendarFeed.schema, "token_sealed"),
        (Commitment.schema, "text_sealed"), (Commitment.schema, "follow_up_sealed"),
        (Win.schema, "text_sealed"), (WinReaction.schema, "line_sealed"),
        (Goal.schema, "title_sealed"), (GoalStep.schema, "text_sealed"), (GoalStep.schema, "encouragement_sealed"),
        (GoalSetback.schema, "tried_sealed"), (GoalSetback.schema, "learnt_sealed"), (GoalSetback.schema, "next_sealed"),
        (FeedbackAnswer.schema, "going_well_sealed"), (FeedbackAnswer.schema, "suggestion_sealed"),
        (Meeting.schema, "place_sealed"), (Meeting.schema, "change_reason_sealed"),
        (MeetingAttendance.schema, "repair_note_sealed"), (MeetingEntry.schema, "body_sealed"),
        (MeetingSummary.schema, "text_sealed"), (MeetingSummary.schema, "correction_sealed"),
        (PairCheckIn.schema, "note_sealed"), (PairCheckIn.schema, "next_step_sealed"), (FlagSnooze.schema, "reason_sealed"),
        (StopRequest.schema, "text_sealed"), (RematchOverride.schema, "reason_sealed"),
        (PairingRestriction.schema, "reason_sealed"), (GroundRulesVersion.schema, "text_sealed"), (ReminderSettings.schema, "token_sealed"),
        (MentorWellbeing.schema, "note_sealed"), (MentorHelpRequest.schema, "text_sealed"),
        (ClosingReflection.schema, "text_sealed"),
    ]

    /// Sealed secrets Rapport itself uses (not words anyone wrote): re-sealed like the rest, never rewritten.
    static let secrets: [(table: String, column: String)] = [(TwoStepFactor.schema, "secret_sealed")]

    /// Sealed, but never re-sealed: the database refuses any change to a concern's words (see `ConcernGuards`), so
    /// they keep the key that sealed them, and that key must stay in `RAPPORT_NOTE_KEYS_RETIRED` while they exist.
    static let keptAsWritten: [(table: String, column: String)] = [
        (Concern.schema, "text_sealed"), (Concern.schema, "when_sealed"), (ConcernEntry.schema, "text_sealed"),
    ]

    /// Opens every sealed value and seals it again under the current key, bound to its row (`rewrite` may change the
    /// text on the way). A value changed meanwhile by the running server is left as the server wrote it: each row is
    /// written only if it still holds what was read. Returns how many values were re-sealed.
    @discardableResult
    static func reseal(
        on database: any Database, notes: NoteCipher, rewrite: ((_ text: String, _ table: String, _ column: String) -> String)? = nil
    ) async throws -> Int {
        guard let sql = database as? any SQLDatabase else { return 0 }
        var count = 0
        for (table, column) in all + (rewrite == nil ? secrets : []) {
            let rows = try await sql.select().column("id").column(SQLIdentifier(column)).from(table)
                .where(SQLIdentifier(column), .isNot, SQLLiteral.null).all()
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let sealed = try row.decode(column: column, as: String.self)
                guard rewrite != nil || !notes.isCurrent(sealed) else { continue }
                let context = NoteCipher.context(table: table, column: column, row: id)
                let text = try notes.open(sealed, context: context)
                let resealed = try notes.seal(rewrite?(text, table, column) ?? text, context: context)
                try await sql.update(table).set(SQLIdentifier(column), to: SQLBind(resealed))
                    .where("id", .equal, SQLBind(id)).where(SQLIdentifier(column), .equal, SQLBind(sealed)).run()
                count += 1
            }
        }
        return count
    }
}
