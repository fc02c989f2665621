import Fluent
import Vapor

/// Counts failed sign-ins per account name and per address in a sliding window.
/// The account name is counted whether or not such an account exists, so a lock-out reveals nothing.
struct SignInThrottling {
    let request: Request

    func isLockedOut(accountKey: String) async throws -> Bool {
        let limits = request.configuration.signInThrottle
        let since = request.now.addingTimeInterval(-limits.window)
        let byAccount = try await SignInAttempt.query(on: request.db)
            .filter(\.$accountKey == accountKey).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        if byAccount >= limits.failuresPerAccount { return true }
        let byAddress = try await SignInAttempt.query(on: request.db)
            .filter(\.$address == request.clientAddress).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        return byAddress >= limits.failuresPerAddress
    }

    func record(accountKey: String, succeeded: Bool) async throws {
        try await SignInAttempt(accountKey: accountKey, address: request.clientAddress, succeeded: succeeded, attemptedAt: request.now)
            .create(on: request.db)
    }

    static func lockedOutMessage(window: TimeInterval) -> String {
        "Too many tries. Wait \(Int(window / 60)) minutes, then try again. If you have forgotten your password, ask your coordinator for a login code."
    }
}
