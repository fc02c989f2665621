import Fluent
import Foundation

/// Empties the words students wrote while keeping the rows that carry dates and counts: the one place retention
/// (`NoteRetention`) and erasure (`StudentDeletion`) remove words. Each call returns how many values went.
struct WordEraser {
    let notes: NoteCipher
    let database: any Database

    func delete<M: Model>(_ query: QueryBuilder<M>) async throws -> Int {
        let count = try await query.count()
        try await query.delete()
        return count
    }

    func commitments(_ query: QueryBuilder<Commitment>) async throws -> Int {
        try await each(query) { commitment in
            try notes.seal("", into: commitment, \.$textSealed)
            commitment.followUpSealed = nil
        }
    }

    func wins(_ query: QueryBuilder<Win>) async throws -> Int {
        try await each(query) { try notes.seal("", into: $0, \.$textSealed) }
    }

    func celebrationLines(_ query: QueryBuilder<WinReaction>) async throws -> Int {
        try await each(query.filter(\.$lineSealed != nil)) { $0.lineSealed = nil }
    }

    /// Goal titles and their steps' words; setbacks go. A step's encouragement is the mentor's, so kept unless asked.
    func goals(_ query: QueryBuilder<Goal>, encouragements: Bool) async throws -> Int {
        let goals = try await query.all()
        let goalIDs = goals.compactMap(\.id)
        var removed = try await each(Goal.query(on: database).filter(\.$id ~~ goalIDs)) { try notes.seal("", into: $0, \.$titleSealed) }
        removed += try await each(GoalStep.query(on: database).filter(\.$goal.$id ~~ goalIDs)) { step in
            try notes.seal("", into: step, \.$textSealed)
            if encouragements { step.encouragementSealed = nil }
        }
        return removed + (try await delete(GoalSetback.query(on: database).filter(\.$goal.$id ~~ goalIDs)))
    }

    func feedback(_ query: QueryBuilder<FeedbackAnswer>) async throws -> Int {
        try await each(query) { answer in
            try notes.seal("", into: answer, \.$goingWellSealed)
            answer.suggestionSealed = nil
        }
    }

    func repairNotes(_ query: QueryBuilder<MeetingAttendance>) async throws -> Int {
        try await each(query.filter(\.$repairNoteSealed != nil)) { $0.repairNoteSealed = nil }
    }

    private func each<M: Model>(_ query: QueryBuilder<M>, _ change: (M) throws -> Void) async throws -> Int {
        let rows = try await query.all()
        for row in rows {
            try change(row)
            try await row.update(on: database)
        }
        return rows.count
    }
}
