import Fluent
import Foundation
import Plot
import SQLKit
import Vapor

/// When one period of a school's day starts and how long it lasts. Periods a school never set use
/// `BellTimes.standard`.
final class SchoolPeriodTime: Model, @unchecked Sendable {
    static let schema = "school_period_times"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    /// One of `Vocabulary.periods`, such as `lunch`.
    @Field(key: "period_id") var periodID: String
    @Field(key: "start_minute") var startMinute: Int
    @Field(key: "minutes") var minutes: Int

    var properties: [any AnyProperty] { [$id, $school, $periodID, $startMinute, $minutes] }

    init() {}
}

/// A school's bell times: when each period of `Vocabulary.periods` starts, in minutes after midnight, and how long it lasts.
struct BellTimes: Sendable, Equatable {
    struct Bell: Sendable, Equatable {
        let start: Int
        let minutes: Int
        var end: Int { start + minutes }
    }

    let bells: [String: Bell]

    subscript(_ periodID: String) -> Bell? { bells[periodID] }

    /// The default timetable, for schools that haven't set their own.
    static let standard = BellTimes(bells: [
        "1": Bell(start: 9 * 60, minutes: 60), "2": Bell(start: 10 * 60, minutes: 60), "break": Bell(start: 11 * 60, minutes: 20),
        "3": Bell(start: 11 * 60 + 20, minutes: 60), "4": Bell(start: 12 * 60 + 20, minutes: 60),
        "lunch": Bell(start: 13 * 60 + 20, minutes: 40), "5": Bell(start: 14 * 60, minutes: 60),
    ])

    static func of(schoolID: UUID, on database: any Database) async throws -> BellTimes {
        let saved = try await SchoolPeriodTime.query(on: database).filter(\.$school.$id == schoolID).all()
        var bells = standard.bells
        for row in saved { bells[row.periodID] = Bell(start: row.startMinute, minutes: row.minutes) }
        return BellTimes(bells: bells)
    }
}
