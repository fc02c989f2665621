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
        case let abort as any AbortError:
            let status = abort.status
            let reason = abort.reason
            let isOwnReason = reason != status.reasonPhrase
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
        case is DecodingError:
            return (.badRequest, "We couldn't read what was sent. Check it and try again.")
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
        if response.headers.contentType?.subType == "html", response.headers.first(name: .cacheControl) == nil {
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}

extension Request {
    var isAPI: Bool { url.path.hasPrefix("/api/") }
}
