import Foundation
import Logging
import NIOConcurrencyHelpers
import Vapor

/// One JSON object a line (time, level, logger, message and every metadata value as a field), so a log collector
/// can search by request id, route or status without parsing sentences. Text that came from outside (a request id
/// a proxy sent, a message that quotes input) is escaped as JSON, so it can never start a line of its own.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    public init(label: String, level: Logger.Level, write: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.logLevel = level
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    private static let lock = NIOLock()

    /// Writes whole lines to standard error, one writer at a time, so lines from different requests never interleave.
    public static let standardError: @Sendable (String) -> Void = { line in
        lock.withLock {
            var line = line
            line.append("\n")
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    public func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", Self.timestamp(Date())), ("level", event.level.rawValue), ("logger", label), ("message", "\(event.message)"),
        ]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { $1 } }
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        for key in merged.keys.sorted() {
            // The fixed fields keep their meaning whatever a caller names its metadata.
            guard !["time", "level", "logger", "message"].contains(key), let value = merged[key] else { continue }
            fields.append((key.replacingOccurrences(of: "-", with: "_"), Self.text(value)))
        }
        write("{" + fields.map { "\(Self.quoted($0.0)):\(Self.quoted($0.1))" }.joined(separator: ",") + "}")
    }

    private static func text(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let values): "[" + values.map(text).joined(separator: ", ") + "]"
        case .dictionary(let values): "{" + values.keys.sorted().map { "\($0): \(text(values[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    /// `text` as a JSON string: quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))
    }
}

/// How the server writes its log (`RAPPORT_LOG_FORMAT`): JSON lines for a collector, or Swift's plain text for a
/// person reading a terminal.
public enum LogFormat: String, Sendable, CaseIterable {
    case json, text
}

/// Gives every request an id that is safe to write and quote, logs one line when it is answered (method, route
/// template, status, milliseconds: never the query string, which may carry a code), and counts it for `/metrics`.
/// The id goes back in `X-Request-Id` and on error pages, so a person who reports a problem can quote it.
struct RequestLogMiddleware: AsyncMiddleware {
    /// A proxy's request id is kept only when it looks like one; anything else is replaced.
    static func acceptable(_ id: String) -> Bool {
        (1...64).contains(id.utf8.count) && id.utf8.allSatisfy { byte in
            (48...57).contains(byte) || (65...90).contains(byte) || (97...122).contains(byte) || byte == 45 || byte == 95 || byte == 46
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let id = Self.acceptable(request.id) ? request.id : UUID().uuidString
        request.logger[metadataKey: "request-id"] = .string(id)
        let started = ContinuousClock.now
        let route = request.route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
        let metrics = request.application.serverMetrics
        metrics.started()
        let status: HTTPResponseStatus
        let response: Response
        do {
            response = try await next.respond(to: request)
            status = response.status
        } catch {
            metrics.finished(method: request.method.rawValue, route: route, status: 500, duration: ContinuousClock.now - started)
            request.logger.error("\(request.method.rawValue) \(route) failed", metadata: ["route": .string(route), "status": "500"])
            throw error
        }
        let duration = ContinuousClock.now - started
        metrics.finished(method: request.method.rawValue, route: route, status: Int(status.code), duration: duration)
        let milliseconds = Double(duration.components.attoseconds / 1_000_000_000_000) / 1_000 + Double(duration.components.seconds) * 1_000
        request.logger.info("\(request.method.rawValue) \(route) \(status.code)", metadata: [
            "route": .string(route), "status": .stringConvertible(status.code), "ms": .stringConvertible((milliseconds * 10).rounded() / 10),
        ])
        response.headers.replaceOrAdd(name: .xRequestId, value: id)
        return response
    }
}

extension Request {
    /// This request's id as its log lines carry it.
    var logID: String? {
        if case .string(let id)? = logger[metadataKey: "request-id"] { return id }
        return nil
    }
}
