import Vapor

/// Turns every failure into a clear answer: an HTML page for people, a JSON problem for the API. Never leaks internals.
struct FriendlyErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch let redirect as Redirect where !request.isAPI {
            return request.redirect(to: redirect.location, redirectType: .normal)
        } catch {
            let (status, message) = Self.describe(error, request: request)
            if status == .internalServerError {
                request.logger.report(error: error)
            }
            if request.isAPI {
                let response = Response(status: status)
                try response.content.encode(Problem(status: Int(status.code), title: status.reasonPhrase, detail: message), as: .json)
                return response
            }
            return Layout.errorPage(status: status, message: message, for: request)
        }
    }

    struct Problem: Content {
        let status: Int
        let title: String
        let detail: String
    }

    static func describe(_ error: any Error, request: Request) -> (HTTPResponseStatus, String) {
        switch error {
        case is Redirect:
            return (.unauthorized, "Sign in first.")
        // Vapor's decoding errors are AbortErrors too, with coding paths and Swift type names in their reasons.
        case is DecodingError:
            return (.badRequest, "We couldn't read what was sent. Check it and try again.")
        case let abort as any AbortError:
            let status = abort.status
            let reason = abort.reason
            // Only Rapport's own `Abort`s carry words written for people; other errors' reasons may name internals.
            let isOwnReason = abort is Abort && reason != status.reasonPhrase
            switch status {
            case .payloadTooLarge:
                let limit = request.configuration.maxRosterSizeText
                return (status, "That was too large to send: the limit is \(limit). Nothing was saved.")
            case .notFound:
                return (status, isOwnReason ? reason : "There is nothing here. Check the address, or go back to your home page.")
            case .forbidden:
                return (status, isOwnReason ? reason : "You don't have access to this.")
            case .badRequest:
                return (status, isOwnReason ? reason : "We couldn't read what was sent. Check it and try again.")
            default:
                return (status, isOwnReason ? reason : status.reasonPhrase)
            }
        default:
            return (.internalServerError, "Something went wrong on our side. Please try again; if it keeps happening, tell your coordinator.")
        }
    }
}

/// Headers every response carries.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(String, String)] = [
            ("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
            ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
        ]
        for (name, value) in headers { response.headers.replaceOrAdd(name: name, value: value) }
        // Pages and JSON answers hold people's data: no shared or browser cache keeps them.
        if ["html", "json", "problem+json"].contains(response.headers.contentType?.subType ?? ""), response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        if request.isHTTPS {
            response.headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        return response
    }
}

extension Request {
    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// Served over https: by Rapport's own TLS, or by a configured proxy that says so in `X-Forwarded-Proto`.
    var isHTTPS: Bool {
        if application.http.server.configuration.tlsConfiguration != nil { return true }
        guard let peer = remoteAddress?.ipAddress, configuration.signInThrottle.trustedProxies.contains(peer) else { return false }
        return headers.first(name: "X-Forwarded-Proto")?.lowercased() == "https"
    }
}
