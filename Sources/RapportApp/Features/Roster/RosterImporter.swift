import Fluent
import Foundation

/// What an import did, or would have done.
struct RosterImportSummary: Equatable, Sendable {
    var added = 0
    var updated = 0
    var unchanged = 0
    var deactivated = 0
    var skipped = 0
}

enum RosterImportResult: Sendable {
    case imported(RosterImportSummary)
    /// Nothing was imported; every problem found is listed.
    case refused([RosterProblem])
}

/// Applies a checked roster to a school: adds new students, updates changed ones by their `sourcedId`, all or nothing.
struct RosterImporter {
    let school: School
    let actor: Person?
    let audit: AuditLog
    /// The largest file read, and the largest file of a bundle unpacked.
    let maxFileBytes: Int

    /// A OneRoster bundle (zip), a OneRoster 1.1 users.csv or the Rapport template.
    func read(_ data: Data) -> RosterFile {
        RosterBundle.isZip(data) ? RosterBundle.read(data, schoolSourceID: school.sourceID, maxFileBytes: maxFileBytes)
            : RosterFile(data: data, schoolSourceID: school.sourceID)
    }

    func run(_ data: Data, on database: any Database) async throws -> RosterImportResult {
        var read = read(data)
        guard read.problems.isEmpty else { return .refused(read.problems) }
        let schoolID = try school.requireID()
        let existing = try await Person.query(on: database).filter(\.$school.$id == schoolID)
            .filter(\.$sourceID ~~ read.students.map(\.sourceID)).all()
        let bySourceID = Dictionary(existing.compactMap { person in person.sourceID.map { ($0, person) } }, uniquingKeysWith: { first, _ in first })
        // A student marked tobedeleted who was never imported has nothing to mark: skipped, not added.
        let leavers = Set(read.students.filter { !$0.isActive && bySourceID[$0.sourceID] == nil }.map(\.sourceID))
        read.students.removeAll { leavers.contains($0.sourceID) }
        read.skippedRows += leavers.count
        let file = read
        let holders = try await Person.query(on: database).filter(\.$username ~~ file.students.map(\.username)).all()
        let holderByUsername = Dictionary(holders.map { ($0.username, $0) }, uniquingKeysWith: { first, _ in first })

        var problems: [RosterProblem] = []
        for student in file.students {
            if let holder = holderByUsername[student.username], holder.id != bySourceID[student.sourceID]?.id {
                problems.append(RosterProblem(line: student.line, reason: holder.$school.id == schoolID
                    ? "the username \(student.username) is already \(holder.fullName)'s, with another id."
                    : "the username \(student.username) can't be used. Choose another."))
            }
            if let person = bySourceID[student.sourceID], person.role.isStaff {
                problems.append(RosterProblem(line: student.line, reason: "the id \(student.sourceID) belongs to a staff account, not a student."))
            }
        }
        guard problems.isEmpty else { return .refused(problems) }

        let summary = try await database.transaction { database -> RosterImportSummary in
            var summary = RosterImportSummary(skipped: file.skippedRows)
            for student in file.students {
                if let person = bySourceID[student.sourceID] {
                    let wasActive = person.isActive
                    apply(student, to: person)
                    guard person.hasChanges else {
                        summary.unchanged += 1
                        continue
                    }
                    try await person.update(on: database)
                    if wasActive && !person.isActive { summary.deactivated += 1 } else { summary.updated += 1 }
                } else {
                    let person = Person(organisationID: school.$organisation.id, schoolID: schoolID, role: .mentee,
                                        givenName: "", familyName: "", username: "", sourceID: student.sourceID)
                    apply(student, to: person)
                    try await person.create(on: database)
                    summary.added += 1
                }
            }
            try await audit.record(
                "imported roster",
                subject: "\(summary.added) added, \(summary.updated) updated, \(summary.deactivated) deactivated, \(summary.unchanged) unchanged",
                by: actor, schoolID: schoolID, on: database)
            return summary
        }
        return .imported(summary)
    }

    private func apply(_ student: RosterStudent, to person: Person) {
        if person.givenName != student.givenName { person.givenName = student.givenName }
        if person.familyName != student.familyName { person.familyName = student.familyName }
        if person.username != student.username { person.username = student.username }
        if person.email != student.email { person.email = student.email }
        if person.yearGroup != student.yearGroup { person.yearGroup = student.yearGroup }
        if person.isActive != student.isActive { person.isActive = student.isActive }
        if let gender = student.gender, person.gender != gender { person.gender = gender }
        if let role = student.role, person.role != role || person.capacity != student.capacity {
            person.role = role
            person.capacity = student.capacity
        }
    }
}
