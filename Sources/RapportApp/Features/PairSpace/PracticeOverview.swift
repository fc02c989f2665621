import Fluent
import Plot
import SQLKit
import Vapor

/// What the coordinator sees of a pair's practice: dates, attendance, counts, commitments kept, feedback completion
/// and relationship-check scores. Never the text of notes, summaries, commitments or feedback: those are only sealed
/// text to the coordinator's pages, which never open them.
struct PracticeOverview {
    struct MeetingRow {
        let meeting: Meeting
        let mentorSaid: AttendanceOutcome?
        let menteeSaid: AttendanceOutcome?
        var disagree: Bool { mentorSaid.flatMap { a in menteeSaid.map { b in !AttendanceRecords.agree(a, b) } } ?? false }
    }

    struct Check {
        let number: Int
        let mentorScore: Double?
        let menteeScore: Double?
        let mentorAnswers: [Int]?
        let menteeAnswers: [Int]?
    }

    var meetings: [MeetingRow] = []
    var agendaItems = 0, notes = 0, storiesShared = 0
    var summaries = 0, summariesConfirmed = 0
    var commitmentsMade = 0, commitmentsKept = 0, commitmentsPartly = 0
    var wins = 0, goals = 0, stepsDone = 0
    var feedbackRounds: [(number: Int, mentor: Bool, mentee: Bool)] = []
    var checks: [Check] = []

    static func of(_ match: MentoringMatch, now: Date, on database: any Database) async throws -> PracticeOverview {
        var overview = PracticeOverview()
        let matchID = try match.requireID()
        let meetings = try await Meeting.query(on: database).filter(\.$match.$id == matchID).sort(\.$startsAt).all()
        let meetingIDs = meetings.compactMap(\.id)
        let attendance = try await MeetingAttendance.query(on: database).filter(\.$meeting.$id ~~ meetingIDs).all()
        overview.meetings = meetings.filter { $0.state == .accepted || $0.state == .cancelled }.map { meeting in
            let said = { (person: UUID) in attendance.first { $0.$meeting.id == meeting.id && $0.$person.id == person }?.outcome }
            return MeetingRow(meeting: meeting, mentorSaid: said(match.$mentor.id), menteeSaid: said(match.$mentee.id))
        }
        try await overview.count(matchID: matchID, on: database)
        if let activated = match.activatedAt {
            let programme = try await match.$programme.get(on: database)
            let answers = try await FeedbackAnswer.query(on: database).filter(\.$match.$id == matchID).all()
            overview.feedbackRounds = FeedbackSchedule(activatedAt: activated, programme: programme).rounds(until: now).map { round in
                (round.number, answers.contains { $0.roundNumber == round.number && $0.$person.id == match.$mentor.id },
                 answers.contains { $0.roundNumber == round.number && $0.$person.id == match.$mentee.id })
            }
            let pulses = try await PulseAnswer.query(on: database).filter(\.$match.$id == matchID).all()
            overview.checks = Set(pulses.map(\.checkNumber)).sorted().map { number in
                let mentor = pulses.first { $0.checkNumber == number && $0.$person.id == match.$mentor.id }
                let mentee = pulses.first { $0.checkNumber == number && $0.$person.id == match.$mentee.id }
                return Check(number: number, mentorScore: mentor?.score, menteeScore: mentee?.score,
                             mentorAnswers: mentor?.answersVisible == true ? mentor?.answers : nil,
                             menteeAnswers: mentee?.answersVisible == true ? mentee?.answers : nil)
            }
        }
        return overview
    }

    /// The practice counts in one query of counts: the words themselves are never read for the coordinator.
    private mutating func count(matchID: UUID, on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        let inMeetings = "SELECT id FROM meetings WHERE match_id = matches.id"
        let count = { (from: String, condition: SQLQueryString) -> SQLQueryString in
            "CAST((SELECT COUNT(*) FROM \(unsafeRaw: from) WHERE \(condition)) AS BIGINT)"
        }
        let entries = { (kind: MeetingEntryKind) in count("meeting_entries", "meeting_id IN (\(unsafeRaw: inMeetings)) AND kind = \(bind: kind.rawValue)") }
        let commitments = { (status: CommitmentStatus?) in
            count("commitments", status.map { "match_id = matches.id AND status = \(bind: $0.rawValue)" } ?? "match_id = matches.id")
        }
        let query: SQLQueryString = """
            SELECT \(entries(.agenda)) AS agenda, \(entries(.note)) AS notes, \(entries(.story)) AS stories,
                   \(count("meeting_summaries", "meeting_id IN (\(unsafeRaw: inMeetings))")) AS summaries,
                   \(count("meeting_summaries", "meeting_id IN (\(unsafeRaw: inMeetings)) AND response = \(bind: SummaryResponse.confirmed.rawValue)")) AS confirmed,
                   \(commitments(nil)) AS made, \(commitments(.done)) AS kept, \(commitments(.partly)) AS partly,
                   \(count("wins", "match_id = matches.id")) AS wins, \(count("goals", "match_id = matches.id")) AS goals,
                   \(count("goal_steps", "done_at IS NOT NULL AND goal_id IN (SELECT id FROM goals WHERE match_id = matches.id)")) AS steps_done
            FROM matches WHERE matches.id = \(bind: matchID)
            """
        guard let row = try await sql.raw(query).first() else { return }
        let number = { (column: String) in try row.decode(column: column, as: Int.self) }
        (agendaItems, notes, storiesShared) = (try number("agenda"), try number("notes"), try number("stories"))
        (summaries, summariesConfirmed) = (try number("summaries"), try number("confirmed"))
        (commitmentsMade, commitmentsKept, commitmentsPartly) = (try number("made"), try number("kept"), try number("partly"))
        (wins, goals, stepsDone) = (try number("wins"), try number("goals"), try number("steps_done"))
    }

    func section(match: MentoringMatch, showAnswers: Bool, time: SchoolTime, now: Date) -> Node<HTML.BodyContext> {
        // In the third person, as staff read it: "Says Leah didn't come" rather than "The other person didn't come".
        let said = { (outcome: AttendanceOutcome?, other: String, meeting: Meeting) -> String in
            guard let outcome else { return meeting.startsAt > now ? "Not yet" : "Not said" }
            return switch outcome {
            case .happened: "It happened"
            case .otherMissed: "Says \(other) didn't come"
            case .iMissed: "Couldn't come"
            case .cancelledInAdvance: "Cancelled in advance"
            }
        }
        let count = { (number: Int, thing: String) in "\(number) \(thing)\(number == 1 ? "" : "s")" }
        let score = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "Not answered" }
        let happened = meetings.filter { $0.mentorSaid == .happened || $0.menteeSaid == .happened }.count
        let scheduled = meetings.filter { $0.meeting.state == .accepted && $0.meeting.startsAt <= now }.count
        return .section(
            .h2("Meetings and practice"),
            .p(.class("hint"), "What the pair write (notes, summaries, commitments, feedback) stays between them. You see that it happened, not what it says."),
            FormField.facts([
                ("Meetings", "\(happened) happened of \(scheduled) agreed so far"),
                ("Agenda and notes", "\(count(agendaItems, "agenda item")), \(count(notes, "note")), \(count(storiesShared, "story")) shared".replacingOccurrences(of: "storys", with: "stories")),
                ("Listening", summaries == 0 ? "No summaries yet" : "\(summariesConfirmed) of \(summaries) summaries confirmed by the mentee (\(summariesConfirmed * 100 / summaries)%)"),
                ("Commitments", "\(commitmentsMade) made, \(commitmentsKept) kept, \(commitmentsPartly) partly"),
                ("Wins and goals", "\(count(wins, "win")), \(count(goals, "goal")), \(count(stepsDone, "step")) done"),
            ]),
            .if(!meetings.isEmpty, .div(.class("table-wrap"), .table(
                .class("stack"),
                .caption("Meetings"),
                .thead(.tr(.th("When"), .th("State"), .th(.text(match.mentor.givenName + " said")), .th(.text(match.mentee.givenName + " said")))),
                .tbody(.forEach(meetings) { row in
                    .tr(.class(row.disagree ? "disagree" : ""),
                        .td(.attribute(named: "data-label", value: "When"), .text(time.slotText(row.meeting.startsAt, row.meeting.endsAt))),
                        .td(.attribute(named: "data-label", value: "State"), .text(row.meeting.state.title),
                            .if(row.disagree, .span(.class("badge warn"), " They disagree"))),
                        .td(.attribute(named: "data-label", value: match.mentor.givenName), .text(said(row.mentorSaid, match.mentee.givenName, row.meeting))),
                        .td(.attribute(named: "data-label", value: match.mentee.givenName), .text(said(row.menteeSaid, match.mentor.givenName, row.meeting))))
                })
            ))),
            .h3("Two-way feedback"),
            feedbackRounds.isEmpty ? .p("No round has opened yet.") : .ul(.forEach(feedbackRounds) { round in
                .li(.text("Round \(round.number): \(match.mentor.givenName) \(round.mentor ? "answered" : "not answered"), \(match.mentee.givenName) \(round.mentee ? "answered" : "not answered")"))
            }),
            .h3("Relationship checks"),
            .p(.class("hint"), "Scores from 1 (struggling) to 5 (strong), negative items reversed. A low score is a prompt to check in, never a verdict."),
            checks.isEmpty ? .p("No check answered yet.") : .ul(.forEach(checks) { check in
                .li(.text("Check \(check.number): \(match.mentor.givenName) \(score(check.mentorScore)), \(match.mentee.givenName) \(score(check.menteeScore))"),
                    .if(showAnswers, .group(
                        .unwrap(check.mentorAnswers) { .p(.class("hint"), .text("\(match.mentor.givenName)'s answers: \($0.map(String.init).joined(separator: ", "))")) },
                        .unwrap(check.menteeAnswers) { .p(.class("hint"), .text("\(match.mentee.givenName)'s answers: \($0.map(String.init).joined(separator: ", "))")) })))
            })
        )
    }
}
