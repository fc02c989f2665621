import CSV
import Foundation
import ZIPFoundation

/// A OneRoster 1.1 or 1.2 CSV bundle, as an MIS exports it: a zip with manifest.csv, orgs.csv, users.csv and, in 1.2,
/// roles.csv. The manifest is checked, the school is found by its sourcedId in orgs.csv, and users.csv is read as a
/// single file is (`RosterFile`), with 1.2's roles joined in; every problem names its file and line.
enum RosterBundle {
    /// The files read; everything else in the bundle (enrollments.csv, demographics.csv, classes...) is not.
    static let filesRead = ["manifest.csv", "orgs.csv", "users.csv", "roles.csv"]
    static let versions = ["1.1", "1.2"]

    /// A zip file starts with a local file header (or, when empty, the end of its central directory).
    static func isZip(_ data: Data) -> Bool {
        data.starts(with: [0x50, 0x4B, 0x03, 0x04]) || data.starts(with: [0x50, 0x4B, 0x05, 0x06])
    }

    static func read(_ data: Data, schoolSourceID: String, maxFileBytes: Int) -> RosterFile {
        var problems: [RosterProblem] = []
        let files: [String: Data]
        do {
            files = try unzip(data, maxFileBytes: maxFileBytes)
        } catch let problem as RosterProblem {
            return RosterFile(problems: [problem])
        } catch {
            return RosterFile(problems: [RosterProblem(line: nil, reason: "The zip file can't be opened (\(error)). Export the bundle again.")])
        }
        guard let manifestData = files["manifest.csv"] else {
            return RosterFile(problems: [RosterProblem(line: nil, reason: "The zip has no manifest.csv: is it a OneRoster CSV bundle?")])
        }
        let manifest = properties(manifestData, problems: &problems)
        guard problems.isEmpty else { return RosterFile(problems: problems) }
        let version = manifest["oneroster.version"] ?? ""
        guard versions.contains(version) else {
            return RosterFile(problems: [RosterProblem(line: nil, reason: version.isEmpty
                ? "manifest.csv does not say which OneRoster version it is (oneroster.version)."
                : "manifest.csv says OneRoster \(version); Rapport reads 1.1 and 1.2.", file: "manifest.csv")])
        }
        let needed = version == "1.2" ? ["orgs", "users", "roles"] : ["orgs", "users"]
        for name in needed {
            let mode = manifest["file.\(name)"] ?? "absent"
            if !["bulk", "delta"].contains(mode) {
                problems.append(RosterProblem(line: nil, reason: "file.\(name) is \(mode); Rapport needs \(name).csv in the bundle.", file: "manifest.csv"))
            } else if files["\(name).csv"] == nil {
                problems.append(RosterProblem(line: nil, reason: "The manifest lists \(name).csv but the zip has no such file."))
            }
        }
        guard problems.isEmpty else { return RosterFile(problems: problems) }

        let orgs = table(files["orgs.csv"]!, file: "orgs.csv", required: ["sourcedId"], problems: &problems)
        // A delta bundle lists only orgs that changed, so only a bulk one must hold the school.
        if problems.isEmpty, manifest["file.orgs"] == "bulk", !orgs.contains(where: { $0.value("sourcedId") == schoolSourceID }) {
            problems.append(RosterProblem(line: nil, reason: "No org has this school's sourcedId (\(schoolSourceID)). Export the bundle for this school, or check the school's id with your organisation admin.", file: "orgs.csv"))
        }
        var roles: [String: RosterRoles]?
        if version == "1.2", let rolesData = files["roles.csv"] {
            roles = userRoles(table(rolesData, file: "roles.csv", required: ["userSourcedId", "role", "orgSourcedId"], problems: &problems),
                              schoolSourceID: schoolSourceID)
        }
        guard problems.isEmpty else { return RosterFile(problems: problems) }
        return RosterFile(data: files["users.csv"]!, schoolSourceID: schoolSourceID, fileName: "users.csv", roles: roles)
    }

    /// The bundle's CSV files by name (folders inside the zip ignored), each at most `maxFileBytes` when unpacked.
    private static func unzip(_ data: Data, maxFileBytes: Int) throws -> [String: Data] {
        let archive = try Archive(data: data, accessMode: .read)
        var files: [String: Data] = [:]
        for entry in archive where entry.type == .file {
            let name = String(entry.path.split(separator: "/").last ?? "")
            guard filesRead.contains(name), !entry.path.hasPrefix("__MACOSX") else { continue }
            guard files[name] == nil else {
                throw RosterProblem(line: nil, reason: "The zip holds \(name) twice. Export the bundle again.")
            }
            // The sizes a zip declares can lie: stop reading as soon as the unpacked bytes pass the limit.
            let tooBig = RosterProblem(line: nil, reason: "\(name) is larger than \(maxFileBytes / 1_048_576) MB unpacked.")
            guard entry.uncompressedSize <= UInt64(maxFileBytes) else { throw tooBig }
            var content = Data()
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard content.count + chunk.count <= maxFileBytes else { throw tooBig }
                content.append(chunk)
            }
            files[name] = content
        }
        return files
    }

    /// manifest.csv's `propertyName,value` rows.
    private static func properties(_ data: Data, problems: inout [RosterProblem]) -> [String: String] {
        let rows = table(data, file: "manifest.csv", required: ["propertyName", "value"], problems: &problems)
        return Dictionary(rows.map { ($0.value("propertyName"), $0.value("value")) }, uniquingKeysWith: { first, _ in first })
    }

    /// One row of a bundle's CSV file: its values by column, and its line for problems.
    struct Row {
        let line: Int
        let fields: [String: String]
        func value(_ column: String) -> String { fields[column] ?? "" }
    }

    /// A CSV file of the bundle read into rows; a missing column or a malformed file is a problem naming the file.
    private static func table(_ data: Data, file: String, required: [String], problems: inout [RosterProblem]) -> [Row] {
        var bytes = data
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard let text = String(data: bytes, encoding: .utf8),
              let reader = try? CSVReader(string: text, hasHeaderRow: true, trimFields: true),
              let header = reader.headerRow else {
            problems.append(RosterProblem(line: 1, reason: "the file is not UTF-8 CSV with a header line.", file: file))
            return []
        }
        let missing = required.filter { !header.contains($0) }
        guard missing.isEmpty else {
            problems.append(RosterProblem(line: 1, reason: "the header is missing \(missing.joined(separator: ", ")).", file: file))
            return []
        }
        var rows: [Row] = []
        var line = 2
        while let fields = reader.next() {
            defer { line += 1 + fields.reduce(0) { $0 + $1.filter { $0 == "\n" }.count } }
            if fields.allSatisfy(\.isEmpty) { continue }
            guard fields.count == header.count else {
                problems.append(RosterProblem(line: line, reason: "has \(fields.count) values but the header has \(header.count) columns.", file: file))
                continue
            }
            rows.append(Row(line: line, fields: Dictionary(zip(header, fields), uniquingKeysWith: { first, _ in first })))
        }
        if let error = reader.error {
            problems.append(RosterProblem(line: line, reason: "the file stops making sense as CSV here (\(error)).", file: file))
        }
        return rows
    }

    /// Each user's role and orgs from 1.2's roles.csv; rows marked tobedeleted hold only for a user with no other.
    private static func userRoles(_ rows: [Row], schoolSourceID: String) -> [String: RosterRoles] {
        Dictionary(grouping: rows, by: { $0.value("userSourcedId") }).mapValues { all in
            let current = all.filter { $0.value("status").lowercased() != "tobedeleted" }
            let rows = current.isEmpty ? all : current
            let here = rows.filter { $0.value("orgSourcedId") == schoolSourceID }
            let chosen = here.first { $0.value("role").lowercased() == "student" } ?? here.first
                ?? rows.first { $0.value("roleType").lowercased() == "primary" } ?? rows[0]
            return RosterRoles(role: chosen.value("role"), orgSourcedIDs: rows.map { $0.value("orgSourcedId") })
        }
    }
}

extension RosterProblem: Error {}
