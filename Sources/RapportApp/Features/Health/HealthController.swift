import Fluent
import SQLKit
import Vapor

/// `GET /healthz`: 200 when the database answers, 503 when it does not.
struct HealthController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.healthz) { request async -> Response in
            do {
                guard let sql = request.db as? any SQLDatabase else { throw Abort(.serviceUnavailable) }
                try await sql.raw("SELECT 1").run()
                return Response(status: .ok, body: "ok\n")
            } catch {
                request.logger.warning("health check: the database did not answer: \(String(reflecting: error))")
                return Response(status: .serviceUnavailable, body: "database unavailable\n")
            }
        }
    }
}
