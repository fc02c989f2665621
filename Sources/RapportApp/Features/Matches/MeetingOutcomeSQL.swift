import SQLKit

/// `MatchFlags.PastMeeting`'s meanings in SQL, for queries over `meetings JOIN matches` that add `saidBy`: what each side
/// said of a meeting, whether someone recorded it, whether it was held, and whether it was called off in advance.
enum MeetingOutcomeSQL {
    static let saidBy: SQLQueryString = """
        LEFT JOIN meeting_attendance AS mentor_said ON mentor_said.meeting_id = meetings.id AND mentor_said.person_id = matches.mentor_id
        LEFT JOIN meeting_attendance AS mentee_said ON mentee_said.meeting_id = meetings.id AND mentee_said.person_id = matches.mentee_id
        """
    private static let missing = SQLQueryString("(" + quoted(.otherMissed) + ", " + quoted(.iMissed) + ")")
    private static let calledOff = SQLQueryString(quoted(.cancelledInAdvance))
    /// An outcome as an SQL string: its raw values are fixed words of ours, with no quotes in them.
    private static func quoted(_ outcome: AttendanceOutcome) -> String { "'" + outcome.rawValue + "'" }

    /// 1 when either side has said anything.
    static let recorded: SQLQueryString = "CASE WHEN mentor_said.outcome IS NULL AND mentee_said.outcome IS NULL THEN 0 ELSE 1 END"
    /// 1 when someone recorded it and nobody says someone didn't come.
    static let held: SQLQueryString = """
        CASE WHEN (mentor_said.outcome IS NOT NULL OR mentee_said.outcome IS NOT NULL)
                  AND COALESCE(mentor_said.outcome, '') NOT IN \(missing) AND COALESCE(mentee_said.outcome, '') NOT IN \(missing)
             THEN 1 ELSE 0 END
        """
    /// A condition: neither side says it was called off in advance.
    static let notCalledOff: SQLQueryString = "COALESCE(mentor_said.outcome, '') <> \(calledOff) AND COALESCE(mentee_said.outcome, '') <> \(calledOff)"
}
