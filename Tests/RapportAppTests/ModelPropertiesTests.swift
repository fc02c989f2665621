import Fluent
import Foundation
import Testing
@testable import RapportApp

/// Every model names its Fluent properties (`var properties`), so Fluent does not find them by reflection for each
/// row it reads or writes. A property left out of the list would silently never be saved or loaded: these tests hold
/// each list to the declarations, in order.
@Suite("Model properties")
struct ModelPropertiesTests {
    static let models: [any Fields.Type] = [
        CalendarFeed.self, MentoringMatch.self, MatchTransition.self, Agreement.self, AgreementSignature.self,
        AgreementQuestion.self, Commitment.self, Win.self, WinReaction.self, Goal.self, GoalStep.self, GoalSetback.self,
        OutboxMessage.self, JobLease.self, Concern.self, ConcernEntry.self, SafeguardingHold.self, PairingRestriction.self, GroundRulesVersion.self, ReminderSettings.self, SentReminder.self, MentorWellbeing.self, MentorHelpRequest.self,
        SupervisionSession.self, SupervisionAttendance.self, FeedbackAnswer.self,
        PulseAnswer.self, AppNotification.self, TrainingCompletion.self, Organisation.self, School.self, Person.self,
        AuthSession.self, LoginCode.self, SignInAttempt.self, TwoStepFactor.self, RecoveryCode.self, MatchingRound.self,
        RoundDecision.self, MenteeRanking.self, MentorStory.self, MentoringProfile.self, Programme.self,
        SchoolPeriodTime.self, AuditEvent.self, Meeting.self, MeetingAttendance.self, CheckIn.self, MeetingEntry.self,
        MeetingSummary.self, PairCheckIn.self, FlagSnooze.self, StopRequest.self, RematchOverride.self, ClosingReflection.self, OutcomeAnswer.self,
    ]

    @Test("each model's list of properties is every property it declares, in order")
    func listsMatchDeclarations() {
        for type in Self.models {
            let model = type.init()
            let declared = Mirror(reflecting: model).children.compactMap { child in
                (child.value as? any AnyProperty).map { (name: String(child.label?.dropFirst() ?? ""), id: ObjectIdentifier($0 as AnyObject)) }
            }
            let listed = model.properties.map { ObjectIdentifier($0 as AnyObject) }
            let names = { (ids: [ObjectIdentifier]) in ids.map { id in declared.first { $0.id == id }?.name ?? "?" } }
            #expect(listed == declared.map(\.id),
                    "\(type) lists \(names(listed).joined(separator: ", ")) but declares \(declared.map(\.name).joined(separator: ", "))")
        }
    }

    @Test("every model that lists its properties is checked here")
    func everyListIsChecked() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/RapportApp").standardized
        var lists = 0
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            lists += try String(contentsOf: file, encoding: .utf8).components(separatedBy: "var properties: [any AnyProperty]").count - 1
        }
        #expect(lists == Self.models.count)
    }
}
