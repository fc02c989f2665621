import Fluent
import Foundation
import Vapor

/// Deleting a student, for a request to erase their data: what identifies them and what they wrote goes; what the
/// other student of a pair wrote, dates and counts stay, and so do worries they raised (a safeguarding record is
/// not erased). The person's row stays, renamed "Former student" with a random username, so matches, meetings and
/// the audit log (which names people only by role and id) keep their shape.
enum StudentDeletion {
    /// Returns how many records changed or went.
    static func delete(_ student: Person, notes: NoteCipher, random: RandomSource, on database: any Database) async throws -> Int {
        let studentID = try student.requireID()
        var changed = 0
        let shortID = String(studentID.uuidString.lowercased().prefix(8))
        student.givenName = "Former"
        student.familyName = "student \(shortID)"
        student.username = "deleted-\(shortID)-\(Secrets.randomToken(bytes: 4, using: random).lowercased().filter { $0.isLetter || $0.isNumber })"
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
        profile.identities = []
        profile.identitiesVisible = false
        try await profile.save(on: database)

        let eraser = WordEraser(notes: notes, database: database)
        changed += try await eraser.delete(MentorStory.query(on: database).filter(\.$mentor.$id == studentID))
        changed += try await eraser.delete(AuthSession.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(LoginCode.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(CalendarFeed.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(AppNotification.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(MeetingEntry.query(on: database).filter(\.$author.$id == studentID))
        changed += try await eraser.delete(CheckIn.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.commitments(Commitment.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.wins(Win.query(on: database).filter(\.$author.$id == studentID))
        changed += try await eraser.celebrationLines(WinReaction.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.feedback(FeedbackAnswer.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.repairNotes(MeetingAttendance.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(ClosingReflection.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(StopRequest.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(GroundRulesVersion.query(on: database).filter(\.$writtenBy.$id == studentID))
        changed += try await eraser.delete(ReminderSettings.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(SentReminder.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(MentorWellbeing.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(MentorHelpRequest.query(on: database).filter(\.$person.$id == studentID))
        changed += try await eraser.delete(OutcomeAnswer.query(on: database).filter(\.$person.$id == studentID))
        // A coordinator's do-not-pair reasons are about the student; a safeguarding restriction stays with its concern.
        changed += try await eraser.delete(PairingRestriction.query(on: database).filter(\.$kind == .doNotPair)
            .group(.or) { $0.filter(\.$student.$id == studentID).filter(\.$other.$id == studentID) })
        // Goals are the mentee's own words (the mentor's encouragements stay); what I heard is the mentor's.
        let matches = try await MentoringMatch.query(on: database)
            .group(.or) { $0.filter(\.$mentor.$id == studentID).filter(\.$mentee.$id == studentID) }.all()
        let asMentee = matches.filter { $0.$mentee.id == studentID }.compactMap(\.id)
        let asMentor = matches.filter { $0.$mentor.id == studentID }.compactMap(\.id)
        changed += try await eraser.goals(Goal.query(on: database).filter(\.$match.$id ~~ asMentee), encouragements: false)
        let mentoredMeetings = try await Meeting.query(on: database).filter(\.$match.$id ~~ asMentor).all().compactMap(\.id)
        changed += try await eraser.delete(MeetingSummary.query(on: database).filter(\.$meeting.$id ~~ mentoredMeetings))
        return changed
    }
}
