import CSV
import Foundation

/// One student from a roster file, checked and ready to import.
struct RosterStudent: Equatable, Sendable {
    let line: Int
    let sourceID: String
    let givenName: String
    let familyName: String
    let username: String
    let email: String?
    let yearGroup: Int
    /// Nil when the file does not say (OneRoster has no mentoring roles): new students become mentees, others keep theirs.
    let role: Role?
    let capacity: Int?
    let gender: Gender?
    let isActive: Bool
}

struct RosterProblem: Equatable, Sendable, CustomStringConvertible {
    /// Nil for a problem with the whole file.
    let line: Int?
    let reason: String
    /// Which file of a OneRoster bundle; nil for a single uploaded file.
    var file: String? = nil

    var description: String {
        switch (file, line) {
        case let (file?, line?): "\(file), line \(line): \(reason)"
        case let (file?, nil): "\(file): \(reason)"
        case let (nil, line?): "Line \(line): \(reason)"
        case (nil, nil): reason
        }
    }
}

/// A user's roles from a OneRoster 1.2 bundle's roles.csv, written as 1.1 kept them in users.csv.
struct RosterRoles: Sendable {
    /// The role at the importing school when they have one (student first), else their primary role.
    let role: String
    /// Every org they have a role at.
    let orgSourcedIDs: [String]
}

/// A roster file read and checked row by row, without touching the database.
struct RosterFile: Sendable {
    enum Format: String, Sendable { case oneRoster = "OneRoster users.csv", template = "Rapport template" }

    var format: Format?
    var students: [RosterStudent] = []
    var problems: [RosterProblem] = []
    /// Rows for people Rapport does not take from rosters (teachers, parents...), counted so the summary adds up.
    var skippedRows = 0

    static let oneRosterColumns = ["sourcedId", "givenName", "familyName", "role", "username", "grades", "orgSourcedIds"]
    /// OneRoster 1.2 keeps these in roles.csv rather than users.csv.
    static let rolesColumns: Set<String> = ["role", "orgSourcedIds"]
    static let templateColumns = ["student_id", "given_name", "family_name", "username", "year_group", "designation"]
    static let template = """
        student_id,given_name,family_name,username,year_group,designation,capacity,gender,email
        S1001,Amara,Okafor,amara.okafor,11,mentor,2,girl,
        S1002,Leo,Walsh,leo.walsh,8,mentee,,boy,
        S1003,Sam,Rahman,sam.rahman,9,mentee,,prefer-not-to-say,

        """
    static let maxFieldLength = 120

    /// The users file of a bundle, named in every problem.
    let fileName: String?

    /// A file refused before its rows were read (a bundle whose manifest or orgs are wrong).
    init(problems: [RosterProblem]) {
        fileName = nil
        self.problems = problems
    }

    /// Reads `data`; `schoolSourceID` is the importing school's OneRoster `sourcedId`. With `roles` (a 1.2 bundle),
    /// the role and orgs of each user come from them and users.csv needs no role or orgSourcedIds column.
    init(data: Data, schoolSourceID: String, fileName: String? = nil, roles: [String: RosterRoles]? = nil) {
        self.fileName = fileName
        defer { if let fileName { problems = problems.map { RosterProblem(line: $0.line, reason: $0.reason, file: $0.file ?? fileName) } } }
        guard !data.isEmpty else {
            problems.append(RosterProblem(line: nil, reason: "The file is empty. Export the roster again and choose the file it makes."))
            return
        }
        guard let text = Self.decodeUTF8(data, problems: &problems) else { return }
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: true)
        } catch {
            problems.append(RosterProblem(line: 1, reason: "The first line should name the columns, and it could not be read."))
            return
        }
        guard let header = reader.headerRow, header.contains(where: { !$0.isEmpty }) else {
            problems.append(RosterProblem(line: nil, reason: "The file is empty. Export the roster again and choose the file it makes."))
            return
        }
        let columns = Dictionary(header.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let oneRosterColumns = roles == nil ? Self.oneRosterColumns : Self.oneRosterColumns.filter { !Self.rolesColumns.contains($0) }
        if roles == nil, Self.templateColumns.allSatisfy({ columns[$0] != nil }) {
            format = .template
        } else if oneRosterColumns.allSatisfy({ columns[$0] != nil }) {
            format = .oneRoster
        } else {
            let looksLikeOneRoster = roles != nil || columns["sourcedId"] != nil || columns["givenName"] != nil
            let expected = looksLikeOneRoster ? oneRosterColumns : Self.templateColumns
            let missing = expected.filter { columns[$0] == nil }
            problems.append(RosterProblem(line: 1, reason: "The header is missing the column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")). "
                + (looksLikeOneRoster ? "A OneRoster users.csv needs \(oneRosterColumns.joined(separator: ", "))." : "Use the Rapport template, or a OneRoster users.csv.")))
            return
        }
        var line = 2 + header.reduce(0) { $0 + $1.filter { $0 == "\n" }.count }
        var seenUsernames: [String: Int] = [:]
        var seenSourceIDs: [String: Int] = [:]
        while let fields = reader.next() {
            defer { line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" }.count } }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == header.count else {
                problems.append(RosterProblem(line: line, reason: "has \(fields.count) values but the header has \(header.count) columns."))
                continue
            }
            let cell = { (name: String) -> String in columns[name].map { fields[$0] } ?? "" }
            let value: (String) -> String
            if let roles {
                let userRoles = roles[cell("sourcedId")]
                value = { name in
                    switch name {
                    case "role": userRoles?.role ?? ""
                    case "orgSourcedIds": userRoles?.orgSourcedIDs.joined(separator: ",") ?? ""
                    default: cell(name)
                    }
                }
                if userRoles == nil, !cell("sourcedId").isEmpty {
                    problems.append(RosterProblem(line: line, reason: "the user \(cell("sourcedId")) has no row in roles.csv, so their role and school are unknown."))
                    continue
                }
            } else {
                value = cell
            }
            guard let student = check(value, line: line, schoolSourceID: schoolSourceID) else { continue }
            if let first = seenUsernames[student.username] {
                problems.append(RosterProblem(line: line, reason: "the username \(student.username) is also on line \(first); usernames must be different."))
                continue
            }
            if let first = seenSourceIDs[student.sourceID] {
                problems.append(RosterProblem(line: line, reason: "the id \(student.sourceID) is also on line \(first); each student appears once."))
                continue
            }
            seenUsernames[student.username] = line
            seenSourceIDs[student.sourceID] = line
            students.append(student)
        }
        if let error = reader.error {
            problems.append(RosterProblem(line: line, reason: "the file stops making sense as CSV here (\(error)). Check for a stray quote mark."))
        }
        if students.isEmpty && problems.isEmpty && skippedRows == 0 {
            problems.append(RosterProblem(line: nil, reason: "The file has a header but no students."))
        }
    }

    /// The file must be UTF-8 (with or without a byte-order mark); says which line is not.
    private static func decodeUTF8(_ data: Data, problems: inout [RosterProblem]) -> String? {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        if let text = String(data: bytes, encoding: .utf8), !text.contains("\u{0}") { return text }
        var lineNumber = 1
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(data: Data(line), encoding: .utf8) == nil || line.contains(0) { break }
            lineNumber += 1
        }
        problems.append(RosterProblem(line: lineNumber, reason: "this line is not UTF-8 text. Save the file as \"CSV UTF-8\" and try again."))
        return nil
    }

    private mutating func check(_ value: (String) -> String, line: Int, schoolSourceID: String) -> RosterStudent? {
        guard let format else { return nil }
        var reasons: [String] = []
        func required(_ column: String, _ label: String) -> String {
            let text = value(column)
            if text.isEmpty { reasons.append("\(label) (\(column)) is empty") }
            else if text.count > Self.maxFieldLength { reasons.append("\(label) (\(column)) is longer than \(Self.maxFieldLength) characters") }
            return text
        }
        let isOneRoster = format == .oneRoster
        var role: Role?
        var isActive = true
        if isOneRoster {
            let rosterRole = value("role").lowercased()
            switch rosterRole {
            case "student": role = nil
            case "teacher", "administrator", "aide", "proctor", "guardian", "parent", "relative":
                skippedRows += 1
                return nil
            case "": reasons.append("the role is empty")
            default: reasons.append("the role \(rosterRole) is not a OneRoster role (student, teacher, administrator...)")
            }
            switch value("status").lowercased() {
            case "", "active": isActive = value("enabledUser").lowercased() != "false"
            case "tobedeleted": isActive = false
            default: reasons.append("the status \(value("status")) is not active or tobedeleted")
            }
            let orgs = value("orgSourcedIds").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            if !orgs.contains(schoolSourceID) {
                reasons.append("the student belongs to \(orgs.isEmpty ? "no school" : "another school (orgSourcedIds \(orgs.joined(separator: ", ")))"), not this one (\(schoolSourceID))")
            }
        } else {
            switch value("designation").lowercased() {
            case "mentor": role = .mentor
            case "mentee": role = .mentee
            case "": reasons.append("the designation is empty: write mentor or mentee")
            case let other: reasons.append("the designation \(other) is not mentor or mentee")
            }
        }
        let sourceID = required(isOneRoster ? "sourcedId" : "student_id", "the id")
        let given = required(isOneRoster ? "givenName" : "given_name", "the first name")
        let family = required(isOneRoster ? "familyName" : "family_name", "the last name")
        let username = required("username", "the username").lowercased()
        if !username.isEmpty, username.count <= Self.maxFieldLength, let problem = Usernames.problem(with: username) {
            reasons.append("the username \(username) is not allowed: \(problem)")
        }
        let yearText = (isOneRoster ? value("grades").split(separator: ",").first.map(String.init) ?? "" : value("year_group"))
            .trimmingCharacters(in: .whitespaces)
        let yearGroup = Int(yearText)
        if yearText.isEmpty {
            reasons.append("the year group (\(isOneRoster ? "grades" : "year_group")) is empty")
        } else if yearGroup == nil || !StudentController.yearGroups.contains(yearGroup!) {
            reasons.append("the year group \(yearText) is not a year from \(StudentController.yearGroups.lowerBound) to \(StudentController.yearGroups.upperBound)")
        }
        var capacity: Int?
        let capacityText = value("capacity")
        if !capacityText.isEmpty {
            capacity = Int(capacityText)
            if capacity == nil || !(1...3).contains(capacity!) { reasons.append("the capacity \(capacityText) is not 1, 2 or 3") }
        }
        let genderText = value("gender").lowercased()
        let gender = Gender(rawValue: genderText)
        if !genderText.isEmpty && gender == nil {
            reasons.append("the gender \(genderText) is not one of \(Gender.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let email = value("email")
        if email.count > Self.maxFieldLength { reasons.append("the email is longer than \(Self.maxFieldLength) characters") }
        guard reasons.isEmpty, let yearGroup else {
            problems.append(RosterProblem(line: line, reason: reasons.joined(separator: "; ") + "."))
            return nil
        }
        return RosterStudent(
            line: line, sourceID: sourceID, givenName: given, familyName: family, username: username,
            email: email.isEmpty ? nil : email, yearGroup: yearGroup, role: role,
            capacity: role == .mentor ? (capacity ?? 1) : nil, gender: gender, isActive: isActive)
    }
}
