import Fluent
import Foundation
import Prometheus
import SQLKit
import Vapor

/// What `/metrics` tells Prometheus: requests and their latency by route template (never a record's id, so the
/// series stay few), requests in flight, and, read when scraped, pairs with an early warning and alerts waiting in
/// the outbox by school, the database pool's size and how quickly it answers. Each server process keeps its own counts.
final class ServerMetrics: Sendable {
    /// Every series, with the help line Prometheus shows for it.
    private enum Series {
        static var requests: MetricNameDescriptor { name("http", "requests", "total", "Requests answered, by method, route template and status.") }
        static var duration: MetricNameDescriptor { name("http", "request_duration", "seconds", "Time to answer a request, by method and route template.") }
        static var inFlight: MetricNameDescriptor { name("http", "requests_in_flight", "", "Requests being answered now.") }
        static var openFlags: MetricNameDescriptor { name("", "open_flags", "", "Active pairs with at least one early warning, by school (the flags the pages show, kept as they keep them).") }
        static var outboxQueued: MetricNameDescriptor { name("outbox", "queued", "", "E-mail alerts not yet delivered, by the school of the person they are for.") }
        static var databasePool: MetricNameDescriptor { name("database", "pool_connections", "", "Database connections this server may hold: one per event loop.") }
        static var databasePing: MetricNameDescriptor { name("database", "ping", "seconds", "How long SELECT 1 took when scraped, waiting for a pooled connection included.") }

        private static func name(_ subsystem: String, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
            MetricNameDescriptor(namespace: "rapport", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
        }
    }

    let registry = PrometheusCollectorRegistry()
    private let inFlight: Gauge
    /// Latency buckets around the pages' goal (under 100 ms).
    private static let buckets: [Duration] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].map { .milliseconds($0) }

    init() {
        inFlight = registry.makeGauge(descriptor: Series.inFlight)
    }

    func started() { inFlight.increment() }

    /// Methods counted by name; anything else a client sends is "other", so nobody can add series at will.
    private static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    func finished(method raw: String, route: String, status: Int, duration: Duration) {
        inFlight.decrement()
        let method = Self.methods.contains(raw) ? raw : "other"
        registry.makeCounter(descriptor: Series.requests, labels: [("method", method), ("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(descriptor: Series.duration, labels: [("method", method), ("route", route)], buckets: Self.buckets)
            .record(duration)
    }

    /// Reads what the database knows into the gauges (each school's flags from `KeptFigures`, as the pages read them),
    /// then writes every series.
    func scrape(on database: any Database, eventLoops: Int, kept: KeptFigures, now: Date) async throws -> String {
        // Rapport's drivers keep one connection per event loop (Fluent's default).
        registry.makeGauge(descriptor: Series.databasePool).set(Double(eventLoops))
        let pingStarted = ContinuousClock.now
        if let sql = database as? any SQLDatabase { try await sql.raw("SELECT 1").run() }
        let ping = ContinuousClock.now - pingStarted
        registry.makeGauge(descriptor: Series.databasePing).set(Double(ping.components.seconds) + Double(ping.components.attoseconds) / 1e18)
        for (school, queued) in try await Self.queuedAlerts(on: database) {
            registry.makeGauge(descriptor: Series.outboxQueued, labels: [("school", school)]).set(Double(queued))
        }
        for school in try await School.query(on: database).all() {
            guard let id = school.id else { continue }
            let flagged = try await MatchFlags.ofSchool(id, now: now, kept: kept, on: database).values.filter { !$0.isEmpty }.count
            registry.makeGauge(descriptor: Series.openFlags, labels: [("school", id.uuidString.lowercased())]).set(Double(flagged))
        }
        return registry.emitToString()
    }

    /// Messages not yet delivered, by the school of the person they are for ("none" for organisation staff); every
    /// school that has ever queued one is reported, so an emptied queue reads 0.
    private static func queuedAlerts(on database: any Database) async throws -> [(String, Int)] {
        guard let sql = database as? any SQLDatabase else { return [] }
        return try await sql.raw("""
            SELECT people.school_id AS school, SUM(CASE WHEN outbox_messages.delivered_at IS NULL THEN 1 ELSE 0 END) AS queued
            FROM outbox_messages JOIN people ON people.id = outbox_messages.person_id GROUP BY people.school_id
            """).all().map { row in
                (try row.decode(column: "school", as: UUID?.self).map { $0.uuidString.lowercased() } ?? "none", try row.decode(column: "queued", as: Int.self))
            }
    }
}

private struct ServerMetricsKey: StorageKey { typealias Value = ServerMetrics }

extension Application {
    /// This process's request counts and gauges, made by `configure`.
    var serverMetrics: ServerMetrics {
        get { storage[ServerMetricsKey.self] ?? ServerMetrics() }
        set { storage[ServerMetricsKey.self] = newValue }
    }
}

/// `GET /metrics`, in Prometheus's text format, for the addresses in `RAPPORT_METRICS_ALLOW` only; anyone else is
/// told there is nothing there. The address is the peer's, or the client's that a trusted proxy names.
struct MetricsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.metrics) { request async throws -> Response in
            guard let client = request.clientIP, request.configuration.metricsAllowedAddresses.contains(client) else { throw Abort(.notFound) }
            let text = try await request.application.serverMetrics.scrape(
                on: request.db, eventLoops: Array(request.application.eventLoopGroup.makeIterator()).count, kept: request.application.keptFigures, now: request.now)
            let response = Response(status: .ok, body: .init(string: text))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
            return response
        }
    }
}
