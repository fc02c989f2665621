import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

@Suite("Hardening: redirects, passwords, codes, throttling, sessions, audit", .serialized)
struct HardeningTests {
    @Test(arguments: [
        "//evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example", "\\\\evil.example",
        "/%2F/evil.example", "/%2f%2fevil.example", "/%5Cevil.example", "/%09/evil.example", "https://evil.example",
        "javascript:alert(1)", "evil.example", "", " /home", "/ /evil.example", "/\u{0}/evil.example", "/%00/evil.example",
        "///evil.example", "/\u{3000}/evil.example", "/home\"><x-inj>", "/home'onmouseover='x",
    ])
    func aRedirectAfterSignInGoesOnlyToAPathOnThisSite(next: String) async throws {
        #expect(AccountController.safeNext(next) == nil, "refused: \(next.debugDescription)")
    }

    @Test func ordinaryPathsAreKeptAsTheyAre() {
        for path in ["/home", "/students?year=8&role=mentee", "/my-matches/3f2c/meetings#propose"] {
            #expect(AccountController.safeNext(path) == path)
        }
    }

    @Test func theSignInPageNeitherEchoesNorFollowsAHostileNext() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            let payload = "\"><meta http-equiv=refresh content=\"0;url=https://evil.example\">"
            let page = try await browser.get("/login?next=" + payload.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(!page.body.string.contains("<meta http-equiv"))
            #expect(!page.body.string.contains("evil.example"), "an unsafe next is not even kept")
            let signedIn = try await browser.post("/login", [("username", "coord"), ("password", World.password), ("next", "/\t/evil.example")])
            #expect(signedIn.location == "/home")
            let kept = TestBrowser(app)
            try await kept.get("/login?next=/students")
            #expect(kept.lastBody.contains("name=\"next\" value=\"/students\""))
            #expect(try await kept.post("/login", [("username", "coord"), ("password", World.password), ("next", "/students")]).location == "/students")
        }
    }

    @Test func choosingAPasswordWithoutTheCurrentOneIsOnlyForACodeSignIn() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("mentee")
            #expect(try await browser.get("/account/choose-password").location == "/account/password")
            try await browser.get("/account/password")
            let refused = try await browser.post("/account/choose-password", [("new_password", "blue-kite-morning"), ("confirm_password", "blue-kite-morning")])
            #expect(refused.status == .forbidden)
            #expect(refused.body.string.contains("with your current password"))
            #expect(try await TestBrowser(app).signIn("mentee").location == "/home", "the old password still works")
        }
    }

    @Test func passwordsLongerThanBcryptReadsAreRefused() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let seventyThree = String(repeating: "a", count: 41) + "-river-stone-lamp-" + String(repeating: "z", count: 14)
            #expect(seventyThree.utf8.count == 73)
            #expect(PasswordPolicy.problem(with: seventyThree, for: world.coordinator)?.contains("at most 72") == true)
            #expect(PasswordPolicy.problem(with: String(seventyThree.dropLast()), for: world.coordinator) == nil)
            // Accented letters take two bytes: 36 of them are 72 bytes, 37 are too many.
            #expect(PasswordPolicy.problem(with: String(repeating: "é", count: 36) + "", for: world.mentee) != nil, "too few different characters")
            #expect(PasswordPolicy.problem(with: "ab-" + String(repeating: "é", count: 35), for: world.mentee)?.contains("at most 72") == true)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/account/password")
            let long = try await browser.post("/account/password", [
                ("current_password", World.password), ("new_password", seventyThree), ("confirm_password", seventyThree)])
            #expect(long.status == .ok && long.body.string.contains("Use at most 72 characters"))
            // A 73-byte password whose first 72 bytes are someone's password does not sign in.
            let exact = String(seventyThree.dropLast())
            try await browser.post("/account/password", [("current_password", World.password), ("new_password", exact), ("confirm_password", exact)])
            #expect(try await TestBrowser(app).signIn("coord", password: exact).location == "/home")
            #expect(try await TestBrowser(app).signIn("coord", password: exact + "x").location == nil)
        }
    }

    /// Races need a real database: in-memory SQLite refuses a second writer at once instead of making it wait.
    private func onDisk(_ configuration: inout AppConfiguration) {
        configuration.inMemoryDatabase = false
        configuration.dataDirectory = NSTemporaryDirectory() + "rapport-race-" + UUID().uuidString
    }

    @Test func twoSignInsRacingWithOneCodeLetExactlyOneIn() async throws {
        // Throttling counts every try before it is checked; six at once must not lock the account for this test.
        try await withRapport({ onDisk(&$0); $0.signInThrottle.failuresPerAccount = 20 }) { app, clock in
            let world = try await World.make(on: app)
            let code = Secrets.loginCode(using: app.dependencies.random)
            try await LoginCode(personID: world.mentee.requireID(), codeHash: app.keys.loginCodeHash(Secrets.normalisedLoginCode(code)),
                                expiresAt: clock.now.addingTimeInterval(3600), issuedByID: world.coordinator.requireID(), issuedAt: clock.now)
                .create(on: app.db)
            let browsers = (0..<6).map { _ in TestBrowser(app) }
            for browser in browsers { try await browser.get("/login/code") }
            let locations = try await withThrowingTaskGroup(of: String?.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.post("/login/code", [("username", "mentee"), ("code", code)]).location }
                }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(locations.filter { $0 == "/account/choose-password" }.count == 1, "\(locations)")
            #expect(try await AuthSession.query(on: app.db).filter(\.$person.$id == world.mentee.id).count() == 1)
        }
    }

    @Test func parallelWrongPasswordsStillLockAtTheLimit() async throws {
        try await withRapport(onDisk) { app, _ in
            _ = try await World.make(on: app)
            let browsers = (0..<20).map { _ in TestBrowser(app) }
            for browser in browsers { try await browser.get("/login") }
            let bodies = try await withThrowingTaskGroup(of: String.self) { group in
                for browser in browsers {
                    group.addTask { try await browser.post("/login", [("username", "coord"), ("password", "wrong-wrong-wrong")]).body.string }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            // At most five tries are checked (each is counted before its password is); every other one is refused
            // unchecked, and the account is locked afterwards, even for the right password.
            let checked = bodies.filter { $0.contains(AccountController.wrongDetails) }.count
            #expect(checked <= 5)
            #expect(bodies.filter { $0.contains("Too many tries") }.count == 20 - checked)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "sign-in failed").count() == checked)
            #expect(try await TestBrowser(app).signIn("coord").body.string.contains("Too many tries"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "sign-in locked out").count() == 1, "once per account per window")
        }
    }

    @Test func usernameAndEmailCountAsOneAccount() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            world.coordinator.email = "coord@oak.example"
            try await world.coordinator.save(on: app.db)
            let browser = TestBrowser(app)
            for index in 0..<5 { try await browser.signIn(index.isMultiple(of: 2) ? "coord" : "coord@oak.example", password: "wrong-wrong-wrong") }
            #expect(try await browser.signIn("coord@oak.example").body.string.contains("Too many tries"))
        }
    }

    @Test func clientAddressesComeFromAProxyOnlyWhenItIsTrusted() {
        var throttle = SignInThrottle()
        let headers = HTTPHeaders([("X-Forwarded-For", "203.0.113.9, 10.0.0.2")])
        #expect(throttle.clientAddress(peer: "198.51.100.7", headers: headers) == "198.51.100.7", "an untrusted peer's header is ignored")
        throttle.trustedProxies = ["10.0.0.1", "10.0.0.2"]
        #expect(throttle.clientAddress(peer: "10.0.0.1", headers: headers) == "203.0.113.9")
        #expect(throttle.clientAddress(peer: "2001:db8:aa:bb:1:2:3:4", headers: [:]) == "2001:db8:aa:bb::/64")
        #expect(throttle.clientAddress(peer: "2001:db8:aa:bb:ffff::9", headers: [:]) == "2001:db8:aa:bb::/64", "one /64 is one address")
        #expect(throttle.clientAddress(peer: "2001:db8:aa:bc::9", headers: [:]) == "2001:db8:aa:bc::/64")
    }

    @Test func anonymousVisitorsLeaveNoSessionRows() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            for _ in 0..<5 {
                let browser = TestBrowser(app)
                #expect(try await browser.get("/login").status == .ok)
                try await browser.get("/login/code")
            }
            #expect(try await AuthSession.query(on: app.db).count() == 0)
            // The sign-in form still refuses a post without its token, or with another visitor's.
            let first = TestBrowser(app)
            let second = TestBrowser(app)
            try await first.get("/login")
            try await second.get("/login")
            let forged = try await second.post("/login", [("username", "coord"), ("password", World.password)], csrf: "forged")
            #expect(forged.status == .forbidden)
            let other = try await first.post("/login", [("username", "coord"), ("password", World.password)], csrf: second.csrfToken)
            #expect(other.status == .forbidden)
            #expect(try await first.post("/login", [("username", "coord"), ("password", World.password)]).location == "/home")
        }
    }

    @Test func theJobPurgesExpiredSessionsOldAttemptsAndSpentCodes() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await TestBrowser(app).signIn("coord", password: "wrong-wrong-wrong")
            try await LoginCode(personID: world.mentee.requireID(), codeHash: "spent", expiresAt: clock.now.addingTimeInterval(3600),
                                issuedByID: world.coordinator.requireID(), issuedAt: clock.now).create(on: app.db)
            let unused = LoginCode(personID: try world.mentor.requireID(), codeHash: "unused", expiresAt: clock.now.addingTimeInterval(30 * 86400),
                                   issuedByID: try world.coordinator.requireID(), issuedAt: clock.now)
            try await unused.create(on: app.db)
            try await LoginCode.query(on: app.db).filter(\.$codeHash == "spent").set(\.$usedAt, to: clock.now).update()
            try await Housekeeping.purge(app)
            #expect(try await AuthSession.query(on: app.db).count() == 1, "a live session stays")
            #expect(try await LoginCode.query(on: app.db).count() == 1, "the spent code is gone, the unused one stays")
            clock.advance(by: 2 * 86400)
            try await Housekeeping.purge(app)
            #expect(try await AuthSession.query(on: app.db).count() == 0)
            #expect(try await SignInAttempt.query(on: app.db).count() == 0)
            #expect(try await LoginCode.query(on: app.db).count() == 1)
            clock.advance(by: 30 * 86400)
            try await Housekeeping.purge(app)
            #expect(try await LoginCode.query(on: app.db).count() == 0)
        }
    }

    @Test func anUntouchedDemoWithOneSignInAndOneFailureHasThoseTwoEvents() async throws {
        try await withRapport { app, _ in
            _ = try await DemoData.ensure(on: app, reset: false)
            let before = try await AuditEvent.query(on: app.db).count()
            try await TestBrowser(app).signIn("ms.okoye", password: "wrong-password-here")
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("ms.okoye", password: DemoData.demoLogins.first { $0.username == "ms.okoye" }!.password)
            let events = try await AuditEvent.query(on: app.db).sort(\.$sequence).all().dropFirst(before)
            #expect(events.map(\.action) == ["sign-in failed", "signed in"])
            let okoye = try #require(try await Person.query(on: app.db).filter(\.$username == "ms.okoye").first())
            #expect(events.last?.actor == "coordinator \(okoye.id!.uuidString.lowercased())", "a role and an id: no name in the audit")
        }
    }

    @Test func aPasswordChangeIsAuditedWithTheChangeItself() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/account/password")
            try await browser.post("/account/password", [
                ("current_password", World.password), ("new_password", "a-much-longer-secret-phrase"), ("confirm_password", "a-much-longer-secret-phrase")])
            let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "changed password").first())
            #expect(event.actorID == world.coordinator.id)
        }
    }

    @Test func errorsNeverShowDecoderPathsOrTypeNames() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("mentee")
            let me = try await browser.get("/api/v1/me")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(me.body.string.utf8)) as? [String: Any])
            let token = try #require(json["csrfToken"] as? String)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: "X-CSRF-Token", value: token)
            let wrongType = try await browser.request(.PUT, "/api/v1/me/profile", headers: headers, body: ByteBuffer(string: #"{"interests": 5}"#))
            #expect(wrongType.status == .badRequest)
            for leak in ["codingPath", "Array<", "Swift.", "Decoding", "path '", "type '"] {
                #expect(!wrongType.body.string.contains(leak), "\(leak) in \(wrongType.body.string)")
            }
            #expect(me.headers.first(name: .cacheControl) == "no-store")
        }
    }
}

@Suite("Sealed notes: bound to their row, re-sealed under a new key, never copied into plain text")
struct SealedNotesTests {
    @Test func aSealedValueMovedToAnotherRowOrColumnDoesNotOpen() throws {
        let notes = try NoteCipher(keyText: NoteCipher.randomKeyText())
        let row = UUID()
        let sealed = try notes.seal("I told him about my dad", context: NoteCipher.context(table: "meeting_entries", column: "body_sealed", row: row))
        #expect(try notes.open(sealed, context: NoteCipher.context(table: "meeting_entries", column: "body_sealed", row: row)) == "I told him about my dad")
        #expect(throws: (any Error).self) { try notes.open(sealed, context: NoteCipher.context(table: "meeting_entries", column: "body_sealed", row: UUID())) }
        #expect(throws: (any Error).self) { try notes.open(sealed, context: NoteCipher.context(table: "wins", column: "text_sealed", row: row)) }
    }

    @Test func everySealedFieldOfEveryModelIsInTheRegistry() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/RapportApp").standardized
        var declared: Set<String> = []
        for case let file as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where file.pathExtension == "swift" {
            let text = try String(contentsOf: file, encoding: .utf8)
            for match in text.matches(of: /Field\(key: "([a-z_]+_sealed)"\) var \w+: String\??\n?/) { declared.insert(String(match.1)) }
        }
        let registered = Set((SealedColumns.all + SealedColumns.secrets + SealedColumns.keptAsWritten).map(\.column))
        #expect(!declared.isEmpty)
        #expect(declared.subtracting(registered).isEmpty, "sealed fields missing from SealedColumns: \(declared.subtracting(registered))")
    }

    @Test func resealingMovesEveryNoteToTheCurrentKeySoTheOldOneCanGo() async throws {
        let oldKey = NoteCipher.randomKeyText()
        let newKey = NoteCipher.randomKeyText()
        try await withRapport({ $0.noteKey = oldKey }) { app, _ in
            _ = try await DemoData.ensure(on: app, reset: false)
            // Rotate: the new key seals, the old one is retired; reseal; then the new key alone opens everything.
            let rotated = try NoteCipher(keyText: newKey, retiredKeyTexts: [oldKey])
            let count = try await SealedColumns.reseal(on: app.db, notes: rotated)
            #expect(count > 20)
            #expect(try await SealedColumns.reseal(on: app.db, notes: rotated) == 0, "nothing left under the old key")
            let newOnly = try NoteCipher(keyText: newKey)
            let entries = try await MeetingEntry.query(on: app.db).all()
            #expect(!entries.isEmpty)
            for entry in entries { #expect(try !newOnly.open(entry, \.$bodySealed).isEmpty) }
            let meetings = try await Meeting.query(on: app.db).all()
            for meeting in meetings { #expect(try newOnly.open(meeting, \.$placeSealed) == "Library, by the window") }
        }
    }

    @Test func noPhraseAStudentWroteIsInTheDatabaseFileOrItsLog() async throws {
        guard ProcessInfo.processInfo.environment["RAPPORT_TEST_DATABASE_URL"] == nil else { return }
        let folder = NSTemporaryDirectory() + "rapport-phrases-\(UUID().uuidString)"
        try await withRapport({ $0.inMemoryDatabase = false; $0.dataDirectory = folder }) { app, clock in
            let pair = try await ActivePair.make(app, clock)
            var phrases: [String] = []
            // Every sealed field of the pair's pages gets a phrase of its own...
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentor.get(path)
            try await pair.mentor.post(path + "/note", [("note", "note-phrase")])
            try await pair.mentor.post(path + "/agenda", [("agenda_item", "agenda-phrase")])
            try await pair.mentor.post(path + "/summary", [("summary", "heard-phrase")])
            phrases += ["note-phrase", "agenda-phrase", "heard-phrase"]
            try await SealedColumns.reseal(on: app.db, notes: app.notes) { text, table, column in
                let phrase = "zq-\(table)-\(column)-phrase"
                phrases.append(phrase)
                return "\(text) \(phrase)"
            }
            // ...and the two that used to be copied into notifications: a cancellation reason and a repair note.
            let future = try pair.meetingPath(try await pair.propose(pair.mentor, day: "2026-10-21", time: "13:20"))
            try await pair.mentee.get(future)
            #expect(try await pair.mentee.post(future + "/accept").status == .seeOther)
            try await pair.mentee.get(future)
            #expect(try await pair.mentee.post(future + "/cancel", [("reason", "cancel-reason-phrase")]).status == .seeOther)
            try await pair.travel(clock, by: 40 * 60)
            try await pair.mentor.get(path)
            try await pair.mentor.post(path + "/attendance", [("outcome", "i-missed")])
            try await pair.mentor.post(path + "/repair", [("repair_note", "repair-note-phrase")])
            phrases += ["cancel-reason-phrase", "repair-note-phrase"]
            #expect(try await Meeting.query(on: app.db).filter(\.$changeReasonSealed != nil).count() > 0, "the cancellation was saved")
            #expect(try await MeetingAttendance.query(on: app.db).filter(\.$repairNoteSealed != nil).count() > 0, "the repair note was saved")
            try await (app.db as! any SQLDatabase).raw("PRAGMA wal_checkpoint(PASSIVE)").run()
            for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasPrefix("rapport.sqlite") {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + file))
                for phrase in phrases {
                    #expect(bytes.range(of: Data(phrase.utf8)) == nil, "found \(phrase) in \(file)")
                }
            }
            #expect(try await pair.mentee.get(future).body.string.contains("cancel-reason-phrase"), "the pair can still read it")
            #expect(try await pair.mentee.get(path).body.string.contains("repair-note-phrase"), "the other student reads the repair note on the meeting")
        }
        try? FileManager.default.removeItem(atPath: folder)
    }
}

@Suite("What students are told is true")
struct ToldTruthTests {
    @Test func whatAMenteeFindsHardReachesTheirMentorByNoRoute() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let profile = try await MentoringProfile.of(pair.world.mentee, on: app.db)
            profile.currentChallenges = ["anger"]
            try await profile.save(on: app.db)
            _ = try await pair.mentorsStory("When I kept losing my temper", "What helped me was walking away first.", tag: "anger", app, clock)
            // The label says only the coordinator sees it...
            try await pair.mentee.get("/profile")
            #expect(pair.mentee.lastBody.contains("Only your coordinator sees this."))
            // ...and the mentor's pages do not reveal it through the stories chosen by it; the mentee's own do.
            let mentorPage = try await pair.mentor.get(pair.base).body.string
            let menteePage = try await pair.mentee.get(pair.base).body.string
            #expect(menteePage.contains("A story that might help") && menteePage.contains("When I kept losing my temper"))
            #expect(!mentorPage.contains("A story that might help"))
            #expect(!mentorPage.contains("Anger"), "the challenge's name is nowhere on the mentor's match page")
            // "About me" is labelled as seen by the coordinator, and the other student's pages do not show it.
            profile.about = "I like quiet places and long walks."
            try await profile.save(on: app.db)
            let own = try await pair.mentee.get("/profile").body.string
            #expect(own.contains("Your coordinator sees this"))
            for page in ["", "/meetings", "/commitments", "/wins", "/goals", "/feedback", "/check"] {
                let body = try await pair.mentor.get(pair.base + page).body.string
                #expect(!body.contains("long walks"), "about-me on \(page)")
            }
        }
    }
}

@Suite("Headers, stories, key files")
struct SmallHardeningTests {
    @Test func hstsOnlyWhenServedOverHTTPSThroughATrustedProxy() async throws {
        try await withRapport({ $0.signInThrottle.trustedProxies = ["127.0.0.1"] }) { app, _ in
            var headers = HTTPHeaders()
            headers.add(name: .host, value: "rapport.school.example")
            headers.add(name: "X-Forwarded-Proto", value: "https")
            let proxied = try await app.testing(method: .running(port: 0)).sendRequest(.GET, "/login", headers: headers)
            #expect(proxied.headers.first(name: "Strict-Transport-Security")?.hasPrefix("max-age=") == true)
            headers.replaceOrAdd(name: "X-Forwarded-Proto", value: "http")
            let plain = try await app.testing(method: .running(port: 0)).sendRequest(.GET, "/login", headers: headers)
            #expect(plain.headers.first(name: "Strict-Transport-Security") == nil)
        }
        try await withRapport { app, _ in
            var headers = HTTPHeaders()
            headers.add(name: "X-Forwarded-Proto", value: "https")
            let untrusted = try await app.testing(method: .running(port: 0)).sendRequest(.GET, "/login", headers: headers)
            #expect(untrusted.headers.first(name: "Strict-Transport-Security") == nil, "anyone can send the header; only a listed proxy is believed")
        }
    }

    @Test func aHiddenStoryIsNotShownInTheMeetingLogItWasSharedInto() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let story = try await pair.mentorsStory("The year I moved schools twice", "Nobody knew my name for a month.", tag: "changing-school", app, clock)
            let path = try await pair.heldMeeting(app, clock)
            try await pair.mentor.get(path)
            #expect(try await pair.mentor.post(path + "/story", [("story", story.id!.uuidString.lowercased())]).status == .seeOther)
            #expect(try await pair.mentee.get(path).body.string.contains("Nobody knew my name"))
            story.hiddenAt = clock.now
            try await story.save(on: app.db)
            let after = try await pair.mentee.get(path).body.string
            #expect(!after.contains("Nobody knew my name") && !after.contains("moved schools twice"))
            #expect(after.contains("shared a story that is no longer shown"))
        }
    }

    @Test func keyFilesAreMadeOwnerOnlyInAnOwnerOnlyFolder() throws {
        let folder = NSTemporaryDirectory() + "rapport-keys-\(UUID().uuidString)/data"
        var configuration = AppConfiguration(dataDirectory: folder)
        configuration.noteKey = nil
        _ = try NoteCipher.load(configuration)
        _ = try ServerKeys.load(configuration)
        let files = FileManager.default
        let mode = { (path: String) in (try files.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1 }
        #expect(try mode(folder) == 0o700)
        #expect(try mode(folder + "/note-key") == 0o600)
        #expect(try mode(folder + "/secret-key") == 0o600)
        #expect(try files.contentsOfDirectory(atPath: folder).sorted() == ["note-key", "secret-key"], "no temporary file is left behind")
        let first = try ServerKeys.load(configuration)
        #expect(try ServerKeys.load(configuration).loginCodeHash("K7QM-3XPA-TW9C") == first.loginCodeHash("K7QM-3XPA-TW9C"), "the same secret is read back")
        try files.setAttributes([.posixPermissions: 0o644], ofItemAtPath: folder + "/secret-key")
        #expect(throws: ConfigurationError.self) { try ServerKeys.load(configuration) }
    }

    @Test func refusedCodeSignInsAreAuditedOncePerAccountPerWindow() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.get("/login/code")
            for _ in 0..<3 { try await browser.post("/login/code", [("username", "mentee"), ("code", "AAAA-BBBB-CCCC")]) }
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "sign-in with a login code refused").count() == 1)
        }
    }
}

extension ActivePair {
    /// A story of the pair's mentor, made directly in the database.
    func mentorsStory(_ title: String, _ body: String, tag: String, _ app: Application, _ clock: TestClock) async throws -> MentorStory {
        let story = MentorStory()
        story.$mentor.id = try world.mentor.requireID()
        story.$school.id = try world.school.requireID()
        story.title = title
        story.body = body
        story.tags = [tag]
        story.createdAt = clock.now
        try await story.create(on: app.db)
        return story
    }
}

@Suite("Backup and restore")
struct BackupTests {
    @Test func aBackupTakenWhileServingRestoresElsewhereWithEverythingInIt() async throws {
        guard ProcessInfo.processInfo.environment["RAPPORT_TEST_DATABASE_URL"] == nil else { return }
        let root = NSTemporaryDirectory() + "rapport-backup-test-\(UUID().uuidString)"
        var live = AppConfiguration(dataDirectory: root + "/live")
        live.bcryptCost = 4
        let file = root + "/backup.tar"
        var counts: [Int] = []
        var firstNote = ""
        // The server is running (an open application) and writing while the backup is taken.
        let app = try await Operations.makeApplication(live)
        do {
            _ = try await DemoData.ensure(on: app, reset: false)
            let writes = Task {
                for index in 0..<20 {
                    try await app.audit.record("test write", subject: "\(index)", by: nil, schoolID: nil, on: app.db)
                }
            }
            _ = try await Operations.backup(live, to: file)
            try await writes.value
            let entry = try #require(try await MeetingEntry.query(on: app.db).sort(\.$createdAt).first())
            firstNote = try app.notes.open(entry, \.$bodySealed)
            counts = [try await Person.query(on: app.db).count(), try await MeetingEntry.query(on: app.db).count()]
            try await app.asyncShutdown()
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        #expect(counts.count == 2 && counts[1] > 0, "the demo has meeting notes")
        #expect((try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        await #expect(throws: Operations.OperationError.self) { try await Operations.backup(live, to: file) }

        var restored = AppConfiguration(dataDirectory: root + "/restored")
        restored.bcryptCost = 4
        let said = try await Operations.restore(restored, from: file)
        #expect(said.contains("passes SQLite's integrity check"))
        let copy = try await Operations.makeApplication(restored)
        do {
            #expect([try await Person.query(on: copy.db).count(), try await MeetingEntry.query(on: copy.db).count()] == counts)
            let entry = try #require(try await MeetingEntry.query(on: copy.db).sort(\.$createdAt).first())
            #expect(try copy.notes.open(entry, \.$bodySealed) == firstNote, "the key came with it")
            #expect(try await AuditLog.verify(on: copy.db, keys: copy.keys).brokenAt == nil, "the audit key came with it")
            try await copy.asyncShutdown()
        } catch {
            try? await copy.asyncShutdown()
            throw error
        }
        await #expect(throws: Operations.OperationError.self) { try await Operations.restore(restored, from: file) }
        try? FileManager.default.removeItem(atPath: root)
    }
}

@Suite("What the audit log holds")
struct AuditCoverageTests {
    @Test func roleChangesMatchMovesAndStaffReadsAreEachAnEvent() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let before = try await AuditEvent.query(on: app.db).count()
            // A staff read of a match page and of the students API.
            try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())")
            try await coordinator.get("/api/v1/students")
            // A role change: a mentee made a mentor.
            let olu = Person(organisationID: pair.world.organisation.id!, schoolID: pair.world.school.id, role: .mentee,
                             givenName: "Olu", familyName: "Ade", username: "olu", yearGroup: 10)
            try await olu.create(on: app.db)
            let edit = "/students/\(olu.id!.uuidString.lowercased())/edit"
            try await coordinator.get(edit)
            let changed = try await coordinator.post(edit, [("given_name", "Olu"), ("family_name", "Ade"), ("username", "olu"), ("year_group", "10"),
                                                            ("role", "mentor"), ("capacity", "1"), ("gender", "")])
            #expect(changed.status == .seeOther)
            // A match decision.
            try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())")
            try await coordinator.post("/matches/\(pair.match.id!.uuidString.lowercased())/move", [("event", "pause"), ("reason", "Exams")])
            let events = try await AuditEvent.query(on: app.db).sort(\.$sequence).all().dropFirst(before)
            let actions = events.map(\.action)
            #expect(actions.contains("viewed match") && actions.contains("listed students through the API"))
            #expect(events.contains { $0.action == "changed role" && $0.subject == "student \(olu.id!) to mentor" })
            #expect(events.contains { $0.action == "match pause" && $0.subject.hasSuffix("active to paused") && $0.actorID == pair.world.coordinator.id })
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == nil)
        }
    }

    @Test func anEmailCannotCarryAnExtraHeader() async throws {
        let mailer = Mailer.command("cat > /dev/null", from: "rapport@school.example")
        await #expect(throws: Mailer.Failure.self) { try await mailer.send("lead@school.example\r\nBcc: spy@evil.example", "Subject", "Body") }
        await #expect(throws: Mailer.Failure.self) { try await mailer.send("lead@school.example", "Hi\nBcc: spy@evil.example", "Body") }
        let inbox = NSTemporaryDirectory() + "rapport-inbox-\(UUID().uuidString)"
        try await Mailer.command("cat > '\(inbox)'", from: "rapport@school.example")
            .send("lead@school.example", "Rapport: a new concern", "A new concern has been raised.")
        let delivered = try String(contentsOfFile: inbox, encoding: .utf8)
        #expect(delivered.hasPrefix("From: rapport@school.example\r\nTo: lead@school.example\r\nSubject: Rapport: a new concern\r\n"))
        #expect(delivered.contains("\r\n\r\nA new concern has been raised.\r\n"))
        try? FileManager.default.removeItem(atPath: inbox)
        // A command that fails, or exits without reading the message, is a failure to retry, never a crash.
        for _ in 0..<20 {
            await #expect(throws: Mailer.Failure.self) { try await Mailer.command("exit 75", from: "x@y").send("a@b", "s", String(repeating: "b", count: 200_000)) }
        }
    }
}

@Suite("Audit lines")
struct AuditLineTests {
    @Test("reads audited at once are written together, each saved before its caller goes on, in one unbroken chain")
    func auditedReadsAtOnceAreWrittenTogether() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let before = try await AuditEvent.query(on: app.db).count()
            let audit = app.audit
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await audit.record("viewed match", subject: "match \(index)", by: world.coordinator, schoolID: world.school.id, on: app.db)
                        // Saved before the call returns: the caller's page is never shown ahead of its line.
                        #expect(try await AuditEvent.query(on: app.db).filter(\.$subject == "match \(index)").count() == 1)
                    }
                }
                try await group.waitForAll()
            }
            // The same read twice at once under "unless recorded since" still writes one line.
            let since = Date(timeIntervalSince1970: 0)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask { try await audit.record("read once", subject: "s", by: nil, schoolID: nil, unlessRecordedSince: since, on: app.db) }
                }
                try await group.waitForAll()
            }
            let events = try await AuditEvent.query(on: app.db).sort(\.$sequence).all()
            #expect(events.count == before + 41)
            #expect(Set(events.suffix(41).map(\.subject)) == Set((0..<40).map { "match \($0)" } + ["s"]))
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == nil)
        }
    }

    @Test func typedTextReachesTheAuditAsOnePrintableLine() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("ghost\nsigned in\u{1B}[31m", password: "wrong-wrong-wrong")
            let event = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "sign-in failed").first())
            #expect(!event.subject.contains("\n") && !event.subject.contains("\u{1B}"))
            #expect(event.subject.hasPrefix("unknown account name \"ghost signed in"))
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == nil)
        }
    }
}
