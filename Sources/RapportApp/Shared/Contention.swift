import Fluent
import FluentSQLiteDriver
import Vapor

/// Two people saving the same thing at once: the database refuses one of them (a unique index, a check, or
/// SQLite's single writer). The loser gets a 409 that says so, never a 500.
func refusingContention<T>(_ message: String, _ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as any DatabaseError where error.isConstraintFailure {
        throw Abort(.conflict, reason: message)
    } catch let error as SQLiteError where [.busy, .locked, .busyInSnapshot, .busyTimeout, .lockedBySharedCache].contains(error.reason) {
        throw Abort(.conflict, reason: message)
    }
}
