import Foundation
import Testing
@testable import RapportApp

@Suite("Migrations")
struct MigrationNameTests {
    /// The names of the migrations shipped so far, in order, as a database made by an earlier commit has them recorded.
    /// A database knows a migration by its type's name: renaming or dropping one would run it again or lose it.
    static let shipped = [
            "CreateOrganisation",
            "CreateSchool",
            "CreatePerson",
            "CreateAuthSession",
            "CreateLoginCode",
            "CreateSignInAttempt",
            "CreateMentoringProfile",
            "CreateProgramme",
            "CreateAuditEvent",
            "CreateTrainingCompletion",
            "CreateMentorStory",
            "CreateAppNotification",
            "CreateMentoringMatch",
            "CreateMatchTransition",
            "CreateAgreement",
            "CreateMatchingRound",
            "UpdateProgrammeAddPracticeRules",
            "CreateMeeting",
            "CreateMeetingAttendance",
            "CreateCheckIn",
            "CreateMeetingEntry",
            "CreateMeetingSummary",
            "CreateCommitment",
            "CreateWin",
            "CreateGoal",
            "CreateFeedbackAnswer",
            "CreatePulseAnswer",
            "CreateCalendarFeed",
            "CreateSchoolPeriodTime",
            "UpdateAuditEventKeyedChain",
            "StartAuditLog",
            "UpdatePulseAnswerAddAnswersVisible",
            "UpdateAppNotificationDropStudentWords",
            "CreateConcern",
            "CreateOutboxMessage",
            "UpdateSchoolAddEmergencyText",
            "UpdateConcernAddSharedWithCoordinator",
            "UpdateMentoringMatchAddNotesPurgedAt",
            "CreateSafeguardingHold",
            "UpdateMentoringMatchClosingIsOpen",
            "UpdateAuditEventAddIndexes",
            "CreateTwoStepSignIn",
            "UpdatePersonAddSearchKey",
            "UpdateMentoringMatchAddAgreedCadence",
            "CreatePairHistory",
            "UpdateProgrammeAddHealthRules",
            "RemakePairHistory",
            "CreatePairCheckIn",
            "UpdateMentoringMatchAddClosure",
            "CreateClosingReflection",
            "CreateOutcomeAnswer",
            "AddPairRecordIndexes",
            "UpdateProgrammeAddMatchingSettings",
            "UpdateMentoringProfileAddIdentities",
            "CreatePairingRestriction",
            "UpdateProgrammeAddTermEnds",
            "CreateGroundRules",
            "CreateReminders",
            "CreateMentorSupport",
            "UpdateOutboxMessageAddKind",
    ]

    @Test func everyShippedMigrationKeepsItsNameAndPlaceAndNewOnesComeAfter() {
        let names = Migrations.all(auditLog: AuditLog(clock: .system, keys: try! ServerKeys(secretText: NoteCipher.randomKeyText())))
            .map { $0.name }
        #expect(Array(names.prefix(Self.shipped.count)) == Self.shipped.map { "RapportApp." + $0 })
        #expect(Set(names).count == names.count)
    }
}
