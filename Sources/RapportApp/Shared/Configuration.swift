import Foundation
import Logging

/// Everything Rapport reads from its environment, read once and passed down.
public struct AppConfiguration: Sendable {
    /// Folder for the SQLite file and generated keys.
    public var dataDirectory: String
    /// PostgreSQL URL; when nil, SQLite at `<dataDirectory>/rapport.sqlite`.
    public var databaseURL: String?
    public var host: String
    public var port: Int
    /// A signed-in session ends after this long without a request.
    public var sessionIdleTimeout: TimeInterval = 30 * 60
    /// A session ends this long after sign-in, whatever happens.
    public var sessionAbsoluteTimeout: TimeInterval = 12 * 60 * 60
    /// How long a one-time login code printed on a card stays valid.
    public var loginCodeLifetime: TimeInterval = 7 * 24 * 60 * 60
    public var signInThrottle = SignInThrottle()
    /// Largest roster file accepted by the import page.
    public var maxRosterBytes = 2 * 1024 * 1024
    public var clock: Clock = .system
    /// Where tokens, codes and secrets come from; tests may give a seeded source.
    public var random: RandomSource = .system
    /// bcrypt work factor; tests lower it to stay fast.
    public var bcryptCost = 12
    /// Tests: an in-memory SQLite database instead of the data folder.
    public var inMemoryDatabase = false
    /// Tests on PostgreSQL: a schema of their own, so tests running side by side don't meet.
    public var postgresSchema: String?
    /// The key that seals students' notes (`RAPPORT_NOTE_KEY`, base64 of 32 bytes); when nil, a key file in the data folder.
    public var noteKey: String?
    /// The secret that keys login-code hashes and the audit chain (`RAPPORT_SECRET_KEY`, base64 of 32 or more bytes);
    /// when nil, a key file in the data folder.
    public var secretKey: String?
    /// Keys that sealed older notes, still needed to read them after a rotation (`RAPPORT_NOTE_KEYS_RETIRED`, comma-separated).
    public var retiredNoteKeys: [String] = []
    /// The school's clock on the wall: meeting times are typed and shown in it (`RAPPORT_TIME_ZONE`).
    public var timeZone = TimeZone(identifier: "Europe/London")!
    /// Rapport's address as people reach it (`RAPPORT_PUBLIC_URL`, such as `https://rapport.school.example`), for links
    /// in e-mails; without it e-mails carry no link.
    public var publicURL: String?
    /// The sendmail-compatible command e-mails are piped to (`RAPPORT_MAIL_COMMAND`, such as `/usr/sbin/sendmail -t`).
    public var mailCommand: String?
    /// The From address of e-mails (`RAPPORT_MAIL_FROM`).
    public var mailFrom = "rapport@localhost"
    /// How long a new concern may wait for a safeguarding lead before the alert goes out again, in minutes of the
    /// school day (`RAPPORT_CONCERN_ACKNOWLEDGE_MINUTES`).
    public var concernAcknowledgeMinutes = 60
    /// Months after a match closes before its words are removed (`RAPPORT_NOTE_RETENTION_MONTHS`); concerns are kept.
    public var noteRetentionMonths = 12
    /// Longest text in a note, summary, agenda item or other free-text field of a pair.
    public var noteMaxLength = 2000
    /// How much the server logs (`LOG_LEVEL`: trace, debug, info, notice, warning, error or critical).
    public var logLevel = Logger.Level.info
    /// How log lines are written (`RAPPORT_LOG_FORMAT`: json, one object a line, or text).
    public var logFormat = LogFormat.json
    /// Addresses allowed to read `/metrics` (`RAPPORT_METRICS_ALLOW`, comma-separated, such as `127.0.0.1,::1`);
    /// nobody when empty.
    public var metricsAllowedAddresses: Set<String> = []

    public init(dataDirectory: String, databaseURL: String? = nil, host: String = "127.0.0.1", port: Int = 8080) {
        self.dataDirectory = dataDirectory
        self.databaseURL = databaseURL
        self.host = host
        self.port = port
    }

    /// Reads `RAPPORT_DATA_DIR`, `DATABASE_URL`, `HOST` and `PORT`; explicit values win over the environment.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        dataDirectory: String? = nil, port: Int? = nil
    ) throws -> AppConfiguration {
        let resolvedPort: Int
        if let port {
            resolvedPort = port
        } else if let text = environment["PORT"], !text.isEmpty {
            guard let value = Int(text), (1...65535).contains(value) else {
                throw ConfigurationError("PORT must be a number from 1 to 65535, not \"\(text)\".")
            }
            resolvedPort = value
        } else {
            resolvedPort = 8080
        }
        let value = { (name: String) in environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        var configuration = AppConfiguration(
            dataDirectory: dataDirectory ?? value("RAPPORT_DATA_DIR") ?? "data",
            databaseURL: value("DATABASE_URL"),
            host: value("HOST") ?? "127.0.0.1",
            port: resolvedPort
        )
        configuration.noteKey = value("RAPPORT_NOTE_KEY")
        configuration.secretKey = value("RAPPORT_SECRET_KEY")
        if let url = value("RAPPORT_PUBLIC_URL") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw ConfigurationError("RAPPORT_PUBLIC_URL must be an address such as https://rapport.school.example, not \"\(url)\".")
            }
            configuration.publicURL = url.hasSuffix("/") ? String(url.dropLast()) : url
        }
        configuration.mailCommand = value("RAPPORT_MAIL_COMMAND")
        if let text = value("RAPPORT_NOTE_RETENTION_MONTHS") {
            guard let months = Int(text), (1...120).contains(months) else {
                throw ConfigurationError("RAPPORT_NOTE_RETENTION_MONTHS must be a number of months from 1 to 120, not \"\(text)\".")
            }
            configuration.noteRetentionMonths = months
        }
        if let from = value("RAPPORT_MAIL_FROM") { configuration.mailFrom = from }
        if let text = value("RAPPORT_CONCERN_ACKNOWLEDGE_MINUTES") {
            guard let minutes = Int(text), (5...1440).contains(minutes) else {
                throw ConfigurationError("RAPPORT_CONCERN_ACKNOWLEDGE_MINUTES must be a number of minutes from 5 to 1440, not \"\(text)\".")
            }
            configuration.concernAcknowledgeMinutes = minutes
        }
        configuration.signInThrottle.trustedProxies = Set(
            (value("RAPPORT_TRUSTED_PROXIES") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        if let header = value("RAPPORT_FORWARDED_FOR_HEADER") { configuration.signInThrottle.forwardedForHeader = header }
        if let text = value("RAPPORT_LOGIN_CODE_DAYS") {
            guard let days = Int(text), (1...90).contains(days) else {
                throw ConfigurationError("RAPPORT_LOGIN_CODE_DAYS must be a number of days from 1 to 90, not \"\(text)\".")
            }
            configuration.loginCodeLifetime = TimeInterval(days) * 24 * 60 * 60
        }
        configuration.retiredNoteKeys = value("RAPPORT_NOTE_KEYS_RETIRED")?.split(separator: ",").map(String.init) ?? []
        if let name = value("RAPPORT_TIME_ZONE") {
            guard let zone = TimeZone(identifier: name) else {
                throw ConfigurationError("RAPPORT_TIME_ZONE must be a time zone name such as Europe/London, not \"\(name)\".")
            }
            configuration.timeZone = zone
        }
        if let text = value("LOG_LEVEL") {
            guard let level = Logger.Level(rawValue: text) else {
                throw ConfigurationError("LOG_LEVEL must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\".")
            }
            configuration.logLevel = level
        }
        if let text = value("RAPPORT_LOG_FORMAT") {
            guard let format = LogFormat(rawValue: text) else {
                throw ConfigurationError("RAPPORT_LOG_FORMAT must be json or text, not \"\(text)\".")
            }
            configuration.logFormat = format
        }
        configuration.metricsAllowedAddresses = Set(
            (value("RAPPORT_METRICS_ALLOW") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        return configuration
    }

    /// The roster limit as people read it, such as "2 MB".
    var maxRosterSizeText: String {
        maxRosterBytes >= 1_048_576 ? "\(maxRosterBytes / 1_048_576) MB" : "\(max(1, maxRosterBytes / 1024)) KB"
    }

    public var noteKeyPath: String { (dataDirectory as NSString).appendingPathComponent("note-key") }

    public var sqlitePath: String { (dataDirectory as NSString).appendingPathComponent("rapport.sqlite") }
}

/// Limits on failed sign-ins within a sliding window, per account name and per network address.
public struct SignInThrottle: Sendable {
    public var window: TimeInterval = 15 * 60
    public var failuresPerAccount = 5
    public var failuresPerAddress = 30
    /// Addresses of reverse proxies in front of Rapport (`RAPPORT_TRUSTED_PROXIES`, comma-separated). Only when the
    /// peer is one of them is the client address read from `forwardedForHeader`.
    public var trustedProxies: Set<String> = []
    /// The header those proxies put the client's address in (`RAPPORT_FORWARDED_FOR_HEADER`, default `X-Forwarded-For`).
    public var forwardedForHeader: String? = "X-Forwarded-For"
}

/// The time source, injected so tests can move time.
public struct Clock: Sendable {
    public var now: @Sendable () -> Date
    public init(now: @escaping @Sendable () -> Date) { self.now = now }
    public static let system = Clock(now: { Date() })
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
