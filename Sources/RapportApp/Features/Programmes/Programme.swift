import Fluent
import SQLKit
import Foundation

/// A school's mentoring programme for one school year, with the rules it runs by.
final class Programme: Model, @unchecked Sendable {
    static let schema = "programmes"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Field(key: "name") var name: String
    /// Such as "2026–27".
    @Field(key: "school_year") var schoolYear: String
    @Field(key: "starts_on") var startsOn: Date
    @Field(key: "ends_on") var endsOn: Date
    @Field(key: "meeting_cadence_days") var meetingCadenceDays: Int
    @Field(key: "minimum_year_gap") var minimumYearGap: Int
    /// Mentees rank mentors from a shortlist before the coordinator matches.
    @Field(key: "mentee_choice") var menteeChoice: Bool
    @Field(key: "feedback_every_weeks") var feedbackEveryWeeks: Int
    /// Meetings must fall within the school day (from `schoolDayStartsMinute` to `schoolDayEndsMinute`, minutes after midnight).
    @Field(key: "meetings_in_school_day_only") var meetingsInSchoolDayOnly: Bool
    @Field(key: "school_day_starts_minute") var schoolDayStartsMinute: Int
    @Field(key: "school_day_ends_minute") var schoolDayEndsMinute: Int
    /// The coordinator may see each relationship-check answer beside a student's name, not only the scores.
    @Field(key: "pulse_answers_visible") var pulseAnswersVisible: Bool
    @Field(key: "flag_gap_cadences") var flagGapCadences: Int
    @Field(key: "flag_missed_in_a_row") var flagMissedInARow: Int
    @Field(key: "flag_attendance_percent") var flagAttendancePercent: Int
    @Field(key: "flag_attendance_window") var flagAttendanceWindow: Int
    @Field(key: "flag_attendance_minimum") var flagAttendanceMinimum: Int
    @Field(key: "early_closure_days") var earlyClosureDays: Int
    @Field(key: "first_check_days") var firstCheckDays: Int
    @Field(key: "second_check_days") var secondCheckDays: Int
    @Field(key: "check_every_days") var checkEveryDays: Int
    @Field(key: "feedback_answer_days") var feedbackAnswerDays: Int
    @Field(key: "flag_low_check_tenths") var flagLowCheckTenths: Int
    @Field(key: "flag_falling_check_tenths") var flagFallingCheckTenths: Int
    @Field(key: "contacts_first_month") var contactsFirstMonth: Int
    @Field(key: "contact_every_days") var contactEveryDays: Int
    /// The last day of each term before the year ends, as `YYYY-MM-DD` days separated by spaces: milestones celebrate them.
    @Field(key: "term_ends") var termEnds: String
    @Field(key: "match_weight_interest") var matchWeightInterest: Int
    @Field(key: "match_weight_dislike") var matchWeightDislike: Int
    @Field(key: "match_weight_identity") var matchWeightIdentity: Int
    @Field(key: "match_weight_story") var matchWeightStory: Int
    @Field(key: "match_weight_overcame") var matchWeightOvercame: Int
    @Field(key: "match_weight_free_period") var matchWeightFreePeriod: Int
    @Field(key: "match_weight_first_choice") var matchWeightFirstChoice: Int
    @Field(key: "match_same_gender_requests") var matchSameGenderRequests: Bool
    @Field(key: "match_require_free_period") var matchRequireFreePeriod: Bool
    @Field(key: "created_by_id") var createdByID: UUID
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?

    var properties: [any AnyProperty] {
        [$id, $school, $name, $schoolYear, $startsOn, $endsOn, $meetingCadenceDays, $minimumYearGap, $menteeChoice,
         $feedbackEveryWeeks, $meetingsInSchoolDayOnly, $schoolDayStartsMinute, $schoolDayEndsMinute,
         $pulseAnswersVisible, $flagGapCadences, $flagMissedInARow, $flagAttendancePercent, $flagAttendanceWindow,
         $flagAttendanceMinimum, $earlyClosureDays, $firstCheckDays, $secondCheckDays, $checkEveryDays, $feedbackAnswerDays,
         $flagLowCheckTenths, $flagFallingCheckTenths, $contactsFirstMonth, $contactEveryDays,
         $termEnds, $matchWeightInterest, $matchWeightDislike, $matchWeightIdentity, $matchWeightStory, $matchWeightOvercame, $matchWeightFreePeriod,
         $matchWeightFirstChoice, $matchSameGenderRequests, $matchRequireFreePeriod, $createdByID, $createdAt]
    }

    init() {}

    /// The thresholds its early warnings, checks and feedback run by, kept one column each.
    var healthRules: HealthRules {
        get {
            HealthRules(gapCadences: flagGapCadences, missedInARow: flagMissedInARow, attendancePercent: flagAttendancePercent,
                        attendanceWindow: flagAttendanceWindow, attendanceMinimum: flagAttendanceMinimum, earlyClosureDays: earlyClosureDays,
                        firstCheckDays: firstCheckDays, secondCheckDays: secondCheckDays, checkEveryDays: checkEveryDays,
                        feedbackAnswerDays: feedbackAnswerDays, lowCheckTenths: flagLowCheckTenths, fallingCheckTenths: flagFallingCheckTenths,
                        contactsFirstMonth: contactsFirstMonth, contactEveryDays: contactEveryDays)
        }
        set {
            (flagGapCadences, flagMissedInARow, flagAttendancePercent) = (newValue.gapCadences, newValue.missedInARow, newValue.attendancePercent)
            (flagAttendanceWindow, flagAttendanceMinimum, earlyClosureDays) = (newValue.attendanceWindow, newValue.attendanceMinimum, newValue.earlyClosureDays)
            (firstCheckDays, secondCheckDays, checkEveryDays) = (newValue.firstCheckDays, newValue.secondCheckDays, newValue.checkEveryDays)
            (feedbackAnswerDays, flagLowCheckTenths, flagFallingCheckTenths) = (newValue.feedbackAnswerDays, newValue.lowCheckTenths, newValue.fallingCheckTenths)
            (contactsFirstMonth, contactEveryDays) = (newValue.contactsFirstMonth, newValue.contactEveryDays)
        }
    }

    /// How its rounds score pairs and which switchable rules they keep, kept one column each.
    var matchingSettings: MatchingSettings {
        get {
            MatchingSettings(sharedInterest: matchWeightInterest, sharedDislike: matchWeightDislike, sharedIdentity: matchWeightIdentity,
                             storyMeetsChallenge: matchWeightStory, mentorOvercameChallenge: matchWeightOvercame,
                             sharedFreePeriod: matchWeightFreePeriod, firstChoiceBonus: matchWeightFirstChoice,
                             honourSameGenderRequests: matchSameGenderRequests, requireSharedFreePeriod: matchRequireFreePeriod)
        }
        set {
            (matchWeightInterest, matchWeightDislike, matchWeightIdentity) = (newValue.sharedInterest, newValue.sharedDislike, newValue.sharedIdentity)
            (matchWeightStory, matchWeightOvercame, matchWeightFreePeriod) = (newValue.storyMeetsChallenge, newValue.mentorOvercameChallenge, newValue.sharedFreePeriod)
            (matchWeightFirstChoice, matchSameGenderRequests, matchRequireFreePeriod) = (newValue.firstChoiceBonus, newValue.honourSameGenderRequests, newValue.requireSharedFreePeriod)
        }
    }

    /// The days terms end on, earliest first.
    var termEndDays: [String] { termEnds.split(separator: " ").map(String.init) }

    /// Such as "08:30–16:00".
    var schoolDayText: String { SchoolTime.spanText(schoolDayStartsMinute, schoolDayEndsMinute) }

    /// The defaults of `UpdateProgrammeAddPracticeRules`: meetings within 08:30–16:00, relationship-check scores only.
    func useDefaultPracticeRules() {
        meetingsInSchoolDayOnly = true
        schoolDayStartsMinute = 8 * 60 + 30
        schoolDayEndsMinute = 16 * 60
        pulseAnswersVisible = false
        healthRules = .defaults
        matchingSettings = .defaults
        termEnds = ""
    }
}
