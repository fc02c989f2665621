import Fluent
import Foundation
import Vapor

/// Deleting a student, for a request to erase their data: what identifies them and what they wrote goes; what the
/// other student of a pair wrote, dates and counts stay, and so do worries they raised (a safeguarding record is
/// not erased). The person's row stays, renamed "Former student" with a random username, so matches, meetings and
/// the audit log (which names people only by role and id) keep their shape.
enum StudentDeletion {
    /// Returns how many records changed or went.
    static func delete(_ student: Person, notes: NoteCipher, on database: any Database) async throws -> Int {
        let studentID = try student.requireID()
        var changed = 0
        let shortID = String(studentID.uuidString.lowercased().prefix(8))
        student.givenName = "Former"
        student.familyName = "student \(shortID)"
        student.username = "deleted-\(shortID)-\(Secrets.randomToken(bytes: 4).lowercased().filter { $0.isLetter || $0.isNumber })"
        student.email = nil
        student.passwordHash = nil
        student.sourceID = nil
        student.gender = nil
        student.isActive = false
        try await student.update(on: database)

        let profile = try await MentoringProfile.of(student, on: database)
        profile.interests = []
        profile.dislikes = []
        profile.currentChallenges = []
        profile.overcomeChallenges = []
        profile.freePeriods = []
        profile.wantsSameGenderMentor = false
        profile.about = ""
        try await profile.save(on: database)

        changed += try await deleteAll(MentorStory.query(on: database).filter(\.$mentor.$id == studentID))
        changed += try await deleteAll(AuthSession.query(on: database).filter(\.$person.$id == studentID))
        changed += try await deleteAll(LoginCode.query(on: database).filter(\.$person.$id == studentID))
        changed += try await deleteAll(CalendarFeed.query(on: database).filter(\.$person.$id == studentID))
        changed += try await deleteAll(AppNotification.query(on: database).filter(\.$person.$id == studentID))
        changed += try await deleteAll(MeetingEntry.query(on: database).filter(\.$author.$id == studentID))
        changed += try await deleteAll(CheckIn.query(on: database).filter(\.$person.$id == studentID))

        for commitment in try await Commitment.query(on: database).filter(\.$person.$id == studentID).all() {
            try notes.seal("", into: commitment, \.$textSealed)
            commitment.followUpSealed = nil
            try await commitment.update(on: database)
            changed += 1
        }
        for win in try await Win.query(on: database).filter(\.$author.$id == studentID).all() {
            try notes.seal("", into: win, \.$textSealed)
            try await win.update(on: database)
            changed += 1
        }
        for reaction in try await WinReaction.query(on: database).filter(\.$person.$id == studentID).filter(\.$lineSealed != nil).all() {
            reaction.lineSealed = nil
            try await reaction.update(on: database)
            changed += 1
        }
        for answer in try await FeedbackAnswer.query(on: database).filter(\.$person.$id == studentID).all() {
            try notes.seal("", into: answer, \.$goingWellSealed)
            answer.suggestionSealed = nil
            try await answer.update(on: database)
            changed += 1
        }
        for record in try await MeetingAttendance.query(on: database).filter(\.$person.$id == studentID).filter(\.$repairNoteSealed != nil).all() {
            record.repairNoteSealed = nil
            try await record.update(on: database)
            changed += 1
        }
        // Goals are the mentee's own words; what I heard is the mentor's.
        let matches = try await MentoringMatch.query(on: database)
            .group(.or) { $0.filter(\.$mentor.$id == studentID).filter(\.$mentee.$id == studentID) }.all()
        for match in matches {
            if match.$mentee.id == studentID {
                for goal in try await Goal.query(on: database).filter(\.$match.$id == match.requireID()).with(\.$steps).all() {
                    try notes.seal("", into: goal, \.$titleSealed)
                    try await goal.update(on: database)
                    for step in goal.steps {
                        try notes.seal("", into: step, \.$textSealed)
                        try await step.update(on: database)
                    }
                    changed += 1 + goal.steps.count
                    changed += try await deleteAll(GoalSetback.query(on: database).filter(\.$goal.$id == goal.requireID()))
                }
            } else {
                let meetingIDs = try await Meeting.query(on: database).filter(\.$match.$id == match.requireID()).all().compactMap(\.id)
                changed += try await deleteAll(MeetingSummary.query(on: database).filter(\.$meeting.$id ~~ meetingIDs))
            }
        }
        return changed
    }

    private static func deleteAll<M: Model>(_ query: QueryBuilder<M>) async throws -> Int {
        let count = try await query.count()
        try await query.delete()
        return count
    }
}
