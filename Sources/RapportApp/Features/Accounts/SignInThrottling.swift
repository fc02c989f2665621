import Fluent
import Vapor

/// Counts failed sign-ins per account and per address in a sliding window.
///
/// Each try is written down as a failure *before* the password is checked, and the window is counted after that
/// write, so a burst of parallel tries cannot all read the count from before any of them: the try that takes the
/// count past the limit is refused whatever happens in between. A try that then succeeds is marked so.
/// The account key is the person's id when the name or email belongs to someone (so username and email count as one
/// account), else the name as typed: a lock-out looks the same either way and reveals nothing.
struct SignInThrottling {
    let request: Request

    struct Attempt {
        let id: UUID
        let isLockedOut: Bool
    }

    func begin(accountKey: String) async throws -> Attempt {
        let limits = request.configuration.signInThrottle
        let address = request.clientAddress
        let attempt = SignInAttempt(accountKey: accountKey, address: address, succeeded: false, attemptedAt: request.now)
        try await attempt.create(on: request.db)
        let since = request.now.addingTimeInterval(-limits.window)
        let byAccount = try await SignInAttempt.query(on: request.db)
            .filter(\.$accountKey == accountKey).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        let byAddress = byAccount > limits.failuresPerAccount ? 0 : try await SignInAttempt.query(on: request.db)
            .filter(\.$address == address).filter(\.$succeeded == false).filter(\.$attemptedAt > since).count()
        return Attempt(id: try attempt.requireID(),
                       isLockedOut: byAccount > limits.failuresPerAccount || byAddress > limits.failuresPerAddress)
    }

    func succeeded(_ attempt: Attempt) async throws {
        try await SignInAttempt.query(on: request.db).filter(\.$id == attempt.id).set(\.$succeeded, to: true).update()
    }

    /// Audits `action` about `subject` at most once per window, so a flood of refused tries is one line, not thousands.
    func auditOncePerWindow(_ action: String, subject: String, schoolID: UUID?) async throws {
        let since = request.now.addingTimeInterval(-request.configuration.signInThrottle.window)
        try await request.audit.record(action, subject: subject, by: nil, schoolID: schoolID, unlessRecordedSince: since, on: request.db)
    }

    static func lockedOutMessage(window: TimeInterval) -> String {
        "Too many tries. Wait \(Int(window / 60)) minutes, then try again. If you have forgotten your password, ask your coordinator for a login code."
    }
}

extension SignInThrottle {
    /// The address to count: the client's (`client(peer:headers:)`), with IPv6 addresses counted per /64, the block one
    /// household gets.
    func clientAddress(peer: String?, headers: HTTPHeaders) -> String {
        client(peer: peer, headers: headers).map(Self.counted) ?? "unknown"
    }

    /// The client's address: the peer's, or, when the peer is one of the configured proxies, the last address the
    /// proxies added to the configured header.
    func client(peer: String?, headers: HTTPHeaders) -> String? {
        guard let peer else { return nil }
        guard trustedProxies.contains(peer), let header = forwardedForHeader, let value = headers[header].last else { return peer }
        let hops = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return hops.last(where: { !trustedProxies.contains($0) }) ?? hops.first ?? peer
    }

    /// IPv4 as it is; IPv6 cut to its first 64 bits.
    static func counted(_ address: String) -> String {
        var binary = in6_addr()
        guard address.contains(":"), inet_pton(AF_INET6, address, &binary) == 1 else { return address }
        let bytes = withUnsafeBytes(of: &binary) { Array($0.prefix(8)) }
        let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
        return groups.joined(separator: ":") + "::/64"
    }
}
