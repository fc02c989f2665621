import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit
import Vapor

private struct ConfigurationKey: StorageKey { typealias Value = AppConfiguration }
extension Application {
    /// Rapport's configuration, set once by `configure`.
    public var rapport: AppConfiguration {
        get {
            guard let configuration = storage[ConfigurationKey.self] else {
                fatalError("configure(_:_:) must run before the configuration is read")
            }
            return configuration
        }
        set { storage[ConfigurationKey.self] = newValue }
    }
}

/// Sets up storage, migrations, middleware and routes. Does not start the server.
public func configure(_ app: Application, _ configuration: AppConfiguration) async throws {
    app.rapport = configuration
    try ContentFiles.check()
    app.dependencies = Dependencies(
        clock: configuration.clock, random: configuration.random, notes: try NoteCipher.load(configuration),
        keys: try ServerKeys.load(configuration),
        mailer: configuration.mailCommand.map { .command($0, from: configuration.mailFrom) } ?? .notConfigured)
    app.http.server.configuration.hostname = configuration.host
    app.http.server.configuration.port = configuration.port
    app.routes.defaultMaxBodySize = ByteCount(value: configuration.maxRosterBytes + 64 * 1024)
    app.passwords.use(.bcrypt(cost: configuration.bcryptCost))

    try useDatabase(app, configuration)
    app.migrations.add(Migrations.all(auditLog: app.audit))
    app.databases.middleware.use(RecordIDMiddleware(random: configuration.random))
    app.databases.middleware.use(PersonSearchKeyMiddleware())
    app.databases.middleware.use(PairHistoryCache.Invalidation())

    app.serverMetrics = ServerMetrics()
    app.keptFigures = KeptFigures()
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(FriendlyErrorMiddleware())
    app.middleware.use(SessionMiddleware())
    app.middleware.use(CSRFMiddleware())
    try routes(app)
}

enum Migrations {
    /// In the order they were shipped; a shipped migration is never edited.
    static func all(auditLog: AuditLog) -> [any Migration] { [
        CreateOrganisation(), CreateSchool(), CreatePerson(), CreateAuthSession(), CreateLoginCode(),
        CreateSignInAttempt(), CreateMentoringProfile(), CreateProgramme(), CreateAuditEvent(),
        CreateTrainingCompletion(), CreateMentorStory(), CreateAppNotification(), CreateMentoringMatch(), CreateMatchTransition(),
        CreateAgreement(), CreateMatchingRound(),
        UpdateProgrammeAddPracticeRules(), CreateMeeting(), CreateMeetingAttendance(), CreateCheckIn(), CreateMeetingEntry(),
        CreateMeetingSummary(), CreateCommitment(), CreateWin(), CreateGoal(), CreateFeedbackAnswer(), CreatePulseAnswer(),
        CreateCalendarFeed(),
        CreateSchoolPeriodTime(),
        UpdateAuditEventKeyedChain(), StartAuditLog(log: auditLog), UpdatePulseAnswerAddAnswersVisible(),
        UpdateAppNotificationDropStudentWords(), CreateConcern(), CreateOutboxMessage(), UpdateSchoolAddEmergencyText(),
        UpdateConcernAddSharedWithCoordinator(), UpdateMentoringMatchAddNotesPurgedAt(), CreateSafeguardingHold(),
        UpdateMentoringMatchClosingIsOpen(), UpdateAuditEventAddIndexes(), CreateTwoStepSignIn(), UpdatePersonAddSearchKey(),
        UpdateMentoringMatchAddAgreedCadence(), CreatePairHistory(), UpdateProgrammeAddHealthRules(), RemakePairHistory(), CreatePairCheckIn(), UpdateMentoringMatchAddClosure(), CreateClosingReflection(), CreateOutcomeAnswer(),
        AddPairRecordIndexes(), UpdateProgrammeAddMatchingSettings(), UpdateMentoringProfileAddIdentities(), CreatePairingRestriction(),
        UpdateProgrammeAddTermEnds(), CreateGroundRules(), CreateReminders(), CreateMentorSupport(), UpdateOutboxMessageAddKind(),
    ] }
}

/// SQL is logged with its bound values, which include names and sealed text: only at `trace`, never at `debug`.
private let sqlLogLevel = Logger.Level.trace

private func useDatabase(_ app: Application, _ configuration: AppConfiguration) throws {
    if let url = configuration.databaseURL {
        var postgres = try SQLPostgresConfiguration(url: url)
        if let schema = configuration.postgresSchema { postgres.searchPath = [schema] }
        // Two connections an event loop, and a wait of up to 30 s for one: a burst of audited reads (AuditBatch) or a
        // busy server waits its turn rather than failing the page.
        app.databases.use(.postgres(configuration: postgres, maxConnectionsPerEventLoop: 2, connectionPoolTimeout: .seconds(30),
                                    sqlLogLevel: sqlLogLevel), as: .psql)
    } else if configuration.inMemoryDatabase {
        app.databases.use(.sqlite(.memory, sqlLogLevel: sqlLogLevel), as: .sqlite)
    } else {
        try FileManager.default.createDirectory(atPath: configuration.dataDirectory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        app.databases.use(.sqlite(.file(configuration.sqlitePath), sqlLogLevel: sqlLogLevel), as: .sqlite)
    }
}

/// Runs pending migrations and, on SQLite, turns on write-ahead logging (kept in the file once set).
/// sqlite-nio's SQLite keeps its default `synchronous=FULL` and the driver turns foreign keys on per connection.
public func prepareDatabase(_ app: Application) async throws {
    if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite", app.rapport.databaseURL == nil,
       !app.rapport.inMemoryDatabase {
        try await sql.raw("PRAGMA journal_mode=WAL").run()
    }
    try await app.autoMigrate()
}

private func routes(_ app: Application) throws {
    app.get(.stylesheet) { request -> Response in
        let response = Response(status: .ok, body: .init(string: Stylesheet.css))
        response.headers.contentType = HTTPMediaType(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        // Linked with its hash, it never changes under that address; asked for without it, it may have.
        let current = (try? request.query.get(String.self, at: "v")) == Stylesheet.version
        response.headers.replaceOrAdd(name: .cacheControl, value: current ? "public, max-age=31536000, immutable" : "no-cache")
        return response
    }
    try app.register(collection: HealthController())
    try app.register(collection: MetricsController())
    try app.register(collection: AccountController())
    try app.register(collection: TwoStepController())
    try app.register(collection: HomeController())
    try app.register(collection: StudentController())
    try app.register(collection: ProfileController())
    try app.register(collection: RosterController())
    try app.register(collection: ProgrammeController())
    try app.register(collection: MatchingSettingsController())
    try app.register(collection: DoNotPairController())
    try app.register(collection: StaffController())
    try app.register(collection: APIController())
    try app.register(collection: BellTimesController())
    try app.register(collection: TrainingController())
    try app.register(collection: StoryController())
    try app.register(collection: NotificationController())
    try app.register(collection: MatchController())
    try app.register(collection: CheckInController())
    try app.register(collection: DashboardController())
    try app.register(collection: GoodbyeController())
    try app.register(collection: OutcomeController())
    try app.register(collection: RoundController())
    try app.register(collection: ShortlistController())
    try app.register(collection: MeetingController())
    try app.register(collection: PracticeController())
    try app.register(collection: GroundRulesController())
    try app.register(collection: ReminderController())
    try app.register(collection: MyMentoringController())
    try app.register(collection: MentorSupportController())
    try app.register(collection: FeedbackController())
    try app.register(collection: CalendarController())
    try app.register(collection: WorryController())
    try app.register(collection: ConcernController())
    try app.register(collection: SchoolSettingsController())
    try app.register(collection: StudentRecordExport())
}
