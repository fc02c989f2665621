import Fluent
import Foundation
import Testing
@testable import RapportApp

/// The rules of one meeting, asked without HTTP: when each part of the log opens, at its edges.
@Suite("Meeting rules")
struct MeetingRulesTests {
    static let time = SchoolTime(zone: TimeZone(identifier: "Europe/London")!)

    static func meeting(_ state: MeetingState, day: String = "2026-09-22", at clock: String = "13:20", minutes: Double = 40) throws -> Meeting {
        let meeting = Meeting()
        meeting.state = state
        meeting.startsAt = try #require(time.date(day: day, time: clock))
        meeting.endsAt = meeting.startsAt.addingTimeInterval(minutes * 60)
        return meeting
    }

    static func rules(_ meeting: Meeting, day: String = "2026-09-22", at clock: String) throws -> MeetingRules {
        MeetingRules(meeting: meeting, now: try #require(time.date(day: day, time: clock)), time: time)
    }

    @Test func checkInOpensAtMidnightOnTheDayOfAnAgreedMeeting() throws {
        let agreed = try Self.meeting(.accepted)
        #expect(try !Self.rules(agreed, day: "2026-09-21", at: "23:59").checkInOpen)
        #expect(try Self.rules(agreed, at: "00:00").checkInOpen)
        #expect(try Self.rules(agreed, at: "15:00").checkInOpen, "and stays open after it")
        #expect(try !Self.rules(try Self.meeting(.proposed), at: "13:00").checkInOpen, "not for a proposal")
        #expect(try !Self.rules(try Self.meeting(.cancelled), at: "13:00").checkInOpen)
    }

    @Test func notesOpenWhenAnAgreedMeetingStartsAndAttendanceWhenItEnds() throws {
        let agreed = try Self.meeting(.accepted)
        #expect(try !Self.rules(agreed, at: "13:19").isUnderWay)
        #expect(try Self.rules(agreed, at: "13:20").isUnderWay)
        #expect(try !Self.rules(agreed, at: "13:59").attendanceOpen)
        #expect(try Self.rules(agreed, at: "14:00").attendanceOpen)
        #expect(try !Self.rules(try Self.meeting(.declined), at: "14:00").attendanceOpen)
        #expect(try !Self.rules(try Self.meeting(.proposed), at: "13:30").isUnderWay)
    }

    @Test func aProposalIsAnsweredAndAnAgreedMeetingChangedOnlyBeforeItStarts() throws {
        let proposed = try Self.meeting(.proposed), agreed = try Self.meeting(.accepted)
        #expect(try Self.rules(proposed, at: "13:19").answerable && !Self.rules(proposed, at: "13:20").answerable)
        #expect(try Self.rules(agreed, at: "13:19").changeable && !Self.rules(agreed, at: "13:20").changeable)
        #expect(try !Self.rules(agreed, at: "10:00").answerable && !Self.rules(proposed, at: "10:00").changeable)
    }

    @Test func theAgendaIsOpenWhileTheMeetingIsStillGoingAhead() throws {
        for state in MeetingState.allCases {
            let rules = try Self.rules(try Self.meeting(state), at: "13:30")
            #expect(rules.isLive == (state == .proposed || state == .accepted), "\(state)")
        }
    }

    @Test func theMeetingsListModelSortsWhatIsComingFromWhatIsPastAsEachSideSeesIt() async throws {
        try await withRapport { app, clock in
            let active = try await ActivePair.make(app, clock)
            let match = try #require(try await MentoringMatch.query(on: app.db).filter(\.$id == active.match.id!).withPair().first())
            func meeting(_ hours: Double, _ state: MeetingState) async throws -> Meeting {
                try await PairHistory.meeting(app, of: match, startsAt: clock.now.addingTimeInterval(hours * 3_600), state: state, now: clock.now)
            }
            let held = try await meeting(-48, .accepted)
            _ = try await meeting(-24, .cancelled)
            let next = try await meeting(24, .proposed)
            try await PairHistory.said(app, .happened, at: held, by: active.world.mentor.id!, on: clock.now)
            let time = SchoolTime(zone: app.rapport.timeZone)
            let mentor = try await MeetingsListModel.load(Pair(match: match, me: match.mentor, other: match.mentee), instead: next.id!.uuidString,
                                                          now: clock.now, time: time, on: app.db)
            #expect(mentor.upcoming.map(\.meeting.id) == [next.id] && mentor.upcoming[0].proposedByMe)
            #expect(mentor.past.map(\.meeting.id) == [held.id] && mentor.past[0].mySay == .happened, "the called-off meeting is not listed")
            #expect(mentor.instead?.id == next.id && mentor.cadenceDays == 7)
            let mentee = try await MeetingsListModel.load(Pair(match: match, me: match.mentee, other: match.mentor), instead: "not-an-id",
                                                          now: clock.now, time: time, on: app.db)
            #expect(!mentee.upcoming[0].proposedByMe && mentee.past[0].mySay == nil && mentee.instead == nil)
        }
    }
}
