import Foundation

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`. A test compares it with the
/// routes the app registers and checks real answers against its schemas, so it stays true.
enum OpenAPIDocument {
    /// The document as JSON, with sorted keys so it reads the same every time.
    static let json: Data = {
        // Only dictionaries, arrays, strings, numbers and booleans: always serialisable.
        try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys])
    }()

    private static var document: [String: Any] {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Rapport API",
                "version": "1",
                "description": """
                    The same features as the pages, as JSON. Sign in through `POST /login` (the session cookie \
                    carries on); `GET /api/v1/me` gives the CSRF token that every change sends as `X-CSRF-Token`. \
                    Every answer is scoped to the signed-in person's school and role. Failures are problem \
                    objects with the HTTP status, its title and a sentence saying what to do.
                    """,
            ],
            "paths": [
                "/api/v1/openapi.json": [
                    "get": operation("openapi", "This document.", roles: nil, security: false,
                                     ok: ["type": "object"], failures: []),
                ],
                "/api/v1/me": [
                    "get": operation("me", "Who is signed in, and the CSRF token for changes.", roles: "anyone signed in",
                                     ok: reference("Person"), failures: [401]),
                ],
                "/api/v1/me/profile": [
                    "get": operation("myProfile", "The signed-in student's mentoring profile.", roles: "mentor, mentee",
                                     ok: reference("Profile"), failures: [401, 403]),
                    "put": operation("updateMyProfile", "Replaces the profile; tags must be ones the profile page offers.",
                                     roles: "mentor, mentee", ok: reference("Profile"), failures: [400, 401, 403, 415, 422],
                                     body: reference("Profile"), changes: true),
                ],
                "/api/v1/matches/{match}/meetings": [
                    "get": operation("myMeetings", "A student's meetings in one of their own matches, oldest first.",
                                     roles: "mentor, mentee", ok: ["type": "array", "items": reference("Meeting")],
                                     failures: [401, 403, 404],
                                     parameters: [["name": "match", "in": "path", "required": true,
                                                   "schema": ["type": "string", "format": "uuid"]]]),
                ],
                "/api/v1/students": [
                    "get": operation("students", "The students of the coordinator's school, a hundred a page, by family name; a `Link` header names the next page.",
                                     roles: "coordinator", ok: ["type": "array", "items": reference("Person")], failures: [401, 403],
                                     parameters: [
                                         ["name": "q", "in": "query", "description": "Every word must be in the name or username, whatever its case or accents.",
                                          "schema": ["type": "string", "maxLength": 100]],
                                         ["name": "year", "in": "query", "schema": ["type": "integer"]],
                                         ["name": "role", "in": "query", "schema": ["type": "string", "enum": ["mentor", "mentee"]]],
                                         ["name": "page", "in": "query", "description": "From 1.", "schema": ["type": "integer", "minimum": 1]],
                                     ]),
                ],
            ],
            "components": [
                "securitySchemes": [
                    "session": ["type": "apiKey", "in": "cookie", "name": "__Host-rapport_session",
                                "description": "Set by signing in; `rapport_session` on plain http to localhost."],
                    "csrf": ["type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                             "description": "The `csrfToken` of `GET /api/v1/me`, on every change."],
                ],
                "schemas": [
                    "Person": object([
                        "id": uuid, "role": ["type": "string", "enum": Role.allCases.map(\.rawValue)],
                        "givenName": text, "familyName": text, "username": text,
                        "yearGroup": ["type": "integer"], "capacity": ["type": "integer", "minimum": 1, "maximum": 3],
                        "school": text, "csrfToken": text,
                    ], required: ["id", "role", "givenName", "familyName", "username"]),
                    "Profile": object([
                        "interests": tags, "dislikes": tags, "currentChallenges": tags, "overcomeChallenges": tags,
                        "freePeriods": tags, "wantsSameGenderMentor": ["type": "boolean"], "about": text,
                    ], required: ["interests", "dislikes", "currentChallenges", "overcomeChallenges", "freePeriods",
                                  "wantsSameGenderMentor", "about"]),
                    "Meeting": object([
                        "id": uuid, "startsAt": dateTime, "endsAt": dateTime,
                        "place": ["type": "string", "description": "Left out for a mentor once the match has closed."],
                        "state": ["type": "string", "enum": MeetingState.allCases.map(\.rawValue)],
                        "proposedByMe": ["type": "boolean"],
                        "myAttendance": ["type": "string", "enum": AttendanceOutcome.allCases.map(\.rawValue)],
                        "theirAttendance": ["type": "string", "enum": AttendanceOutcome.allCases.map(\.rawValue)],
                    ], required: ["id", "startsAt", "endsAt", "state", "proposedByMe"]),
                    "Problem": object([
                        "status": ["type": "integer"], "title": text, "detail": text,
                    ], required: ["status", "title", "detail"]),
                ],
            ],
        ]
    }

    private static var text: [String: Any] { ["type": "string"] }
    private static var uuid: [String: Any] { ["type": "string", "format": "uuid"] }
    private static var dateTime: [String: Any] { ["type": "string", "format": "date-time"] }
    private static var tags: [String: Any] { ["type": "array", "items": ["type": "string"]] }

    private static func reference(_ schema: String) -> [String: Any] { ["$ref": "#/components/schemas/\(schema)"] }

    private static func object(_ properties: [String: [String: Any]], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required, "additionalProperties": false]
    }

    private static let failureTitles = [
        400: "The JSON is malformed or has the wrong types.", 401: "Not signed in.", 403: "Not allowed for this role, or the CSRF token is missing or wrong.",
        404: "Not found in the signed-in person's school or matches.", 415: "Not sent as JSON.", 422: "Checked and refused: the detail says why.",
    ]

    private static func operation(
        _ id: String, _ summary: String, roles: String?, security: Bool = true, ok: [String: Any], failures: [Int],
        body: [String: Any]? = nil, changes: Bool = false, parameters: [[String: Any]] = []
    ) -> [String: Any] {
        var responses: [String: Any] = ["200": ["description": "OK", "content": ["application/json": ["schema": ok]]]]
        for status in failures {
            responses[String(status)] = ["description": failureTitles[status] ?? "Refused.",
                                         "content": ["application/json": ["schema": reference("Problem")]]]
        }
        var operation: [String: Any] = [
            "operationId": id, "summary": summary, "responses": responses,
            "security": security ? [changes ? ["session": [String](), "csrf": [String]()] : ["session": [String]()]] : [[String: [String]]](),
        ]
        if let roles { operation["description"] = "Who may call it: \(roles)." }
        if let body { operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]] }
        if !parameters.isEmpty { operation["parameters"] = parameters }
        return operation
    }
}
