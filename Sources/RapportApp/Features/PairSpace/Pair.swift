import Fluent
import Plot
import Vapor

/// The signed-in student's side of one of their matches: who the other is, and what they may read and write.
struct Pair {
    let match: MentoringMatch
    let me: Person
    let other: Person

    var isMentor: Bool { match.$mentor.id == me.id }
    var matchID: UUID { match.id! }
    var mentee: Person { isMentor ? other : me }
    var mentor: Person { isMentor ? me : other }

    /// New meetings, notes and the rest are added while the match is active or closing (the goodbye still needs them).
    var mayWrite: Bool { match.state == .active || match.state == .closing }
    /// Notes of a match stay readable to the pair; after closure the mentee keeps them and the mentor does not.
    var mayReadNotes: Bool {
        switch match.state {
        case .active, .paused, .closing: true
        case .closed: !isMentor
        case .proposed, .awaitingAgreement, .cancelled: false
        }
    }

    func requireWritable() throws {
        guard mayWrite else {
            throw Abort(.conflict, reason: "Your match is \(match.state.title.lowercased()), so nothing new can be added to it.")
        }
    }

    func requireNotes() throws {
        guard mayReadNotes else {
            throw Abort(.forbidden, reason: "This match has ended. Its notes stay with \(mentee.givenName), as your agreement said.")
        }
    }

    /// The match named by the `match` parameter, if the signed-in student is in it and it has started; anything else is not found.
    static func load(_ request: Request) async throws -> Pair {
        let student = try request.requirePerson()
        let studentID = try student.requireID()
        let match = try await request.record("match", MentoringMatch.self, notFound: "There is no such match of yours.") {
            $0.group(.or, { $0.filter(\.$mentor.$id == studentID).filter(\.$mentee.$id == studentID) }).filter(\.$state ~~ [.active,.paused,.closing,.closed]).withPair()
        }
        return Pair(match: match, me: student, other: match.$mentor.id == studentID ? match.mentee : match.mentor)
    }

    /// A meeting of this pair named by the `meeting` parameter.
    func meeting(_ request: Request) async throws -> Meeting {
        let meeting = try await request.record("meeting", Meeting.self, notFound: "There is no such meeting in your match.") {
            $0.filter(\.$match.$id == matchID)
        }
        return meeting
    }

    /// The pages of a pair, linked from the top of each.
    func navigation(current: PairPage?) -> Node<HTML.BodyContext> {
        let ending = match.state == .closing || match.state == .closed
        let pages: [(PairPage, String)] = [(.overview, "Overview"), (.meetings, "Meetings"), (.commitments, "Commitments"),
                                            (.wins, "Wins"), (.goals, "Goals"), (.feedback, "Feedback")] + (ending ? [(.goodbye, "Goodbye")] : [])
        return .group(
            .nav(.class("pair-nav"), .attribute(named: "aria-label", value: "Your match"), .ul(.forEach(pages) { page, label in
                .li(page == current
                    ? .a(.href(SiteRoute.pair(matchID, page).path), .attribute(named: "aria-current", value: "page"), .text(label))
                    : .a(.href(SiteRoute.pair(matchID, page).path), .text(label)))
            })),
            .if(match.notesPurgedAt != nil, .p(.class("notice info"),
                "What was written in this match was removed, as your school keeps it only for a while after a match ends. Dates and counts stay."))
        )
    }
}

/// A page inside a pair's space, under `/my-matches/<match>`.
enum PairPage: Equatable {
    case overview, meetings, commitments, wins, goals, feedback, pulse, goodbye, record, aboutMe, groundRules
    case meeting(UUID)
    case meetingAction(UUID, MeetingAction)
    case meetingCalendar(UUID)
    case commitmentFollowUp(UUID)
    case winCelebration(UUID)
    case feedbackAgenda(UUID)
    case goalAction(UUID, GoalAction)
    case stepAction(UUID, StepAction)

    func path(in match: UUID) -> String {
        switch self {
        case .overview: Endpoint.myMatch.path(match)
        case .meetings: Endpoint.pairMeetings.path(match)
        case .commitments: Endpoint.pairCommitments.path(match)
        case .wins: Endpoint.pairWins.path(match)
        case .goals: Endpoint.pairGoals.path(match)
        case .feedback: Endpoint.pairFeedback.path(match)
        case .pulse: Endpoint.pairCheck.path(match)
        case .goodbye: Endpoint.pairGoodbye.path(match)
        case .record: Endpoint.pairRecord.path(match)
        case .aboutMe: Endpoint.pairAboutMe.path(match)
        case .groundRules: Endpoint.pairGroundRules.path(match)
        case .meeting(let id): Endpoint.pairMeeting.path(match, id)
        case .meetingAction(let id, let action): Endpoint.pairMeetingAction.path(match, id, action.rawValue)
        case .meetingCalendar(let id): Endpoint.pairMeetingCalendar.path(match, id)
        case .commitmentFollowUp(let id): Endpoint.pairCommitmentFollowUp.path(match, id)
        case .winCelebration(let id): Endpoint.pairWinCelebration.path(match, id)
        case .feedbackAgenda(let id): Endpoint.pairFeedbackAgenda.path(match, id)
        case .goalAction(let id, let action): Endpoint.pairGoalAction.path(match, id, action.rawValue)
        case .stepAction(let id, let action): Endpoint.pairStepAction.path(match, id, action.rawValue)
        }
    }
}
