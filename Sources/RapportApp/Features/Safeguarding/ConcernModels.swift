import Fluent
import Foundation
import SQLKit

/// A worry someone raised: what they wrote is kept as written, for ever (the database refuses to change it);
/// everything after it (acknowledging, reading, addenda, decisions, closing) is added around it.
final class Concern: Model, @unchecked Sendable {
    static let schema = "concerns"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "raised_by_id") var raisedBy: Person
    @Field(key: "about") var about: ConcernSubject
    /// The student it is about, when the person who raised it said so or the lead linked it since.
    @OptionalParent(key: "student_id") var student: Person?
    /// Set when a mentor raised it from a meeting log.
    @OptionalField(key: "match_id") var matchID: UUID?
    /// What happened or what was said, in their words; sealed with the row as context.
    @Field(key: "text_sealed") var textSealed: String
    /// When it happened, in their words ("this morning", "last week").
    @Field(key: "when_sealed") var whenSealed: String
    @Field(key: "danger_now") var dangerNow: Bool
    @Field(key: "raised_at") var raisedAt: Date
    @OptionalField(key: "acknowledged_at") var acknowledgedAt: Date?
    @OptionalField(key: "acknowledged_by_id") var acknowledgedByID: UUID?
    /// When the alert went out again, to every lead, because nobody had acknowledged it in time.
    @OptionalField(key: "escalated_at") var escalatedAt: Date?
    @OptionalField(key: "closed_at") var closedAt: Date?
    @OptionalField(key: "closed_by_id") var closedByID: UUID?
    /// Set when the lead chooses to let the coordinator know that a lead is involved with this pair (never what).
    @OptionalField(key: "shared_with_coordinator_at") var sharedWithCoordinatorAt: Date?

    var properties: [any AnyProperty] {
        [$id, $school, $raisedBy, $about, $student, $matchID, $textSealed, $whenSealed, $dangerNow, $raisedAt,
         $acknowledgedAt, $acknowledgedByID, $escalatedAt, $closedAt, $closedByID, $sharedWithCoordinatorAt]
    }

    init() {}

    var status: ConcernStatus {
        closedAt != nil ? .closed : acknowledgedAt != nil ? .acknowledged : .new
    }
}

enum ConcernSubject: String, Codable, CaseIterable, Sendable {
    case student, myself, someoneElse = "someone-else"

    var choice: String {
        switch self {
        case .student: "A student at this school"
        case .myself: "Me"
        case .someoneElse: "Someone else"
        }
    }
}

enum ConcernStatus: String, Sendable {
    case new, acknowledged, closed

    var title: String {
        switch self {
        case .new: "New"
        case .acknowledged: "Acknowledged"
        case .closed: "Closed"
        }
    }
}

/// Something the lead adds to a concern: an addendum (a correction or more information), a decision with its
/// category, or an action taken and by whom. Never changed or removed once written.
final class ConcernEntry: Model, @unchecked Sendable {
    static let schema = "concern_entries"
    @ID(key: .id) var id: UUID?
    @Parent(key: "concern_id") var concern: Concern
    @Parent(key: "author_id") var author: Person
    @Field(key: "kind") var kind: ConcernEntryKind
    @OptionalField(key: "category") var category: ConcernDecision?
    @Field(key: "text_sealed") var textSealed: String
    @Field(key: "written_at") var writtenAt: Date

    var properties: [any AnyProperty] { [$id, $concern, $author, $kind, $category, $textSealed, $writtenAt] }

    init() {}
}

enum ConcernEntryKind: String, Codable, CaseIterable, Sendable {
    case addendum, decision, action

    var title: String {
        switch self {
        case .addendum: "Addendum"
        case .decision: "Decision"
        case .action: "Action taken"
        }
    }
}

/// The categories of decision a school's safeguarding record uses.
enum ConcernDecision: String, Codable, CaseIterable, Sendable {
    case noFurtherAction = "no-further-action"
    case monitor
    case earlyHelp = "early-help"
    case socialCare = "social-care"
    case police
    case other

    var title: String {
        switch self {
        case .noFurtherAction: "No further action"
        case .monitor: "Monitor"
        case .earlyHelp: "Early help"
        case .socialCare: "Referral to children's social care"
        case .police: "Police"
        case .other: "Other"
        }
    }
}

/// The database itself keeps a concern's words: it refuses to change what was written, who wrote it and when, and
/// refuses to delete a concern or any entry. The same on SQLite and PostgreSQL.
enum ConcernGuards {
    static let fixedColumns = ["text_sealed", "when_sealed", "raised_by_id", "raised_at", "about", "danger_now", "school_id"]

    static func install(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let changed = fixedColumns.map { "NEW.\($0) IS NOT OLD.\($0)" }.joined(separator: " OR ")
        if sql.dialect.name == "sqlite" {
            try await sql.raw("""
                CREATE TRIGGER concerns_words_fixed BEFORE UPDATE ON concerns WHEN \(unsafeRaw: changed)
                BEGIN SELECT RAISE(ABORT, 'a concern is never changed: add an addendum'); END
                """).run()
            for table in ["concerns", "concern_entries"] {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_no_delete BEFORE DELETE ON \(unsafeRaw: table)
                    BEGIN SELECT RAISE(ABORT, 'concerns are never deleted'); END
                    """).run()
            }
            try await sql.raw("""
                CREATE TRIGGER concern_entries_no_update BEFORE UPDATE ON concern_entries
                BEGIN SELECT RAISE(ABORT, 'an entry is never changed: add another'); END
                """).run()
        } else {
            let distinct = fixedColumns.map { "NEW.\($0) IS DISTINCT FROM OLD.\($0)" }.joined(separator: " OR ")
            try await sql.raw("""
                CREATE FUNCTION concerns_keep_words() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'concerns' THEN
                        IF NOT (\(unsafeRaw: distinct)) THEN RETURN NEW; END IF;
                    END IF;
                    RAISE EXCEPTION 'a concern and its entries are never changed or deleted: add an addendum';
                END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER concerns_keep_words BEFORE UPDATE OR DELETE ON concerns
                FOR EACH ROW EXECUTE FUNCTION concerns_keep_words()
                """).run()
            try await sql.raw("""
                CREATE TRIGGER concern_entries_keep_words BEFORE UPDATE OR DELETE ON concern_entries
                FOR EACH ROW EXECUTE FUNCTION concerns_keep_words()
                """).run()
            for table in ["concerns", "concern_entries"] {
                try await sql.raw("""
                    CREATE TRIGGER \(unsafeRaw: table)_no_truncate BEFORE TRUNCATE ON \(unsafeRaw: table)
                    FOR EACH STATEMENT EXECUTE FUNCTION concerns_keep_words()
                    """).run()
            }
        }
    }

    static func remove(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name != "sqlite" else { return }
        try await sql.raw("DROP FUNCTION IF EXISTS concerns_keep_words() CASCADE").run()
    }
}

extension Concern {
    /// Open concerns a lead has shared that involve this match (raised from it, or about either of its students).
    static func sharedInvolving(_ match: MentoringMatch, on database: any Database) async throws -> Int {
        let people = [match.$mentor.id, match.$mentee.id]
        return try await Concern.query(on: database).filter(\.$closedAt == nil).filter(\.$sharedWithCoordinatorAt != nil)
            .group(.or) { $0.filter(\.$matchID == match.id).filter(\.$student.$id ~~ people) }.count()
    }
}

/// A safeguarding hold the lead places on a student from a concern: no matching round proposes them (the engine's
/// `safeguardingHold`) until the lead lifts it. The coordinator's round says a hold is on, never why.
final class SafeguardingHold: Model, @unchecked Sendable {
    static let schema = "safeguarding_holds"
    @ID(key: .id) var id: UUID?
    @Parent(key: "school_id") var school: School
    @Parent(key: "student_id") var student: Person
    @Field(key: "concern_id") var concernID: UUID
    @Field(key: "placed_by_id") var placedByID: UUID
    @Field(key: "placed_at") var placedAt: Date
    @OptionalField(key: "lifted_at") var liftedAt: Date?
    @OptionalField(key: "lifted_by_id") var liftedByID: UUID?

    var properties: [any AnyProperty] {
        [$id, $school, $student, $concernID, $placedByID, $placedAt, $liftedAt, $liftedByID]
    }

    init() {}

    /// The students of a school on hold now.
    static func heldStudents(of schoolID: UUID, on database: any Database) async throws -> Set<UUID> {
        Set(try await SafeguardingHold.query(on: database).filter(\.$school.$id == schoolID).filter(\.$liftedAt == nil).all().map(\.$student.id))
    }
}
