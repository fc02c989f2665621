import ArgumentParser
import Foundation
import RapportApp

struct CommonOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder for the SQLite database (default: $RAPPORT_DATA_DIR or ./data). Ignored when DATABASE_URL is set.")
    var dataDirectory: String?

    func configuration(port: Int? = nil, host: String? = nil) throws -> AppConfiguration {
        var configuration = try AppConfiguration.fromEnvironment(dataDirectory: dataDirectory, port: port)
        if let host { configuration.host = host }
        return configuration
    }
}

/// Runs an operation and prints what it says; one it refuses is shown as the command's usage error, with what to fix.
func report(_ operation: () async throws -> String) async throws {
    do {
        print(try await operation())
    } catch let error as Operations.OperationError {
        throw ValidationError(error.description)
    }
}

struct ServerOptions: ParsableArguments {
    @Option(help: "Port to listen on (default: $PORT or 8080).") var port: Int?
    @Option(help: "Address to listen on (default: $HOST or 127.0.0.1).") var host: String?
}

@main
struct Rapport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rapport",
        abstract: "Rapport: peer mentoring for schools.",
        discussion: "Uses SQLite in the data folder, or PostgreSQL when DATABASE_URL is set.",
        subcommands: [Serve.self, Migrate.self, Demo.self, CreateAdmin.self, ResetTwoStep.self, ImportRoster.self, VerifyAudit.self, ResealNotes.self, Backup.self, Restore.self]
    )
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Migrate the database and serve Rapport.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var server: ServerOptions
    func run() async throws {
        try await Operations.serve(common.configuration(port: server.port, host: server.host))
    }
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Bring the database up to date, then exit.")
    @OptionGroup var common: CommonOptions
    func run() async throws {
        try await Operations.migrate(common.configuration())
        print("The database is up to date.")
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a demo organisation (two schools, staff of every role, about 60 students), print its logins and serve.")
    @OptionGroup var common: CommonOptions
    @OptionGroup var server: ServerOptions
    @Flag(help: "Remove everything in the database and make the demo again.") var reset = false
    @Flag(help: "Add an HTML-breaking payload (\"'><x-inj>) to every name and text, to see that every page shows it as text.")
    var hostile = false
    @Option(help: "Add made-up students (a third of the mentees matched, with a term of meetings) until the first school has this many, to see pages at a real school's size.")
    var students: Int?
    func run() async throws {
        try await Operations.demo(common.configuration(port: server.port, host: server.host), reset: reset, hostile: hostile, students: students)
    }
}

struct CreateAdmin: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-admin",
        abstract: "Make a staff account (and its organisation and school if they are new). Prints the password.")
    @OptionGroup var common: CommonOptions
    @Option(help: "Sign-in name: lower-case letters, digits, dots, dashes.") var username: String
    @Option(name: .customLong("given-name")) var givenName: String
    @Option(name: .customLong("family-name")) var familyName: String
    @Option var email: String?
    @Option(help: "coordinator, safeguarding-lead, deputy-safeguarding-lead or organisation-admin.") var role = "organisation-admin"
    @Option(help: "Organisation name; made when it doesn't exist.") var organisation: String
    @Option(help: "The school's id (its OneRoster sourcedId); needed for school roles.") var school: String?
    @Option(name: .customLong("school-name"), help: "Name for the school when it is new.") var schoolName: String?
    @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input instead of generating one.")
    var passwordFromStandardInput = false

    func run() async throws {
        let password = passwordFromStandardInput ? readLine(strippingNewline: true) : nil
        do {
            let used = try await Operations.createAdmin(
                common.configuration(), username: username, givenName: givenName, familyName: familyName, email: email,
                role: role, organisation: organisation, schoolSourceID: school, schoolName: schoolName, password: password)
            print("Created \(username.lowercased()) (\(role)).")
            if password == nil { print("password: \(used)") }
        } catch let error as Operations.OperationError {
            throw ValidationError(error.description)
        }
    }
}

struct ResetTwoStep: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset-two-step",
        abstract: "Remove a staff member's two-step sign-in (a lost phone, no other admin); they set it up again when they next sign in.")
    @OptionGroup var common: CommonOptions
    @Argument(help: "The staff member's username.") var username: String
    func run() async throws {
        try await report {
            try await Operations.resetTwoStep(common.configuration(), username: username)
            return "Two-step sign-in reset for \(username.lowercased())."
        }
    }
}

struct ImportRoster: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-roster",
        abstract: "Import a OneRoster 1.1 or 1.2 bundle (zip), a OneRoster 1.1 users.csv or a Rapport template CSV into a school. All rows or none.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The organisation's name, as on its schools' pages.") var organisation: String
    @Option(help: "The school's id (its OneRoster sourcedId) within that organisation.") var school: String
    @Argument(help: "The zip or CSV file.") var file: String
    func run() async throws {
        try await report { try await Operations.importRoster(common.configuration(), organisation: organisation, schoolSourceID: school, file: file) }
    }
}

struct VerifyAudit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-audit",
        abstract: "Check the audit log's keyed hash chain and print its head.",
        discussion: "Keep the printed count and head somewhere else: a later run that shows fewer events or another head at that count means the log was cut or rewritten.")
    @OptionGroup var common: CommonOptions
    func run() async throws {
        let result = try await Operations.verifyAudit(common.configuration())
        switch result.brokenAt {
        case 0?:
            print("The audit log is empty: it has been emptied (a new database starts it with one event).")
            throw ExitCode(1)
        case let broken?:
            print("The audit log is broken at event \(broken): the \(result.events) events before it are intact, head \(result.head).")
            throw ExitCode(1)
        case nil:
            print("The audit log is intact: \(result.events) events, head \(result.head).")
        }
    }
}

struct ResealNotes: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reseal-notes",
        abstract: "Seal every note again under the current key, bound to its row; safe while the server runs.",
        discussion: "After a key rotation (new RAPPORT_NOTE_KEY, old one in RAPPORT_NOTE_KEYS_RETIRED), run this; then the old key can be dropped.")
    @OptionGroup var common: CommonOptions
    func run() async throws {
        let count = try await Operations.resealNotes(common.configuration())
        print("Re-sealed \(count) values under the current key.")
    }
}

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the SQLite database (consistently, while the server runs) and the key files into one tar file.",
        discussion: "On PostgreSQL use pg_dump. Keep the backup as safe as the database: it holds the keys that open students' notes.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The file to write (it must not exist yet).") var to: String
    func run() async throws {
        try await report { try await Operations.backup(common.configuration(), to: to) }
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bring a backup made by `rapport backup` into a new, empty data folder and check the database.")
    @OptionGroup var common: CommonOptions
    @Option(help: "The backup file.") var from: String
    func run() async throws {
        try await report { try await Operations.restore(common.configuration(), from: from) }
    }
}
