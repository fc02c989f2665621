import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

/// Structured logs with a request id on every line, and `/metrics` for Prometheus from configured addresses only.
@Suite("Logs and metrics")
struct ObservabilityTests {
    /// Log lines written by a `JSONLogHandler`, kept for a test to read.
    final class CapturedLines: Sendable {
        private let lines = NIOLockedValueBox<[String]>([])
        var all: [String] { lines.withLockedValue { $0 } }
        func logger(level: Logger.Level = .info) -> Logger {
            Logger(label: "codes.vapor.application") { label in
                JSONLogHandler(label: label, level: level) { line in self.lines.withLockedValue { $0.append(line) } }
            }
        }
        var objects: [[String: String]] {
            all.map { line in (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: String] ?? ["unreadable": line] }
        }
    }

    @Test func aLogLineIsOneJSONObjectWhateverTheTextHolds() throws {
        let captured = CapturedLines()
        var logger = captured.logger()
        logger[metadataKey: "request-id"] = "abc"
        let hostile = "quote \" backslash \\ newline\nfake {\"level\":\"critical\"} tab\t bell\u{7} line separator \u{2028} naïve 名前"
        logger.info("\(hostile)", metadata: ["level": "overridden?", "route": .string(hostile)])
        logger.debug("below the level")
        #expect(captured.all.count == 1)
        let line = try #require(captured.all.first)
        #expect(!line.contains("\n") && !line.contains("\u{2028}"), "one line, whatever the message holds")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        #expect(object["message"] == hostile && object["route"] == hostile)
        #expect(object["level"] == "info", "metadata cannot overwrite the fixed fields")
        #expect(object["request_id"] == "abc" && object["logger"] == "codes.vapor.application")
        #expect(object["time"].flatMap { try? Date($0, strategy: .iso8601) } != nil)
    }

    @Test func everyLineOfARequestCarriesItsIdAndTheIdComesBack() async throws {
        try await withRapport { app, _ in
            let captured = CapturedLines()
            app.logger = captured.logger()
            // A page that logs in its handler (a failed sign-in is a warning) and the answer's own line.
            let browser = TestBrowser(app)
            _ = try await browser.get("/login")
            let response = try await browser.post("/login", [("username", "nobody"), ("password", "wrong")])
            let id = try #require(response.headers.first(name: .xRequestId))
            let lines = captured.objects.filter { $0["request_id"] == id }
            #expect(lines.contains { $0["message"] == "POST /login \(response.status.code)" && $0["route"] == "/login" && $0["ms"] != nil })
            #expect(captured.objects.allSatisfy { $0["request_id"] != nil }, "every line written during a request names it")
            #expect(!captured.all.contains { $0.contains("wrong") }, "a form's values are never logged")
        }
    }

    @Test func aProxysRequestIdIsKeptOnlyWhenItLooksLikeOne() async throws {
        try await withRapport { app, _ in
            let captured = CapturedLines()
            app.logger = captured.logger()
            let kept = try await app.testing().sendRequest(.GET, "/healthz", headers: ["X-Request-Id": "edge-4f2a.9_1"])
            #expect(kept.headers.first(name: .xRequestId) == "edge-4f2a.9_1")
            for hostile in ["", "a b", "<script>", String(repeating: "a", count: 65), "x\u{7F}y"] {
                let answer = try await app.testing().sendRequest(.GET, "/healthz", headers: ["X-Request-Id": hostile])
                let given = try #require(answer.headers.first(name: .xRequestId))
                #expect(given != hostile && UUID(uuidString: given) != nil, "\(hostile) is replaced by a fresh id")
                #expect(captured.objects.contains { $0["request_id"] == given && $0["route"] == "/healthz" })
            }
            #expect(!captured.all.contains { $0.contains("<script>") })
        }
    }

    @Test func aFailureOfOursShowsItsReference() async throws {
        try await withRapport { app, _ in
            app.get("test-failure") { _ -> String in throw CancellationError() }
            let response = try await app.testing().sendRequest(.GET, "/test-failure")
            let id = try #require(response.headers.first(name: .xRequestId))
            #expect(response.status == .internalServerError)
            #expect(response.body.string.contains("Reference for whoever looks after Rapport: \(id)"))
            let missing = try await app.testing().sendRequest(.GET, "/no/such/page")
            #expect(missing.status == .notFound && !missing.body.string.contains("Reference for"))
        }
    }

    @Test func metricsAnswerOnlyTheConfiguredAddresses() async throws {
        try await withRapport { app, _ in
            let inMemory = try await app.testing().sendRequest(.GET, "/metrics")
            let local = try await app.testing(method: .running(port: 0)).sendRequest(.GET, "/metrics")
            #expect(inMemory.status == .notFound && local.status == .notFound, "nobody is allowed until an address is configured")
        }
        try await withRapport({ $0.metricsAllowedAddresses = ["192.0.2.7"] }) { app, _ in
            let other = try await app.testing(method: .running(port: 0)).sendRequest(.GET, "/metrics")
            #expect(other.status == .notFound)
        }
        // Behind a trusted proxy, the client it names is the one checked, not the proxy.
        try await withRapport({
            $0.metricsAllowedAddresses = ["127.0.0.1"]
            $0.signInThrottle.trustedProxies = ["127.0.0.1"]
        }) { app, _ in
            let forwarded = try await app.testing(method: .running(port: 0))
                .sendRequest(.GET, "/metrics", headers: ["X-Forwarded-For": "203.0.113.9"])
            #expect(forwarded.status == .notFound)
            let direct = try await app.testing(method: .running(port: 0)).sendRequest(.GET, "/metrics")
            #expect(direct.status == .ok)
        }
    }

    @Test func metricsCountRequestsByRouteAndReadFlagsAndTheOutbox() async throws {
        try await withRapport({ $0.metricsAllowedAddresses = ["127.0.0.1", "::1"] }) { app, clock in
            let pair = try await ActivePair.make(app, clock)
            // Three weeks without a meeting: one flagged pair.
            clock.advance(by: 21 * 86_400)
            let mentor = TestBrowser(app)
            try await mentor.signIn("mentor")
            _ = try await mentor.get("/home")
            _ = try await mentor.get("/matches/\(UUID().uuidString.lowercased())/timeline")
            try await OutboxMessage(personID: pair.world.mentor.requireID(), subject: "s", body: "b", now: clock.now).create(on: app.db)
            // A made-up method is counted as "other": a client cannot add series at will.
            _ = try await app.testing().sendRequest(HTTPMethod(rawValue: "BREW"), "/healthz")
            let response = try await app.testing(method: .running(port: 0)).sendRequest(.GET, "/metrics")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "plain")
            let text = response.body.string
            #expect(text.contains(#"rapport_http_requests_total{method="GET",route="/home",status="200"} "#))
            #expect(text.contains(#"rapport_http_request_duration_seconds_bucket{method="GET",route="/home",le="0.1"}"#))
            #expect(text.contains(#"route="/matches/:match/timeline""#) && !text.contains("timeline\",status=\"200"),
                    "routes are counted by template, never by a record's id")
            let school = try #require(pair.world.school.id).uuidString.lowercased()
            #expect(text.contains("rapport_open_flags{school=\"\(school)\"} 1"))
            #expect(text.contains("rapport_outbox_queued{school=\"\(school)\"} 1"))
            #expect(text.contains("rapport_database_ping_seconds "))
            #expect(text.contains("rapport_database_pool_connections "))
            #expect(text.contains("rapport_http_requests_in_flight "))
            #expect(text.contains(#"method="other""#) && !text.contains("BREW"))
        }
    }
}
