import Fluent
import Foundation
import Logging
import NIOConcurrencyHelpers
import SQLKit
import Vapor

/// What the `rapport` command does, kept here so the executable only parses arguments.
public enum Operations {
    private static let loggingStarted = NIOLockedValueBox(false)

    /// Sets the process's logging from the first configuration (Swift's logging system is set once a process).
    private static func startLogging(_ configuration: AppConfiguration) {
        guard loggingStarted.withLockedValue({ started in defer { started = true }; return !started }) else { return }
        let (level, format) = (configuration.logLevel, configuration.logFormat)
        LoggingSystem.bootstrap { label in
            switch format {
            case .json: return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    /// A configured application with its database migrated. Call `asyncShutdown()` when done.
    public static func makeApplication(_ configuration: AppConfiguration) async throws -> Application {
        startLogging(configuration)
        let app = try await Application.make(Environment(name: "production", arguments: ["rapport"]))
        do {
            try await configure(app, configuration)
            try await prepareDatabase(app)
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        return app
    }

    private static func withApplication<T>(_ configuration: AppConfiguration, _ body: (Application) async throws -> T) async throws -> T {
        let app = try await makeApplication(configuration)
        do {
            let result = try await body(app)
            try await app.asyncShutdown()
            return result
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Serves until interrupted.
    public static func serve(_ configuration: AppConfiguration, before: (@Sendable (Application) async throws -> Void)? = nil) async throws {
        try await withApplication(configuration) { app in
            try await before?(app)
            app.environment.arguments = ["rapport", "serve"]
            let housekeeping = Task { await Housekeeping.run(app) }
            let safeguarding = Task { await SafeguardingJobs.run(app) }
            defer {
                housekeeping.cancel()
                safeguarding.cancel()
            }
            try await app.execute()
        }
    }

    public static func migrate(_ configuration: AppConfiguration) async throws {
        try await withApplication(configuration) { _ in }
    }

    /// Makes (or with `reset`, remakes) the demo data, prints its logins and the address, then serves. With `hostile`,
    /// every text of the demo carries an HTML-breaking payload (`HostileData`), for people to look at.
    public static func demo(_ configuration: AppConfiguration, reset: Bool, hostile: Bool = false, students: Int? = nil) async throws {
        try await serve(configuration) { app in
            let logins = try await DemoData.ensure(on: app, reset: reset)
            if hostile { try await HostileData.apply(on: app) }
            if let students {
                let added = try await GeneratedStudents.grow(on: app, toStudents: students)
                FileHandle.standardOutput.write(Data("Added \(added) made-up students to the first school.\n".utf8))
            }
            let host = configuration.host == "0.0.0.0" ? "localhost" : configuration.host
            var lines = ["Rapport demo: open http://\(host):\(configuration.port)/ and sign in with one of these:"]
            lines += logins.map(\.line)
            lines.append("Staff with totp:SECRET use two-step sign-in: add that key to an authenticator app and type its six-digit code after the password.")
            lines.append("Students without a password sign in with a login card that a coordinator prints from the Students page.")
            // Written straight to the file descriptor: whoever started the demo (a person, or the browser tests
            // through a pipe) needs these lines now, not when a buffer fills.
            FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        }
    }

    /// A request the command cannot carry out, with what to fix.
    public struct OperationError: Error, CustomStringConvertible {
        public let description: String
        static func invalid(_ description: String) -> OperationError { OperationError(description: description) }
    }

    /// A safeguarding lead marked as the school's deputy, as `--role` and the demo's login lines name it.
    public static let deputyLeadRoleName = "deputy-safeguarding-lead"

    /// Resets a staff member's two-step sign-in from the command line: for an organisation whose only admin lost their
    /// phone. They set it up again at their next sign-in.
    public static func resetTwoStep(_ configuration: AppConfiguration, username: String) async throws {
        try await withApplication(configuration) { app in
            guard let person = try await Person.query(on: app.db).filter(\.$username == username.lowercased()).first(), person.role.isStaff else {
                throw OperationError.invalid("There is no staff account \(username.lowercased()).")
            }
            try await app.db.transaction { database in
                try await TwoStepEnrolment.remove(for: person.requireID(), on: database)
                try await AuthSession.query(on: database).filter(\.$person.$id == person.requireID()).delete()
                try await app.audit.record(
                    "reset two-step sign-in", subject: "person \(try person.requireID().uuidString.lowercased()) from the command line",
                    by: nil, schoolID: person.$school.id, on: database)
            }
        }
    }

    /// Makes a staff account, and the organisation and school when they don't exist yet. Returns the password used.
    public static func createAdmin(
        _ configuration: AppConfiguration, username: String, givenName: String, familyName: String, email: String?,
        role roleName: String, organisation organisationName: String, schoolSourceID: String?, schoolName: String?,
        password suppliedPassword: String?
    ) async throws -> String {
        let isDeputy = roleName == Self.deputyLeadRoleName
        guard let role = isDeputy ? .safeguardingLead : Role(rawValue: roleName), role.isStaff else {
            throw OperationError.invalid("--role must be coordinator, safeguarding-lead, \(Self.deputyLeadRoleName) or organisation-admin, not \"\(roleName)\".")
        }
        let username = username.lowercased()
        if let problem = Usernames.problem(with: username) { throw OperationError.invalid(problem) }
        if role != .organisationAdmin && schoolSourceID == nil {
            throw OperationError.invalid("A \(role.rawValue) belongs to a school: give --school with the school's id.")
        }
        return try await withApplication(configuration) { app in
            let password = suppliedPassword ?? Secrets.randomToken(bytes: 12, using: app.dependencies.random)
            let person = Person(organisationID: UUID(), schoolID: nil, role: role, givenName: givenName, familyName: familyName,
                                username: username, email: email)
            if let problem = PasswordPolicy.problem(with: password, for: person) { throw OperationError.invalid("Password: \(problem)") }
            if try await Person.query(on: app.db).filter(\.$username == username).count() > 0 {
                throw OperationError.invalid("The username \(username) is already taken.")
            }
            let hash = try await app.password.async.hash(password)
            try await app.db.transaction { database in
                let organisation: Organisation
                if let found = try await Organisation.query(on: database).filter(\.$name == organisationName).first() {
                    organisation = found
                } else {
                    organisation = Organisation(name: organisationName)
                    try await organisation.create(on: database)
                }
                person.$organisation.id = try organisation.requireID()
                if let schoolSourceID {
                    if let school = try await School.query(on: database).filter(\.$organisation.$id == organisation.requireID())
                        .filter(\.$sourceID == schoolSourceID).first() {
                        person.$school.id = school.id
                    } else {
                        guard let schoolName else {
                            throw OperationError.invalid("There is no school with id \(schoolSourceID) yet: add --school-name to create it.")
                        }
                        let school = School(organisationID: try organisation.requireID(), name: schoolName, sourceID: schoolSourceID)
                        try await school.create(on: database)
                        person.$school.id = school.id
                    }
                }
                person.passwordHash = hash
                person.isDeputyLead = isDeputy
                try await person.create(on: database)
                try await app.audit.record(
                    "created staff account", subject: "\(username) as \(roleName)", by: nil, schoolID: person.$school.id, on: database)
            }
            return password
        }
    }

    /// Imports a roster file for the school with the given OneRoster id; returns a printable summary or throws the problems.
    public static func importRoster(
        _ configuration: AppConfiguration, organisation organisationName: String, schoolSourceID: String, file: String
    ) async throws -> String {
        guard let data = FileManager.default.contents(atPath: file) else { throw OperationError.invalid("Cannot read \(file).") }
        guard data.count <= configuration.maxRosterBytes else {
            throw OperationError.invalid("\(file) is larger than \(configuration.maxRosterBytes) bytes.")
        }
        return try await withApplication(configuration) { app in
            // School ids come from each organisation's own MIS, so two organisations may use the same one.
            guard let organisation = try await Organisation.query(on: app.db).filter(\.$name == organisationName).first(),
                  let school = try await School.query(on: app.db).filter(\.$organisation.$id == organisation.requireID())
                      .filter(\.$sourceID == schoolSourceID).first() else {
                throw OperationError.invalid("The organisation \(organisationName) has no school with id \(schoolSourceID).")
            }
            switch try await RosterImporter(school: school, actor: nil, audit: app.audit, maxFileBytes: configuration.maxRosterBytes).run(data, on: app.db) {
            case .imported(let s):
                return "\(school.name): \(s.added) added, \(s.updated) updated, \(s.deactivated) marked as left, \(s.unchanged) unchanged, \(s.skipped == 1 ? "1 row" : "\(s.skipped) rows") skipped (staff, family, or leavers never imported)."
            case .refused(let problems):
                throw OperationError.invalid("Nothing was imported:\n" + problems.map { "  \($0)" }.joined(separator: "\n"))
            }
        }
    }

    /// Seals every note again under the current key (while the server may be running), so retired keys can be dropped.
    public static func resealNotes(_ configuration: AppConfiguration) async throws -> Int {
        try await withApplication(configuration) { app in
            let count = try await SealedColumns.reseal(on: app.db, notes: app.notes)
            try await app.audit.record("re-sealed notes", subject: "\(count) values under key \(app.notes.current.id)", by: nil,
                                       schoolID: nil, on: app.db)
            return count
        }
    }

    /// Checks the audit chain: how many events, the head hash, and the first broken sequence number (0: the log is empty).
    public static func verifyAudit(_ configuration: AppConfiguration) async throws -> (events: Int, head: String, brokenAt: Int?) {
        try await withApplication(configuration) { app in
            let result = try await AuditLog.verify(on: app.db, keys: app.keys)
            return (result.events, result.head, result.brokenAt)
        }
    }
}

/// `rapport backup` and `rapport restore`: a consistent copy of the SQLite database taken while the server runs
/// (`VACUUM INTO` reads one snapshot), with the key files beside it, in one tar file.
extension Operations {
    static let keyFiles = ["note-key", "secret-key"]

    /// Writes the backup to `file`; returns what it holds, for the person running it.
    public static func backup(_ configuration: AppConfiguration, to file: String) async throws -> String {
        guard configuration.databaseURL == nil else {
            throw OperationError.invalid("DATABASE_URL is set: back PostgreSQL up with pg_dump, and keep the keys (RAPPORT_NOTE_KEY, RAPPORT_SECRET_KEY) with it.")
        }
        guard !FileManager.default.fileExists(atPath: file) else { throw OperationError.invalid("\(file) exists already: choose a new name.") }
        let staging = NSTemporaryDirectory() + "rapport-backup-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(atPath: staging) }
        let copy = (staging as NSString).appendingPathComponent("rapport.sqlite")
        try await withApplication(configuration) { app in
            guard let sql = app.db as? any SQLDatabase else { return }
            try await sql.raw("VACUUM INTO \(literal: copy)").run()
        }
        var held = ["rapport.sqlite"]
        for name in keyFiles {
            let path = (configuration.dataDirectory as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) {
                try FileManager.default.copyItem(atPath: path, toPath: (staging as NSString).appendingPathComponent(name))
                held.append(name)
            }
        }
        try run("/bin/tar", ["-C", staging, "-cf", file] + held)
        chmod(file, 0o600)
        let missing = keyFiles.filter { !held.contains($0) }
        return "Backed up \(held.joined(separator: ", ")) to \(file)."
            + (missing.isEmpty ? "" : " Not in it: \(missing.joined(separator: ", ")) (set by environment variables?): keep them with the backup, apart from it.")
    }

    /// Brings a backup back into an empty data folder and checks the database.
    public static func restore(_ configuration: AppConfiguration, from file: String) async throws -> String {
        let folder = configuration.dataDirectory
        let files = FileManager.default
        guard files.fileExists(atPath: file) else { throw OperationError.invalid("Cannot read \(file).") }
        guard !files.fileExists(atPath: configuration.sqlitePath) else {
            throw OperationError.invalid("\(folder) already holds a database: restore into a new, empty data folder.")
        }
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try run("/bin/tar", ["-C", folder, "-xf", file, "rapport.sqlite"] + keyFiles.filter { name in
            (try? run("/bin/tar", ["-tf", file, name])) != nil
        })
        for name in keyFiles { chmod((folder as NSString).appendingPathComponent(name), 0o600) }
        let check = try await withApplication(configuration) { app -> String in
            guard let sql = app.db as? any SQLDatabase else { return "" }
            return try await sql.raw("PRAGMA integrity_check").all().first.map { try $0.decode(column: "integrity_check", as: String.self) } ?? ""
        }
        guard check == "ok" else { throw OperationError.invalid("The restored database does not pass SQLite's integrity check: \(check)") }
        return "Restored \(file) into \(folder); the database passes SQLite's integrity check."
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw OperationError.invalid("\(executable) \(arguments.joined(separator: " ")) stopped with status \(process.terminationStatus).")
        }
    }
}
