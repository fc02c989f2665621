import Fluent
import SQLKit

/// Adds the thresholds of the programme's early warnings, checks and feedback (`HealthRules`), each with its default.
struct UpdateProgrammeAddHealthRules: AsyncMigration {
    static let columns: [(String, Int)] = {
        let rules = HealthRules.defaults
        return [
            ("flag_gap_cadences", rules.gapCadences), ("flag_missed_in_a_row", rules.missedInARow),
            ("flag_attendance_percent", rules.attendancePercent), ("flag_attendance_window", rules.attendanceWindow),
            ("flag_attendance_minimum", rules.attendanceMinimum), ("early_closure_days", rules.earlyClosureDays),
            ("first_check_days", rules.firstCheckDays), ("second_check_days", rules.secondCheckDays),
            ("check_every_days", rules.checkEveryDays), ("feedback_answer_days", rules.feedbackAnswerDays),
            ("flag_low_check_tenths", rules.lowCheckTenths), ("flag_falling_check_tenths", rules.fallingCheckTenths),
            ("contacts_first_month", rules.contactsFirstMonth), ("contact_every_days", rules.contactEveryDays),
        ]
    }()

    func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds a single column per ALTER TABLE.
        for (name, value) in Self.columns {
            try await database.schema(Programme.schema).field(.definition(name: .key(.init(stringLiteral: name)), dataType: .int,
                                                                          constraints: [.required, .sql(.default(SQLLiteral.numeric(String(value))))])).update()
        }
    }

    func revert(on database: any Database) async throws {
        for (name, _) in Self.columns {
            try await database.schema(Programme.schema).deleteField(.init(stringLiteral: name)).update()
        }
    }
}
