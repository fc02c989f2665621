import Fluent
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

@Suite("Two-step sign-in: codes, QR codes, the sign-in step, set-up, recovery and reset")
struct TwoStepTests {
    // MARK: The algorithms, against their published vectors

    @Test func totpMatchesEveryVectorOfRFC6238() {
        let sha1 = TOTP(secret: Array("12345678901234567890".utf8), algorithm: .sha1, digits: 8)
        let sha256 = TOTP(secret: Array("12345678901234567890123456789012".utf8), algorithm: .sha256, digits: 8)
        let sha512 = TOTP(secret: Array(("1234567890" + "1234567890" + "1234567890" + "1234567890" + "1234567890" + "1234567890" + "1234").utf8),
                          algorithm: .sha512, digits: 8)
        let vectors: [(TimeInterval, String, String, String)] = [
            (59, "94287082", "46119246", "90693936"),
            (1_111_111_109, "07081804", "68084774", "25091201"),
            (1_111_111_111, "14050471", "67062674", "99943326"),
            (1_234_567_890, "89005924", "91819424", "93441116"),
            (2_000_000_000, "69279037", "90698825", "38618901"),
            (20_000_000_000, "65353130", "77737706", "47863826"),
        ]
        for (seconds, one, two, five) in vectors {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(sha1.code(at: date) == one, "SHA-1 at \(seconds)")
            #expect(sha256.code(at: date) == two, "SHA-256 at \(seconds)")
            #expect(sha512.code(at: date) == five, "SHA-512 at \(seconds)")
        }
        // Six digits, as apps show them: the last six of the eight.
        #expect(TOTP(secret: Array("12345678901234567890".utf8)).code(at: Date(timeIntervalSince1970: 59)) == "287082")
    }

    @Test func aCodeIsTakenOneStepEitherSideAndOnlyOnce() {
        let totp = TOTP(secret: World.totpSecret)
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        let step = totp.step(at: now)
        #expect(totp.matchingStep(of: totp.code(atStep: step), at: now, after: nil) == step)
        #expect(totp.matchingStep(of: totp.code(atStep: step - 1), at: now, after: nil) == step - 1, "30 seconds old")
        #expect(totp.matchingStep(of: totp.code(atStep: step + 1), at: now, after: nil) == step + 1, "the phone 30 seconds ahead")
        #expect(totp.matchingStep(of: totp.code(atStep: step - 2), at: now, after: nil) == nil, "a minute old")
        #expect(totp.matchingStep(of: totp.code(atStep: step + 2), at: now, after: nil) == nil)
        #expect(totp.matchingStep(of: totp.code(atStep: step), at: now, after: step) == nil, "used once already")
        #expect(totp.matchingStep(of: totp.code(atStep: step - 1), at: now, after: step) == nil, "an older code after a newer one")
        for typed in ["", "12345", "1234567", "12345a", "١٢٣٤٥٦", " 123456"] {
            #expect(totp.matchingStep(of: typed, at: now, after: nil) == nil, "\(typed)")
        }
    }

    @Test func base32MatchesRFC4648AndRefusesOtherLetters() {
        let vectors = [("", ""), ("f", "MY"), ("fo", "MZXQ"), ("foo", "MZXW6"), ("foob", "MZXW6YQ"), ("fooba", "MZXW6YTB"), ("foobar", "MZXW6YTBOI")]
        for (plain, encoded) in vectors {
            #expect(Base32.encode(Array(plain.utf8)) == encoded)
            #expect(Base32.decode(encoded) == Array(plain.utf8))
            #expect(Base32.decode(encoded.lowercased() + "===") == Array(plain.utf8))
        }
        #expect(Base32.decode("MZXW1") == nil && Base32.decode("MZ XW 6") == Array("foo".utf8))
    }

    @Test func reedSolomonGivesTheStandardsExampleCodewords() {
        // "HELLO WORLD" at 1-M, the worked example of the standard's annex.
        let data: [UInt8] = [32, 91, 11, 120, 209, 114, 220, 77, 67, 64, 236, 17, 236, 17, 236, 17]
        #expect(ReedSolomon.remainder(of: data, dividedBy: ReedSolomon.divisor(degree: 10)) == [196, 35, 39, 119, 235, 215, 231, 226, 93, 23])
    }

    @Test func theQRCodeCarriesTheFormatAndVersionTheStandardTabulates() throws {
        // Level M's 15 format bits for masks 0 to 7 (ISO/IEC 18004 table C.1).
        let formats = ["101010000010010", "101000100100101", "101111001111100", "101101101001011",
                       "100010111111001", "100000011001110", "100111110010111", "100101010100000"]
        for length in [1, 14, 26, 42, 62, 84, 106, 122, 152, 180, 213] {
            let code = try QRCode(bytes: Array(repeating: UInt8(ascii: "a") &+ UInt8(length % 26), count: length))
            #expect(QRCode.byteCapacity(version: code.version) >= length)
            #expect(code.version == 1 || QRCode.byteCapacity(version: code.version - 1) < length, "the smallest version that fits")
            #expect(code.size == code.version * 4 + 17)
            let m = code.modules
            // Both copies of the format bits read back as the table's entry for the chosen mask.
            let first = (0...5).map { m[$0][8] } + [m[7][8], m[8][8], m[8][7]] + (9..<15).map { m[8][14 - $0] }
            let second = (0..<8).map { m[8][code.size - 1 - $0] } + (8..<15).map { m[code.size - 15 + $0][8] }
            let expected = formats[code.mask].reversed().map { $0 == "1" }
            #expect(first == expected && second == expected, "format bits, \(length) bytes")
            #expect(m[code.size - 8][8], "the dark module")
            // Finder patterns in three corners, timing patterns between them.
            for (row, column) in [(0, 0), (0, code.size - 7), (code.size - 7, 0)] {
                let finder: [[Bool]] = (0..<7).map { r in (0..<7).map { c in m[row + r][column + c] } }
                #expect(finder == Self.finderPattern)
            }
            let timing: [Bool] = (8..<(code.size - 8)).map { $0 % 2 == 0 }
            #expect((8..<(code.size - 8)).map { m[6][$0] } == timing && (8..<(code.size - 8)).map { m[$0][6] } == timing)
            if code.version == 7 {
                // Version 7's 18 bits (table D.1) in the bottom-left block, read column by column.
                let bits = (0..<18).map { m[code.size - 11 + $0 % 3][$0 / 3] }
                #expect(bits == "000111110010010100".reversed().map { $0 == "1" })
            }
        }
        #expect(throws: QRCode.Failure.tooLong(bytes: 214)) { try QRCode(bytes: Array(repeating: 0, count: 214)) }
    }

    static let finderPattern: [[Bool]] = (0..<7).map { r in
        (0..<7).map { c in
            let ring = max(abs(r - 3), abs(c - 3))
            return ring != 2
        }
    }

    @Test func theQRCodeIsAnImageWithANameAndNoScript() throws {
        let svg = try QRCode(text: "otpauth://totp/Rapport:x?secret=ABC").svg(title: "Scan \"me\" <now>")
        #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        #expect(svg.contains(#"role="img" aria-label="Scan &quot;me&quot; &lt;now&gt;""#))
        #expect(!svg.contains("<script") && !svg.contains("<now>"))
    }

    // MARK: Signing in

    @Test func aLeadIsNotSignedInUntilTheCodeAndEachCodeWorksOnce() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.get("/login")
            let password = try await browser.post("/login", [("username", "lead"), ("password", World.password), ("next", "/concerns")])
            #expect(password.location == "/login/two-step?next=/concerns")
            // Nothing else opens yet, not even home: the person is part-way in.
            for path in ["/home", "/concerns", "/account/password", "/api/v1/me"] {
                let response = try await browser.get(path)
                #expect(response.location == "/login/two-step" || response.status == .unauthorized, "\(path)")
            }
            #expect(try await browser.get("/login").location == "/login/two-step")
            let page = try await browser.get("/login/two-step?next=/concerns")
            #expect(page.body.string.contains("Open the authenticator app on your phone"))
            let empty = try await browser.post("/login/two-step", [("code", ""), ("next", "/concerns")])
            #expect(empty.body.string.contains("Type the code from your authenticator app."))
            let wrong = try await browser.post("/login/two-step", [("code", "000000"), ("next", "/concerns")])
            #expect(wrong.status == .ok && wrong.body.string.contains("That code didn&#39;t work") || wrong.body.string.contains("That code didn't work"))
            let totp = TOTP(secret: World.totpSecret)
            let code = totp.code(at: clock.now)
            let right = try await browser.post("/login/two-step", [("code", code), ("next", "/concerns")])
            #expect(right.location == "/concerns")
            #expect(try await browser.get("/concerns").status == .ok)
            // The same code, from another browser with the password, is refused; the next step's code works.
            let thief = TestBrowser(app)
            try await thief.get("/login")
            try await thief.post("/login", [("username", "lead"), ("password", World.password)])
            try await thief.get("/login/two-step")
            #expect(try await thief.post("/login/two-step", [("code", code)]).body.string.contains("didn"))
            #expect(try await thief.post("/login/two-step", [("code", totp.code(atStep: totp.step(at: clock.now) + 1))]).location == "/home")
            let actions = try await AuditEvent.query(on: app.db).filter(\.$actorID == world.lead.id).sort(\.$sequence).all().map(\.action)
            #expect(actions.filter { $0 == "password accepted" }.count == 2 && actions.filter { $0 == "signed in" }.count == 2)
            let failures = try await AuditEvent.query(on: app.db).filter(\.$action == "sign-in failed").all()
            #expect(failures.count == 2 && failures.allSatisfy { $0.subject.hasSuffix("wrong two-step code") })
        }
    }

    @Test func tenWrongCodesLockItUntilAnotherAdminResetsIt() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.get("/login")
            try await browser.post("/login", [("username", "lead"), ("password", World.password)])
            try await browser.get("/login/two-step")
            for attempt in 1...10 {
                let answer = try await browser.post("/login/two-step", [("code", String(format: "%06d", attempt))]).body.string
                #expect(answer.contains(attempt < 10 ? "That code didn" : "Too many wrong codes"), "attempt \(attempt)")
            }
            let right = TOTP(secret: World.totpSecret).code(at: clock.now)
            #expect(try await browser.post("/login/two-step", [("code", right)]).body.string.contains("Too many wrong codes"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "two-step sign-in locked").count() == 1)
            // The admin (signed in with their own code) resets it; the lead then sets it up again at sign-in.
            let admin = TestBrowser(app)
            try await admin.signIn("admin")
            let staff = try await admin.get("/staff").body.string
            #expect(staff.contains("Locked"))
            let reset = try await admin.post("/staff/\(world.lead.id!.uuidString.lowercased())/reset-two-step")
            #expect(reset.location == "/staff?notice=two-step-reset")
            let events = try await AuditEvent.query(on: app.db).filter(\.$action == "reset two-step sign-in").all()
            #expect(events.count == 1 && events[0].actorID == world.admin.id && events[0].subject == "person \(world.lead.id!.uuidString.lowercased())")
            let ownReset = try await admin.post("/staff/\(world.admin.id!.uuidString.lowercased())/reset-two-step")
            #expect(ownReset.status == .forbidden, "not one's own")
            let again = TestBrowser(app)
            try await again.get("/login")
            #expect(try await again.post("/login", [("username", "lead"), ("password", World.password)]).location == "/login/two-step/set-up")
        }
    }

    @Test func settingUpShowsAScannableKeyAndTenRecoveryCodesOnce() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            world.organisation.coordinatorsUseTwoStep = true
            try await world.organisation.save(on: app.db)
            let browser = TestBrowser(app)
            try await browser.get("/login")
            #expect(try await browser.post("/login", [("username", "coord"), ("password", World.password)]).location == "/login/two-step/set-up")
            let page = try await browser.get("/login/two-step/set-up").body.string
            #expect(page.contains("<svg") && page.contains(#"aria-label="QR code to add Rapport to an authenticator app""#))
            let key = try #require(page.firstMatch(of: /<code class="secret">([A-Z2-7 ]+)<\/code>/)).1
            #expect(try await browser.get("/login/two-step/set-up").body.string.contains(String(key)), "a reload shows the same key")
            let wrong = try await browser.post("/login/two-step/set-up", [("code", "123456")])
            #expect(wrong.body.string.contains("That code didn"))
            let secret = try #require(Base32.decode(String(key)))
            let done = try await browser.post("/login/two-step/set-up", [("code", TOTP(secret: secret).code(at: clock.now))])
            let codes = done.body.string.matches(of: /<li><code>([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})<\/code><\/li>/).map { String($0.1) }
            #expect(done.status == .ok && codes.count == 10 && Set(codes).count == 10)
            #expect(try await browser.get("/home").status == .ok, "signed in")
            // Stored: the key sealed, the codes only as keyed hashes.
            let factor = try #require(try await TwoStepFactor.confirmed(of: world.coordinator.requireID(), on: app.db))
            #expect(!factor.secretSealed.contains(key.replacingOccurrences(of: " ", with: "")))
            let stored = try await RecoveryCode.query(on: app.db).filter(\.$person.$id == world.coordinator.requireID()).all()
            #expect(stored.count == 10 && stored.allSatisfy { hash in !codes.contains { hash.codeHash.contains($0) } })
            #expect(try await browser.get("/account/two-step").body.string.contains("You have 10 unused recovery codes"))
            // A recovery code signs in once, typed in any case and spacing.
            for attempt in 0..<2 {
                let other = TestBrowser(app)
                try await other.get("/login")
                try await other.post("/login", [("username", "coord"), ("password", World.password)])
                try await other.get("/login/two-step")
                let answer = try await other.post("/login/two-step", [("code", codes[3].lowercased().replacingOccurrences(of: "-", with: " "))])
                #expect(attempt == 0 ? answer.location == "/home" : answer.body.string.contains("That code didn"))
            }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$subject == "with a password and a recovery code (9 left)").count() == 1)
        }
    }

    @Test func onlyRolesThatMayGoWithoutItCanTurnItOff() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            #expect(try await coordinator.get("/account/two-step").body.string.contains("Two-step sign-in is off"))
            let setUp = try await coordinator.setUpTwoStep(at: "/account/two-step/set-up")
            #expect(setUp.body.string.contains("Save your recovery codes"))
            let status = try await coordinator.get("/account/two-step").body.string
            #expect(status.contains("Turn off two-step sign-in"))
            let factor = try #require(try await TwoStepFactor.confirmed(of: world.coordinator.requireID(), on: app.db))
            let totp = try factor.totp(notes: app.notes)
            #expect(try await coordinator.post("/account/two-step/turn-off", [("off_code", "000000")]).status == .unprocessableEntity)
            clock.advance(by: 30)
            #expect(try await coordinator.post("/account/two-step/turn-off", [("off_code", totp.code(at: clock.now))]).location == "/account/two-step")
            #expect(try await TwoStepFactor.confirmed(of: world.coordinator.requireID(), on: app.db) == nil)
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            try await lead.get("/account/two-step")
            clock.advance(by: 30)
            let refused = try await lead.post("/account/two-step/turn-off", [("off_code", TOTP(secret: World.totpSecret).code(at: clock.now))])
            #expect(refused.status == .forbidden && refused.body.string.contains("cannot be turned off"))
            #expect(try await TwoStepFactor.confirmed(of: world.lead.requireID(), on: app.db) != nil)
            let actions = try await AuditEvent.query(on: app.db).all().map(\.action)
            #expect(actions.contains("set up two-step sign-in") && actions.contains("turned off two-step sign-in"))
        }
    }

    @Test func theOrganisationAdminDecidesForCoordinators() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let admin = TestBrowser(app)
            try await admin.signIn("admin")
            try await admin.get("/staff")
            #expect(try await admin.post("/staff/two-step-rule", [("coordinators", "required")]).location == "/staff?notice=two-step-rule")
            #expect(try await Organisation.find(world.organisation.id, on: app.db)?.coordinatorsUseTwoStep == true)
            let coordinator = TestBrowser(app)
            try await coordinator.get("/login")
            #expect(try await coordinator.post("/login", [("username", "coord"), ("password", World.password)]).location == "/login/two-step/set-up")
            // A coordinator is refused the rule, and the students never owe a second step.
            let signedIn = TestBrowser(app)
            try await signedIn.signIn("mentor")
            #expect(try await signedIn.get("/home").status == .ok)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "changed two-step rule").count() == 1)
        }
    }

    @Test func aLoginCodeDoesNotSkipTheSecondStep() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let code = "ABCD-EFGH-JKMN"
            try await LoginCode(personID: world.lead.requireID(), codeHash: app.keys.loginCodeHash(code),
                                expiresAt: clock.now.addingTimeInterval(3600), issuedByID: world.admin.requireID(), issuedAt: clock.now).create(on: app.db)
            let browser = TestBrowser(app)
            try await browser.get("/login/code")
            #expect(try await browser.post("/login/code", [("username", "lead"), ("code", code)]).location == "/login/two-step")
            #expect(try await browser.get("/account/choose-password").location == "/login/two-step")
            try await browser.get("/login/two-step")
            let answer = try await browser.post("/login/two-step", [("code", TOTP(secret: World.totpSecret).code(at: clock.now))])
            #expect(answer.location == "/account/choose-password")
        }
    }
}

@Suite("Two-step reset from the command line")
struct TwoStepCommandTests {
    @Test func theServersOperatorResetsAnAdminWithNoOtherAdmin() async throws {
        guard ProcessInfo.processInfo.environment["RAPPORT_TEST_DATABASE_URL"] == nil else { return }
        var configuration = AppConfiguration(dataDirectory: NSTemporaryDirectory() + "rapport-reset-two-step-\(UUID().uuidString)")
        configuration.bcryptCost = 4
        let app = try await Operations.makeApplication(configuration)
        do {
            _ = try await DemoData.ensure(on: app, reset: false)
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        await #expect(throws: Operations.OperationError.self) { try await Operations.resetTwoStep(configuration, username: "tyler.brooks") }
        try await Operations.resetTwoStep(configuration, username: "Admin.Riverside")
        let after = try await Operations.makeApplication(configuration)
        do {
            let admin = try #require(try await Person.query(on: after.db).filter(\.$username == "admin.riverside").first())
            #expect(try await TwoStepFactor.query(on: after.db).filter(\.$person.$id == admin.requireID()).count() == 0)
            #expect(try await TwoStepPolicy.pendingStep(for: admin, on: after.db) == .enrol, "set up again at the next sign-in")
            let event = try #require(try await AuditEvent.query(on: after.db).filter(\.$action == "reset two-step sign-in").first())
            #expect(event.actorID == nil && event.subject.hasSuffix("from the command line"))
            #expect(try await AuditLog.verify(on: after.db, keys: after.keys).brokenAt == nil)
            try await after.asyncShutdown()
        } catch {
            try? await after.asyncShutdown()
            throw error
        }
    }

    @Test func settingUpAtSignInStillTakesThePersonWhereTheyWereGoing() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let organisation = try #require(try await Organisation.query(on: app.db).first())
            organisation.coordinatorsUseTwoStep = true
            try await organisation.save(on: app.db)
            let browser = TestBrowser(app)
            try await browser.get("/login?next=%2Fstudents")
            let password = try await browser.post("/login", [("username", "coord"), ("password", World.password), ("next", "/students")])
            #expect(password.location == "/login/two-step/set-up?next=/students")
            let page = try await browser.get("/login/two-step/set-up?next=%2Fstudents").body.string
            #expect(page.contains(#"<input type="hidden" name="next" value="/students"/>"#))
            let wrong = try await browser.post("/login/two-step/set-up", [("code", "123456"), ("next", "/students")])
            #expect(wrong.body.string.contains(#"name="next" value="/students""#), "a wrong code keeps where they were going")
            let done = try await browser.setUpTwoStep(at: "/login/two-step/set-up?next=%2Fstudents")
            #expect(done.body.string.contains(#"<a class="button" href="/students">I've saved them: continue</a>"#))
            // Somewhere off the site is never where they were going.
            let other = TestBrowser(app)
            try await other.get("/login")
            #expect(try await other.post("/login", [("username", "elmcoord"), ("password", World.password), ("next", "//evil.example")])
                .location == "/login/two-step/set-up")
        }
    }
}
