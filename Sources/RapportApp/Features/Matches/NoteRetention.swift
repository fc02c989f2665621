import Fluent
import Foundation
import SQLKit
import Vapor

/// Retention: the words of a match that closed more than `noteRetentionMonths` ago are removed: notes, summaries and
/// setbacks go; places, reasons, commitments, wins, goals, steps and feedback keep their dates and counts but their
/// text is emptied. Concerns are never touched. Each purge is written to the audit log with what it removed.
enum NoteRetention {
    static func purgeDue(_ app: Application) async throws {
        let configuration = app.rapport
        let now = app.dependencies.now
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = configuration.timeZone
        guard let cutoff = calendar.date(byAdding: .month, value: -configuration.noteRetentionMonths, to: now) else { return }
        let closings = try await MatchTransition.query(on: app.db).filter(\.$toState == .closed).filter(\.$occurredAt < cutoff).all()
        let due = try await MentoringMatch.query(on: app.db).filter(\.$id ~~ closings.map(\.$match.id)).filter(\.$state == .closed)
            .filter(\.$notesPurgedAt == nil).all()
        for match in due {
            try await app.db.transaction { database in
                // Claimed by one conditional update, so two servers never purge (and audit) the same match twice.
                guard let sql = database as? any SQLDatabase, try await sql.update(MentoringMatch.schema)
                    .set("notes_purged_at", to: SQLBind(now)).where("id", .equal, SQLBind(try match.requireID()))
                    .where("notes_purged_at", .is, SQLLiteral.null).returning("id").all().count == 1 else { return }
                let removed = try await purge(match, notes: app.notes, on: database)
                try await app.audit.record("purged notes", subject: "match \(try match.requireID()): \(removed) values, closed over \(configuration.noteRetentionMonths) months ago",
                                           by: nil, schoolID: match.$school.id, on: database)
            }
        }
    }

    /// Removes one match's words; returns how many values went.
    static func purge(_ match: MentoringMatch, notes: NoteCipher, on database: any Database) async throws -> Int {
        let matchID = try match.requireID()
        let eraser = WordEraser(notes: notes, database: database)
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id == matchID).all()
        let meetingIDs = meetings.compactMap(\.id)
        var removed = try await eraser.delete(MeetingEntry.query(on: database).filter(\.$meeting.$id ~~ meetingIDs))
        removed += try await eraser.delete(MeetingSummary.query(on: database).filter(\.$meeting.$id ~~ meetingIDs))
        for meeting in meetings {
            try notes.seal("", into: meeting, \.$placeSealed)
            meeting.changeReasonSealed = nil
            try await meeting.update(on: database)
            removed += 1
        }
        removed += try await eraser.repairNotes(MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetingIDs))
        removed += try await eraser.commitments(Commitment.query(on: database).filter(\.$match.$id == matchID))
        let winIDs = try await Win.query(on: database).filter(\.$match.$id == matchID).all().compactMap(\.id)
        removed += try await eraser.wins(Win.query(on: database).filter(\.$id ~~ winIDs))
        removed += try await eraser.celebrationLines(WinReaction.query(on: database).filter(\.$win.$id ~~ winIDs))
        removed += try await eraser.goals(Goal.query(on: database).filter(\.$match.$id == matchID), encouragements: true)
        removed += try await eraser.feedback(FeedbackAnswer.query(on: database).filter(\.$match.$id == matchID))
        removed += try await eraser.delete(ClosingReflection.query(on: database).filter(\.$match.$id == matchID))
        removed += try await eraser.delete(GroundRulesVersion.query(on: database).filter(\.$match.$id == matchID))
        for ask in try await StopRequest.query(on: database).filter(\.$match.$id == matchID).filter(\.$textSealed != nil).all() {
            ask.textSealed = nil
            try await ask.update(on: database)
            removed += 1
        }
        // The coordinator's words about the pair go too: dates, who and how stay.
        for checkIn in try await PairCheckIn.query(on: database).filter(\.$match.$id == matchID).all() {
            try notes.seal("", into: checkIn, \.$noteSealed)
            checkIn.nextStepSealed = nil
            try await checkIn.update(on: database)
            removed += 1
        }
        for snooze in try await FlagSnooze.query(on: database).filter(\.$match.$id == matchID).all() {
            try notes.seal("", into: snooze, \.$reasonSealed)
            try await snooze.update(on: database)
            removed += 1
        }
        return removed
    }
}
