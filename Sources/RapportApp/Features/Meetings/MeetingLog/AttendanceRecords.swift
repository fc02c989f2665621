import Vapor

/// Reading both people's word on whether meetings happened.
enum AttendanceRecords {
    /// A disagreement is a prompt for the coordinator to check in with the pair, never a verdict.
    static func tellCoordinators(pair: Pair, meeting: Meeting, request: Request) async throws {
        let day = request.schoolTime.dayText(meeting.startsAt)
        try await AppNotification.sendToCoordinators(
            of: pair.match.$school.id, "\(pair.mentor.fullName) and \(pair.mentee.fullName) remember their meeting on \(day) differently.",
            link: .matchDetail(pair.matchID), at: request.now, on: request.db)
    }

    /// Whether two people's records tell the same story.
    static func agree(_ a: AttendanceOutcome, _ b: AttendanceOutcome) -> Bool {
        switch (a, b) {
        case (.happened, .happened), (.cancelledInAdvance, .cancelledInAdvance), (.iMissed, .otherMissed), (.otherMissed, .iMissed): true
        default: false
        }
    }
}
