import Foundation
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

/// Keeps `/api/v1/openapi.json` true: the same routes as the app registers, and real answers that fit it.
@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("the document lists exactly the routes under /api/v1, and real answers fit its schemas")
    func theDocumentIsTrue() async throws {
        try await withRapport { app, clock in
            let served = try await TestBrowser(app).get("/api/v1/openapi.json")
            #expect(served.status == .ok && served.headers.contentType?.subType == "json")
            let document = try #require(try JSONSerialization.jsonObject(with: Data(buffer: served.body)) as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let schemas = try #require((document["components"] as? [String: Any])?["schemas"] as? [String: Any])

            // Routes: "GET /api/v1/matches/{match}/meetings", from the app and from the document.
            let registered = Set(app.routes.all.compactMap { route -> String? in
                let path = "/" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                return path.hasPrefix("/api/v1/") ? "\(route.method.rawValue) \(path)" : nil
            })
            let documented = Set(paths.flatMap { path, operations in operations.keys.map { "\($0.uppercased()) \(path)" } })
            #expect(registered == documented)

            // Answers, as the roles that may call each one (and a refusal), against their schemas.
            let pair = try await ActivePair.make(app, clock)
            try await pair.mentor.get("\(pair.base)/meetings")
            #expect(try await pair.mentor.post("\(pair.base)/meetings", [("slot", "wed-lunch@2026-09-23"), ("place", "Library"),
                                                                         ("repeat", "1")]).status == .seeOther)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let calls: [(TestBrowser, String, String, Int)] = [
                (pair.mentee, "/api/v1/me", "/api/v1/me", 200),
                (pair.mentee, "/api/v1/me/profile", "/api/v1/me/profile", 200),
                (pair.mentee, "\(pair.apiBase)/meetings", "/api/v1/matches/{match}/meetings", 200),
                (coordinator, "/api/v1/students", "/api/v1/students", 200),
                (TestBrowser(app), "/api/v1/me", "/api/v1/me", 401),
                (coordinator, "/api/v1/me/profile", "/api/v1/me/profile", 403),
                (pair.mentee, "/api/v1/matches/\(UUID().uuidString.lowercased())/meetings", "/api/v1/matches/{match}/meetings", 404),
            ]
            for (browser, url, path, status) in calls {
                let response = try await browser.get(url)
                #expect(Int(response.status.code) == status, "\(url)")
                let operation = try #require(paths[path]?["get"] as? [String: Any], "\(path) is not documented")
                let responses = try #require(operation["responses"] as? [String: Any])
                let content = (responses[String(status)] as? [String: Any])?["content"] as? [String: Any]
                let schema = try #require((content?["application/json"] as? [String: Any])?["schema"], "\(path) \(status) has no schema")
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body), options: .fragmentsAllowed)
                let problems = SchemaCheck(schemas: schemas).problems(body, schema, at: "\(url) \(status)")
                #expect(problems.isEmpty, "\(problems)")
            }
            // A change: the profile sent back as it came answers a Profile; a bad tag answers a 422 problem.
            let token = try #require(try await pair.mentee.get("/api/v1/me").content.decode(APIController.PersonDTO.self).csrfToken)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-CSRF-Token", value: token)
            let profile = try await pair.mentee.get("/api/v1/me/profile").body
            let put = try #require(paths["/api/v1/me/profile"]?["put"] as? [String: Any])
            let putResponses = try #require(put["responses"] as? [String: Any])
            for (body, status) in [(profile, 200), (ByteBuffer(string: String(buffer: profile).replacingOccurrences(of: "\"interests\":[", with: "\"interests\":[\"chess-boxing\",")), 422)] {
                let response = try await pair.mentee.request(.PUT, "/api/v1/me/profile", headers: headers, body: body)
                #expect(Int(response.status.code) == status)
                let schema = (((putResponses[String(status)] as? [String: Any])?["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                let problems = SchemaCheck(schemas: schemas).problems(try JSONSerialization.jsonObject(with: Data(buffer: response.body)),
                                                                      try #require(schema), at: "PUT profile \(status)")
                #expect(problems.isEmpty, "\(problems)")
            }
            // The meetings call answered something to check.
            let meetings = try await pair.mentee.get("\(pair.apiBase)/meetings")
            #expect((try JSONSerialization.jsonObject(with: Data(buffer: meetings.body)) as? [Any])?.count == 1)
        }
    }

    @Test("the schema check itself refuses a missing field, an undocumented field and a wrong type")
    func theCheckCanFail() {
        let schemas: [String: Any] = ["Thing": ["type": "object", "properties": ["id": ["type": "string"], "n": ["type": "integer"]],
                                                "required": ["id"], "additionalProperties": false]]
        let check = SchemaCheck(schemas: schemas)
        let thing = ["$ref": "#/components/schemas/Thing"]
        #expect(check.problems(["id": "a", "n": 1], thing, at: "ok").isEmpty)
        #expect(check.problems(["n": 1], thing, at: "x") == ["x: id is missing"])
        #expect(check.problems(["id": "a", "extra": true], thing, at: "x") == ["x: extra is not documented"])
        #expect(check.problems(["id": 5], thing, at: "x") == ["x.id: expected string"])
        #expect(check.problems([["id": "a"], ["id": 1]], ["type": "array", "items": thing], at: "x") == ["x[1].id: expected string"])
    }
}

extension ActivePair {
    var apiBase: String { "/api/v1/matches/\(match.id!.uuidString.lowercased())" }
}

/// Enough of JSON Schema for the document's own schemas: $ref, type, properties, required,
/// additionalProperties false, items, enum and the uuid and date-time formats.
struct SchemaCheck {
    let schemas: [String: Any]

    func problems(_ value: Any, _ schema: Any, at place: String) -> [String] {
        guard var schema = schema as? [String: Any] else { return ["\(place): the schema is not an object"] }
        if let reference = schema["$ref"] as? String {
            guard let named = schemas[String(reference.split(separator: "/").last ?? "")] as? [String: Any] else {
                return ["\(place): unknown schema \(reference)"]
            }
            schema = named
        }
        if let allowed = schema["enum"] as? [String], !(value is String && allowed.contains(value as! String)) {
            return ["\(place): \(value) is not one of \(allowed)"]
        }
        switch schema["type"] as? String {
        case "object":
            guard let object = value as? [String: Any] else { return ["\(place): expected object"] }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            var found = ((schema["required"] as? [String]) ?? []).filter { object[$0] == nil }.map { "\(place): \($0) is missing" }
            if schema["additionalProperties"] as? Bool == false {
                found += object.keys.sorted().filter { properties[$0] == nil }.map { "\(place): \($0) is not documented" }
            }
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                if let property = properties[key] { found += problems(item, property, at: "\(place).\(key)") }
            }
            return found
        case "array":
            guard let array = value as? [Any] else { return ["\(place): expected array"] }
            return array.enumerated().flatMap { index, item in problems(item, schema["items"] ?? [:], at: "\(place)[\(index)]") }
        case "string":
            guard let text = value as? String else { return ["\(place): expected string"] }
            switch schema["format"] as? String {
            case "uuid" where UUID(uuidString: text) == nil: return ["\(place): \(text) is not a uuid"]
            case "date-time" where (try? Date(text, strategy: .iso8601)) == nil: return ["\(place): \(text) is not a date-time"]
            default: return []
            }
        case "integer":
            guard let number = value as? NSNumber, !(value is Bool), number.doubleValue.rounded() == number.doubleValue else {
                return ["\(place): expected integer"]
            }
            return []
        case "boolean":
            return value is Bool ? [] : ["\(place): expected boolean"]
        default:
            return []
        }
    }
}
