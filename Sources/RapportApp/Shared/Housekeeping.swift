import Fluent
import Vapor

/// What `rapport serve` clears on a schedule: sessions past their time-outs, sign-in attempts past any throttling
/// window, login codes that are spent or have run out, and the words of matches closed longer ago than the
/// retention period (`NoteRetention`). Each is idempotent, so several servers running it at once do no harm.
enum Housekeeping {
    static let attemptsKeptFor: TimeInterval = 24 * 60 * 60
    static let interval: Duration = .seconds(15 * 60)

    static func purge(_ app: Application) async throws {
        let configuration = app.rapport
        let now = app.dependencies.now
        try await AuthSession.query(on: app.db).group(.or) {
            $0.filter(\.$lastSeenAt < now.addingTimeInterval(-configuration.sessionIdleTimeout))
                .filter(\.$createdAt < now.addingTimeInterval(-configuration.sessionAbsoluteTimeout))
        }.delete()
        let attemptsBefore = now.addingTimeInterval(-max(attemptsKeptFor, configuration.signInThrottle.window))
        try await SignInAttempt.query(on: app.db).filter(\.$attemptedAt < attemptsBefore).delete()
        try await LoginCode.query(on: app.db).group(.or) { $0.filter(\.$usedAt != nil).filter(\.$expiresAt < now) }.delete()
        try await NoteRetention.purgeDue(app)
    }

    /// Runs `purge` now and then every `interval` until the task is cancelled; a failed run is logged and retried.
    static func run(_ app: Application) async {
        while !Task.isCancelled {
            do {
                try await purge(app)
            } catch {
                app.logger.report(error: error)
            }
            try? await Task.sleep(for: interval)
        }
    }
}
