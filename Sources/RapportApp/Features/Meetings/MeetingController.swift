import Fluent
import Plot
import SQLKit
import Vapor

/// A pair's meetings: proposing times (in shared free periods or any other), answering, moving and cancelling them,
/// confirming afterwards whether they happened, and a repair step after a missed one.
struct MeetingController: RouteCollection {
    static let placeMaxLength = 100
    static let reasonMaxLength = 300
    static let lengths = [15, 20, 30, 40, 45, 60]
    static let seriesCounts = [4, 6, 8, 12]

    /// "Just this once", then series at the programme's rhythm and at the others a pair may agree on, as
    /// `count/days` (such as `4/14`: four meetings, a fortnight apart).
    static func repeatChoices(_ programmeCadence: Int) -> [(value: String, label: String)] {
        let rhythms = [programmeCadence] + [7, 14].filter { $0 != programmeCadence }
        return [("1", "Just this once")] + rhythms.flatMap { days in
            seriesCounts.map { ("\($0)/\(days)", "\(everyText(days)) for \($0) meetings") }
        }
    }

    static func everyText(_ days: Int) -> String {
        switch days {
        case 7: "Every week"
        case 14: "Every two weeks"
        default: "Every \(days) days"
        }
    }

    func boot(routes: any RoutesBuilder) throws {
        let pair = routes.grouped(RoleGuard(roles: [.mentor, .mentee]))
        pair.get(.pairMeetings, use: list)
        pair.post(.pairMeetings, use: propose)
        pair.get(.pairMeeting, use: MeetingLogPage.show)
        pair.get(.pairMeetingCalendar, use: calendarFile)
        pair.post(.pairMeetingAction, use: act)
    }

    // MARK: List and propose

    func list(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        var state = FormState()
        state.values = ["minutes": "30", "repeat": "1", "instead": (try? request.query.get(String.self, at: "instead")) ?? "",
                        "repair": (try? request.query.get(String.self, at: "repair")) ?? ""]
        return try await render(request, pair: pair, state: state)
    }

    private func render(_ request: Request, pair: Pair, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = try await MeetingsListModel.load(pair, instead: state["instead"], now: request.now, time: request.schoolTime, on: request.db)
        let notice: String? = switch request.notice {
        case .withdrawn: "Your proposal is withdrawn."
        case .declined: "You said no to that time. Suggest another below if you like."
        case .cancelled: "The meeting is cancelled. \(pair.other.givenName) has been told."
        default: nil
        }
        return Layout.page("Meetings with \(pair.other.givenName)", for: request, status: status,
                           MeetingsListView.body(model, form: state, notice: notice, csrf: try await request.csrfToken(), time: request.schoolTime))
    }

    func propose(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        try pair.requireWritable()
        var state = try request.formState()
        let proposal = try await readProposal(&state, pair: pair, request: request)
        guard state.isValid, let proposal else {
            return try await render(request, pair: pair, state: state, status: .unprocessableEntity)
        }
        let first = try await book(proposal, pair: pair, request: request)
        let (times, everyDays, now, time) = (proposal.times, proposal.everyDays, request.now, request.schoolTime)
        let what = proposal.instead == nil
            ? (times.count > 1 ? "\(times.count) meetings, \(Self.everyText(everyDays).lowercased()), starting" : "a meeting:") : "another time:"
        try await AppNotification.send("\(pair.me.givenName) proposed \(what) \(time.slotText(times[0].0, times[0].1)).",
                                       link: .pair(pair.matchID, .meeting(first)), to: [pair.other.requireID()], at: now, on: request.db)
        return request.redirect(to: SiteRoute.pair(pair.matchID, .meeting(first)).path(with: .proposed), redirectType: .normal)
    }

    /// What a proposal form asks for, read and checked: when (one time, or a series on the wall clock), where, what it
    /// replaces and which missed meeting it puts right.
    private struct Proposal {
        let times: [(Date, Date)]
        let everyDays: Int
        let periodID: String?
        let place: String
        let instead: Meeting?
        let insteadReason: String?
        let repair: UUID?
    }

    /// The proposal, or nil with `state` saying what is wrong.
    private func readProposal(_ state: inout FormState, pair: Pair, request: Request) async throws -> Proposal? {
        let time = request.schoolTime
        let now = request.now
        let programme = pair.match.programme
        var start: Date?, end: Date?, periodID: String?
        if !state["slot"].isEmpty {
            let parts = state["slot"].split(separator: "@").map(String.init)
            let bells = try await BellTimes.of(schoolID: pair.match.$school.id, on: request.db)
            if parts.count == 2, let bell = bells[String(parts[0].split(separator: "-").last ?? "")],
               let begins = time.date(day: parts[1], time: SchoolTime.clockText(bell.start)) {
                start = begins
                end = begins.addingTimeInterval(Double(bell.minutes) * 60)
                periodID = parts[0]
            } else {
                state.errors["slot"] = "Choose a time from the list, or another day and time."
            }
        } else if let begins = time.date(day: state["day"], time: state["time"]) {
            let minutes = state.requireInt("minutes", label: "how long", in: 10...120)
            start = begins
            end = minutes.map { begins.addingTimeInterval(Double($0) * 60) }
        } else {
            state.errors["day"] = "Choose a free period from the list, or enter a day and a time."
        }
        let place = state.requireText("place", label: "where you'll meet", maxLength: Self.placeMaxLength)
        // How many meetings, how many days apart: one of the choices offered, nothing else.
        var count = 1, everyDays = programme.meetingCadenceDays
        if !["", "1"].contains(state["repeat"]), state["instead"].isEmpty {
            let parts = state["repeat"].split(separator: "/").compactMap { Int($0) }
            if Self.repeatChoices(programme.meetingCadenceDays).contains(where: { $0.value == state["repeat"] }), parts.count == 2 {
                (count, everyDays) = (parts[0], parts[1])
            } else {
                state.errors["repeat"] = "Choose how often from the list."
            }
        }

        var instead: Meeting?
        var insteadReason: String?
        if let id = UUID(uuidString: state["instead"]) {
            guard let meeting = try await Meeting.query(on: request.db).filter(\.$id == id).filter(\.$match.$id == pair.matchID).first() else {
                throw Abort(.notFound, reason: "There is no such meeting in your match.")
            }
            insteadReason = meeting.state == .accepted ? state.requireText("reason", label: "why you're moving it", maxLength: Self.reasonMaxLength) : nil
            if case .failure(let refusal) = MeetingLifecycle.next(from: meeting.state, on: .move, byProposer: meeting.$proposedBy.id == pair.me.id,
                                                                   reason: insteadReason ?? "", startsAt: meeting.startsAt, now: now),
               state.isValid {
                throw Abort(.conflict, reason: refusal.message)
            }
            instead = meeting
        }
        let repair = UUID(uuidString: state["repair"])

        var times: [(Date, Date)] = []
        if let start, let end {
            let step = Double(everyDays) * 24 * 60 * 60
            times = (0..<(instead == nil ? count : 1)).map { index in
                // Repeat on the wall clock, so a series keeps its time across a change of summer time.
                let begins = time.calendar.date(byAdding: .day, value: everyDays * index, to: start) ?? start.addingTimeInterval(step * Double(index))
                return (begins, begins.addingTimeInterval(end.timeIntervalSince(start)))
            }
            if let problem = try await problem(with: times, pair: pair, excluding: instead?.id, request: request) {
                state.errors[state["slot"].isEmpty ? "day" : "slot"] = problem
            }
        }
        guard state.isValid, let place, !times.isEmpty else { return nil }
        return Proposal(times: times, everyDays: everyDays, periodID: periodID, place: place, instead: instead, insteadReason: insteadReason,
                        repair: repair)
    }

    /// Books the proposal in one transaction (moving the meeting it replaces); returns the first new meeting's id.
    private func book(_ proposal: Proposal, pair: Pair, request: Request) async throws -> UUID {
        let now = request.now
        let (instead, insteadReason, times, periodID, place, repair) =
            (proposal.instead, proposal.insteadReason, proposal.times, proposal.periodID, proposal.place, proposal.repair)
        let notes = request.notes
        let seriesID = times.count > 1 ? request.dependencies.random.uuid() : nil
        let me = try pair.me.requireID()
        let (replaced, replacedReason, slots, period) = (instead, insteadReason, times, periodID)
        return try await refusingContention("That time was just booked. Choose another.") {
            try await request.db.transaction { database in
                if let replaced {
                    try await MeetingChanges.apply(.move, to: replaced, by: pair.me, reason: replacedReason, notes: notes, now: now, on: database)
                }
                var ids: [UUID] = []
                for (begins, ends) in slots {
                    let meeting = Meeting()
                    meeting.$match.id = pair.matchID
                    meeting.seriesID = seriesID
                    meeting.$proposedBy.id = me
                    meeting.startsAt = begins
                    meeting.endsAt = ends
                    meeting.periodID = period
                    try notes.seal(place, into: meeting, \.$placeSealed)
                    meeting.state = .proposed
                    meeting.replacesID = replaced?.id
                    meeting.createdAt = now
                    meeting.updatedAt = now
                    try await meeting.create(on: database)
                    ids.append(try meeting.requireID())
                }
                if let repair, let missed = try await MeetingAttendance.query(on: database).filter(\.$meeting.$id == repair)
                    .filter(\.$person.$id == me).first() {
                    missed.repairMeetingID = ids[0]
                    try await missed.update(on: database)
                }
                return ids[0]
            }
        }
    }

    /// Why these times can't be booked, or nil: in the past, outside the school day where the programme keeps meetings
    /// in it, or at the same time as another meeting of either person (in any of their matches).
    private func problem(with times: [(Date, Date)], pair: Pair, excluding: UUID?, request: Request) async throws -> String? {
        let programme = pair.match.programme
        let time = request.schoolTime
        for (start, end) in times {
            if start <= request.now { return "Choose a time that hasn't passed yet." }
            if programme.meetingsInSchoolDayOnly {
                if !time.isWeekday(start) { return "Your programme keeps meetings to school days. Choose a day from Monday to Friday." }
                let first = time.minuteOfDay(start), last = first + Int(end.timeIntervalSince(start) / 60)
                if first < programme.schoolDayStartsMinute || last > programme.schoolDayEndsMinute || !time.isSameDay(start, end) {
                    return "Your programme keeps meetings within the school day (\(programme.schoolDayText)). Choose a time in it."
                }
            }
        }
        let people = [pair.me, pair.other].compactMap(\.id)
        let matches = try await MentoringMatch.query(on: request.db)
            .group(.or) { $0.filter(\.$mentor.$id ~~ people).filter(\.$mentee.$id ~~ people) }
            .filter(\.$state ~~ [.active, .paused, .closing]).all()
        let earliest = times.map(\.0).min()!, latest = times.map(\.1).max()!
        var booked = try await Meeting.query(on: request.db).filter(\.$match.$id ~~ matches.compactMap(\.id))
            .filter(\.$state ~~ MeetingState.live).filter(\.$startsAt < latest).filter(\.$endsAt > earliest).all()
        booked.removeAll { $0.id == excluding }
        for (start, end) in times {
            guard let clash = booked.first(where: { $0.startsAt < end && $0.endsAt > start }) else { continue }
            let match = matches.first { $0.id == clash.$match.id }
            let mine = match.map { $0.$mentor.id == pair.me.id || $0.$mentee.id == pair.me.id } ?? false
            return mine
                ? "You already have a meeting at \(time.slotText(clash.startsAt, clash.endsAt)). Choose another time."
                : "\(pair.other.givenName) already has something booked at \(time.slotText(clash.startsAt, clash.endsAt)). Choose another time."
        }
        return nil
    }

    // MARK: Calendar file

    func calendarFile(_ request: Request) async throws -> Response {
        let pair = try await Pair.load(request)
        let meeting = try await pair.meeting(request)
        let event = try CalendarController.event(for: meeting, pair: pair, request: request)
        let document = ICalendar.document(name: "Mentoring with \(pair.other.givenName)", events: [event], stamp: request.now)
        return CalendarController.response(document, filename: "meeting.ics", attachment: true)
    }
}

/// Applies `MeetingLifecycle` to a stored meeting and records who changed it and when, only if nobody changed it meanwhile.
enum MeetingChanges {
    static func apply(_ event: MeetingEvent, to meeting: Meeting, by person: Person, reason: String?, notes: NoteCipher,
                      now: Date, on database: any Database) async throws {
        let to: MeetingState
        switch MeetingLifecycle.next(from: meeting.state, on: event, byProposer: meeting.$proposedBy.id == person.id,
                                     reason: reason, startsAt: meeting.startsAt, now: now) {
        case .success(let state): to = state
        case .failure(let refusal): throw Abort(.conflict, reason: refusal.message)
        }
        guard let sql = database as? any SQLDatabase else { throw Abort(.internalServerError) }
        if reason != nil { try notes.seal(reason, into: meeting, \.$changeReasonSealed) }
        let changed = try await sql.update(Meeting.schema)
            .set("state", to: to.rawValue)
            .set("change_reason_sealed", to: meeting.changeReasonSealed)
            .set("changed_by_id", to: person.id)
            .set("updated_at", to: now)
            .where("id", .equal, meeting.id)
            .where("state", .equal, meeting.state.rawValue)
            .returning("id")
            .all()
        guard changed.count == 1 else {
            throw Abort(.conflict, reason: "This meeting was changed at the same moment by someone else. Reload to see it now.")
        }
        meeting.state = to
    }
}
