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
        let now = configuration.clock.now()
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
        var removed = 0
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id == matchID).all()
        let meetingIDs = meetings.compactMap(\.id)
        removed += try await MeetingEntry.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).count()
        try await MeetingEntry.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).delete()
        removed += try await MeetingSummary.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).count()
        try await MeetingSummary.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).delete()
        for meeting in meetings {
            try notes.seal("", into: meeting, \.$placeSealed)
            meeting.changeReasonSealed = nil
            try await meeting.update(on: database)
            removed += 1
        }
        for record in try await MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).filter(\.$repairNoteSealed != nil).all() {
            record.repairNoteSealed = nil
            try await record.update(on: database)
            removed += 1
        }
        for commitment in try await Commitment.query(on: database).filter(\.$match.$id == matchID).all() {
            try notes.seal("", into: commitment, \.$textSealed)
            commitment.followUpSealed = nil
            try await commitment.update(on: database)
            removed += 1
        }
        let wins = try await Win.query(on: database).filter(\.$match.$id == matchID).all()
        for win in wins {
            try notes.seal("", into: win, \.$textSealed)
            try await win.update(on: database)
            removed += 1
        }
        for reaction in try await WinReaction.query(on: database).filter(\.$win.$id ~~ wins.compactMap(\.id)).filter(\.$lineSealed != nil).all() {
            reaction.lineSealed = nil
            try await reaction.update(on: database)
            removed += 1
        }
        let goals = try await Goal.query(on: database).filter(\.$match.$id == matchID).all()
        let goalIDs = goals.compactMap(\.id)
        for goal in goals {
            try notes.seal("", into: goal, \.$titleSealed)
            try await goal.update(on: database)
            removed += 1
        }
        for step in try await GoalStep.query(on: database).filter(\.$goal.$id ~~ goalIDs).all() {
            try notes.seal("", into: step, \.$textSealed)
            step.encouragementSealed = nil
            try await step.update(on: database)
            removed += 1
        }
        removed += try await GoalSetback.query(on: database).filter(\.$goal.$id ~~ goalIDs).count()
        try await GoalSetback.query(on: database).filter(\.$goal.$id ~~ goalIDs).delete()
        for answer in try await FeedbackAnswer.query(on: database).filter(\.$match.$id == matchID).all() {
            try notes.seal("", into: answer, \.$goingWellSealed)
            answer.suggestionSealed = nil
            try await answer.update(on: database)
            removed += 1
        }
        return removed
    }
}

struct UpdateMentoringMatchAddNotesPurgedAt: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).field("notes_purged_at", .datetime).update()
    }
    func revert(on database: any Database) async throws {
        try await database.schema(MentoringMatch.schema).deleteField("notes_purged_at").update()
    }
}
