import Fluent
import Foundation
import Matching
import SQLKit
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Storage, health, audit, API")
struct PlatformTests {
    @Test func healthAnswersWhenTheDatabaseDoes() async throws {
        try await withRapport { app, _ in
            let response = try await TestBrowser(app).get("/healthz")
            #expect(response.status == .ok)
            #expect(response.body.string == "ok\n")
        }
    }

    @Test func sqliteFileRunsWithWALFullSyncAndForeignKeys() async throws {
        guard ProcessInfo.processInfo.environment["RAPPORT_TEST_DATABASE_URL"] == nil else { return }
        let folder = NSTemporaryDirectory() + "rapport-test-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try await withRapport({ $0.inMemoryDatabase = false; $0.dataDirectory = folder }) { app, _ in
            let sql = try #require(app.db as? any SQLDatabase)
            struct Value: Decodable { let value: String }
            func pragma(_ name: String) async throws -> String? {
                try await sql.raw("SELECT * FROM pragma_\(unsafeRaw: name)").first().flatMap { row in
                    try? row.decode(column: name, as: String.self)
                }
            }
            #expect(try await pragma("journal_mode") == "wal")
            #expect(try await pragma("synchronous") == "2", "2 is FULL")
            #expect(try await pragma("foreign_keys") == "1")
            #expect(FileManager.default.fileExists(atPath: folder + "/rapport.sqlite"))
        }
    }

    @Test func theDatabaseRefusesImpossiblePeople() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let tooMany = Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .mentor, givenName: "A", familyName: "B",
                                 username: "cap4", yearGroup: 11, capacity: 4)
            await #expect(throws: (any Error).self) { try await tooMany.create(on: app.db) }
            let noYear = Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .mentee, givenName: "A", familyName: "B",
                                username: "noyear")
            await #expect(throws: (any Error).self) { try await noYear.create(on: app.db) }
            let duplicate = Person(organisationID: world.organisation.id!, schoolID: world.school.id, role: .coordinator, givenName: "A", familyName: "B",
                                   username: "coord")
            await #expect(throws: (any Error).self) { try await duplicate.create(on: app.db) }
        }
    }

    @Test func theAuditLogIsAppendOnlyAndChainedWithAKey() async throws {
        try await withRapport { app, clock in
            let world = try await World.make(on: app)
            let log = app.audit
            let started = try await AuditEvent.query(on: app.db).count()
            #expect(started == 1, "a new database's log starts with one event")
            for index in 0..<3 {
                try await log.record("test", subject: "event \(index)", by: world.coordinator, schoolID: world.school.id, on: app.db)
            }
            let intact = try await AuditLog.verify(on: app.db, keys: app.keys)
            #expect(intact.brokenAt == nil && intact.events == 4)
            let last = try #require(try await AuditEvent.query(on: app.db).sort(\.$sequence, .descending).first())
            #expect(intact.head == last.hash && last.keyed)
            let sql = try #require(app.db as? any SQLDatabase)
            await #expect(throws: (any Error).self) { try await sql.raw("UPDATE audit_events SET subject = 'changed'").run() }
            await #expect(throws: (any Error).self) { try await sql.raw("DELETE FROM audit_events").run() }
            if sql.dialect.name != "sqlite" {
                await #expect(throws: (any Error).self) { try await sql.raw("TRUNCATE audit_events").run() }
            }
            #expect(try await AuditEvent.query(on: app.db).count() == 4)

            // A whole chain rewritten with a hash anyone can compute (no key) does not verify.
            let otherKeys = try ServerKeys(secretText: NoteCipher.randomKeyText())
            #expect(try await AuditLog.verify(on: app.db, keys: otherKeys).brokenAt == 1, "another key does not verify this chain")

            // Someone with raw database access who disables the guard is still caught by the chain.
            if sql.dialect.name == "sqlite" {
                try await sql.raw("DROP TRIGGER audit_events_no_update").run()
                try await sql.raw("DROP TRIGGER audit_events_no_delete").run()
            } else {
                try await sql.raw("ALTER TABLE audit_events DISABLE TRIGGER USER").run()
            }
            try await sql.raw("UPDATE audit_events SET subject = 'changed' WHERE sequence = 3").run()
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == 3)
            // An unkeyed event after keyed ones is refused even with a correct plain hash.
            try await sql.raw("UPDATE audit_events SET subject = 'event 1' WHERE sequence = 3").run()
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == nil)
            try await sql.raw("UPDATE audit_events SET keyed = \(bind: false) WHERE sequence = 4").run()
            let unkeyed = try #require(try await AuditEvent.query(on: app.db).filter(\.$sequence == 4).first())
            let plain = AuditLog.hash(of: unkeyed, keys: app.keys)
            try await sql.raw("UPDATE audit_events SET hash = \(bind: plain) WHERE sequence = 4").run()
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == 4)
            // An emptied log fails too.
            try await sql.raw("DELETE FROM audit_events").run()
            #expect(try await AuditLog.verify(on: app.db, keys: app.keys).brokenAt == 0)
        }
    }

    @Test func theAPIAnswersWithJSONProblemsNeverA500() async throws {
        try await withRapport { app, _ in
            _ = try await World.make(on: app)
            let anonymous = TestBrowser(app)
            let unauthorised = try await anonymous.get("/api/v1/me")
            #expect(unauthorised.status == .unauthorized)
            #expect(unauthorised.headers.contentType == .json)

            let browser = TestBrowser(app)
            try await browser.signIn("mentee")
            let me = try await browser.get("/api/v1/me")
            #expect(me.status == .ok)
            let token = try #require(try me.content.decode(APIController.PersonDTO.self).csrfToken)
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.replaceOrAdd(name: "X-CSRF-Token", value: token)
            let malformed = try await browser.request(.PUT, "/api/v1/me/profile", headers: headers, body: ByteBuffer(string: "{\"interests\": [\"football\""))
            #expect(malformed.status == .badRequest)
            #expect(malformed.body.string.contains("\"detail\""))
            let wrongType = try await browser.request(.PUT, "/api/v1/me/profile", headers: headers, body: ByteBuffer(string: #"{"interests": 5}"#))
            #expect(wrongType.status == .badRequest)
            let body = #"{"interests":["football","chess-boxing"],"dislikes":[],"currentChallenges":[],"overcomeChallenges":[],"freePeriods":["mon-1"],"wantsSameGenderMentor":false,"about":""}"#
            let unknownTag = try await browser.request(.PUT, "/api/v1/me/profile", headers: headers, body: ByteBuffer(string: body))
            #expect(unknownTag.status == .unprocessableEntity)
            #expect(unknownTag.body.string.contains("not on the list"))
            let good = try await browser.request(.PUT, "/api/v1/me/profile", headers: headers,
                                                 body: ByteBuffer(string: body.replacingOccurrences(of: ",\"chess-boxing\"", with: "")))
            #expect(good.status == .ok)
            var noToken = headers
            noToken.remove(name: "X-CSRF-Token")
            #expect(try await browser.request(.PUT, "/api/v1/me/profile", headers: noToken, body: ByteBuffer(string: body)).status == .forbidden)
            #expect(try await browser.get("/api/v1/students").status == .forbidden)
        }
    }

    @Test func programmesAreCreatedWithCheckedSettings() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/programmes")
            var fields = [("name", "Peer mentoring"), ("school_year", "2026–27"), ("starts_on", "2026-09-08"), ("ends_on", "2026-09-01"),
                          ("meeting_cadence_days", "7"), ("minimum_year_gap", "1"), ("feedback_every_weeks", "4"),
                          ("school_day_only", "yes"), ("school_day_starts", "08:45"), ("school_day_ends", "8am")] + programmeRuleFields()
            let bad = try await browser.post("/programmes", fields + [("term_ends", "2026-12-18")])
            #expect(bad.status == .unprocessableEntity, "term ends beside an end before the start are refused, not a crash")
            #expect(bad.body.string.contains("The end date must come after the start date."))
            #expect(bad.body.string.contains("value=\"2026-09-01\""))
            #expect(bad.body.string.contains("Enter when the school day ends as a time, like 16:00."))
            fields[3] = ("ends_on", "2027-07-16")
            fields[9] = ("school_day_ends", "15:30")
            // Term ends: each a date within the programme.
            for (terms, error) in [("18/12/2026", "Write each term end as a date like 2026-12-18, with commas between them."),
                                   ("2026-12-18, 2027-08-01", "Each term must end after the programme starts and before it ends."),
                                   (String(repeating: "2026-12-18 ", count: 10), "Write at most five term end dates.")] {
                let refused = try await browser.post("/programmes", fields + [("term_ends", terms)])
                #expect(refused.status == .unprocessableEntity && refused.body.string.contains(error), "\(terms)")
            }
            #expect(try await browser.post("/programmes", fields + [("term_ends", "2027-03-26, 2026-12-18")]).status == .seeOther)
            let programme = try #require(try await Programme.query(on: app.db).first())
            #expect(programme.termEnds == "2026-12-18 2027-03-26")
            #expect(try await browser.get("/programmes").body.string.contains("<dt>Terms end</dt><dd>18 December 2026, 26 March 2027</dd>"))
            #expect(programme.$school.id == world.school.id && programme.meetingCadenceDays == 7 && !programme.menteeChoice)
            #expect(programme.meetingsInSchoolDayOnly && programme.schoolDayStartsMinute == 8 * 60 + 45
                    && programme.schoolDayEndsMinute == 15 * 60 + 30 && !programme.pulseAnswersVisible)
            #expect(programme.healthRules == .defaults)
            let page = try await browser.get("/programmes").body.string
            for setting in HealthRules.settings {
                #expect(page.contains("<dt>\(setting.label)</dt><dd>\(setting.text(HealthRules.defaults[keyPath: setting.keyPath]))</dd>"),
                        "the programme page shows \(setting.name)")
            }
            try await browser.get("/programmes")
            #expect(try await browser.post("/programmes", fields).body.string.contains("There is already a programme called Peer mentoring"))
        }
    }

    @Test("milestones celebrate the programme's own term ends, from the pair's start on")
    func termEndsAreMilestones() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let time = SchoolTime(zone: app.rapport.timeZone)
            let programme = try #require(try await Programme.find(pair.programme.id, on: app.db))
            programme.termEnds = [clock.now.addingTimeInterval(-86_400), clock.now.addingTimeInterval(40 * 86_400)]
                .map(time.dayID).joined(separator: " ")
            try await programme.save(on: app.db)
            #expect(!(try await pair.mentee.get(pair.base + "/wins").body.string.contains("End of term")))
            clock.advance(by: 41 * 86_400)
            try await pair.mentee.signIn("mentee")
            let wins = try await pair.mentee.get(pair.base + "/wins").body.string
            #expect(wins.contains("End of term 2"), "the second term's end, reached")
            #expect(!wins.contains("End of term 1"), "the first ended before the pair began")
        }
    }

    @Test("a coordinator changes a programme's settings: checked, audited, their school's only, feedback rhythm fixed once rounds started")
    func programmesCanBeChanged() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let browser = TestBrowser(app)
            try await browser.signIn("coord")
            try await browser.get("/programmes")
            var fields = [("name", "Peer mentoring"), ("school_year", "2026–27"), ("starts_on", "2026-09-08"), ("ends_on", "2027-07-16"),
                          ("meeting_cadence_days", "7"), ("minimum_year_gap", "1"), ("feedback_every_weeks", "4"),
                          ("school_day_only", "yes"), ("school_day_starts", "08:30"), ("school_day_ends", "16:00")] + programmeRuleFields()
            #expect(try await browser.post("/programmes", fields).status == .seeOther)
            #expect(try await browser.post("/programmes", [("name", "Reading buddies")] + fields.dropFirst()).status == .seeOther)
            let programme = try #require(try await Programme.query(on: app.db).filter(\.$name == "Peer mentoring").first())
            let edit = "/programmes/\(programme.id!.uuidString.lowercased())/edit"
            #expect(try await browser.get("/programmes").body.string.contains("href=\"\(edit)\""))
            let page = try await browser.get(edit).body.string
            #expect(page.contains("value=\"2026-09-08\"") && page.contains("value=\"08:30\"") && page.contains("Save changes"))

            fields[3] = ("ends_on", "2026-09-01")
            fields[0] = ("name", "Reading buddies")
            let bad = try await browser.post(edit, fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("The end date must come after the start date."))
            #expect(bad.body.string.contains("There is already a programme called Reading buddies for 2026–27."))
            #expect(bad.body.string.contains("value=\"2026-09-01\""), "the form keeps what was typed")

            fields[0] = ("name", "Peer mentoring")
            fields[3] = ("ends_on", "2027-07-16")
            fields[5] = ("minimum_year_gap", "2")
            fields[9] = ("school_day_ends", "15:30")
            let saved = try await browser.post(edit, fields + [("pulse_answers_visible", "yes")])
            #expect(saved.status == .seeOther && saved.location == "/programmes?notice=saved")
            let changed = try #require(try await Programme.find(programme.id, on: app.db))
            #expect(changed.minimumYearGap == 2 && changed.schoolDayEndsMinute == 15 * 60 + 30 && changed.pulseAnswersVisible)
            var audit = try await AuditEvent.query(on: app.db).filter(\.$action == "changed programme settings").all()
            #expect(audit.count == 1 && audit[0].subject.contains("minimum year gap 1 → 2")
                    && audit[0].subject.contains("school day 08:30–16:00 → 08:30–15:30")
                    && audit[0].subject.contains("relationship-check answers visible false → true"))

            // A programme kept at midnight UTC (as before dates followed the school's zone) saved unchanged
            // keeps its dates, and nothing is logged; a value the form doesn't offer is refused.
            changed.startsOn = Date(timeIntervalSince1970: 1_788_825_600)  // 8 September 2026, 00:00 UTC
            try await changed.save(on: app.db)
            try await browser.get(edit)
            #expect(try await browser.post(edit, fields + [("pulse_answers_visible", "yes")]).status == .seeOther)
            #expect(try await Programme.find(programme.id, on: app.db)?.startsOn == Date(timeIntervalSince1970: 1_788_825_600))
            audit = try await AuditEvent.query(on: app.db).filter(\.$action == "changed programme settings").all()
            #expect(audit.count == 1)
            var offList = fields
            offList[4] = ("meeting_cadence_days", "10")
            let refused = try await browser.post(edit, offList)
            #expect(refused.status == .unprocessableEntity && refused.body.string.contains("Choose how often pairs meet from the list."))

            // The early-warning thresholds are settings too: checked, saved and audited like the rest.
            let rules = { (changes: [String: String]) in fields.map { ($0.0, changes[$0.0] ?? $0.1) } }
            let tooFew = try await browser.post(edit, rules(["flag_attendance_window": "4", "flag_attendance_minimum": "6"]))
            #expect(tooFew.status == .unprocessableEntity
                    && tooFew.body.string.contains("Choose at most 4: attendance is judged over the last 4 scheduled meetings."))
            let offered = try await browser.post(edit, rules(["flag_attendance_percent": "33"]))
            #expect(offered.status == .unprocessableEntity && offered.body.string.contains("Choose flag attendance under from the list."))
            #expect(try await browser.post(edit, rules(["flag_attendance_percent": "80", "flag_missed_in_a_row": "3", "early_closure_days": "61"]))
                        .status == .seeOther)
            let strict = try #require(try await Programme.find(programme.id, on: app.db)).healthRules
            #expect(strict.attendancePercent == 80 && strict.missedInARow == 3 && strict.earlyClosureDays == 61 && strict.attendanceWindow == 8)
            audit = try await AuditEvent.query(on: app.db).filter(\.$action == "changed programme settings").all()
            #expect(audit.count == 2 && audit.contains { $0.subject.contains("flag missed in a row 2 → 3; flag attendance percent 75 → 80; early closure days 91 → 61") })
            fields = rules(["flag_attendance_percent": "80", "flag_missed_in_a_row": "3", "early_closure_days": "61"])

            // Once a pair is active, its feedback rounds count from the programme's rhythm: it stays.
            let match = MentoringMatch()
            match.$school.id = world.school.id!
            match.$programme.id = programme.id!
            match.$mentee.id = world.mentee.id!
            match.$mentor.id = world.mentor.id!
            match.state = .active
            match.score = 10
            match.reasons = []
            match.mentorSlot = 1
            match.mentorCapacity = 1
            match.activatedAt = Date()
            match.createdAt = Date()
            match.updatedAt = Date()
            try await match.create(on: app.db)
            #expect(try await browser.get(edit).body.string.contains("This stays as it is: 1 pair has started feedback rounds"))
            fields[6] = ("feedback_every_weeks", "8")
            #expect(try await browser.post(edit, fields).status == .seeOther)
            #expect(try await Programme.find(programme.id, on: app.db)?.feedbackEveryWeeks == 4)
            // So do the relationship checks' dates and the feedback window; the flag thresholds may still change.
            #expect(try await browser.post(edit, fields.map { ($0.0, ["first_check_days": "21", "feedback_answer_days": "3", "flag_gap_cadences": "3"][$0.0] ?? $0.1) })
                        .status == .seeOther)
            let kept = try #require(try await Programme.find(programme.id, on: app.db)).healthRules
            #expect(kept.firstCheckDays == 30 && kept.feedbackAnswerDays == 7 && kept.gapCadences == 3)
            // Even a rhythm the form no longer offers stays, without a field to send it.
            let fixed = try #require(try await Programme.find(programme.id, on: app.db))
            fixed.feedbackEveryWeeks = 3
            try await fixed.save(on: app.db)
            #expect(try await browser.post(edit, fields.filter { $0.0 != "feedback_every_weeks" && $0.0 != "first_check_days" }).status == .seeOther)
            #expect(try await Programme.find(programme.id, on: app.db)?.feedbackEveryWeeks == 3)

            // Another school's coordinator and a student can't reach it.
            let other = TestBrowser(app)
            try await other.signIn("elmcoord")
            #expect(try await other.get(edit).status == .notFound)
            try await other.get("/programmes")
            #expect(try await other.post(edit, fields).status == .notFound)
            let student = TestBrowser(app)
            try await student.signIn("mentor")
            #expect(try await student.get(edit).status == .forbidden)
        }
    }

    @Test("dates and times are the school's wall clock, not the server's")
    func datesFollowTheSchoolsTimeZone() async throws {
        try await withRapport({ $0.timeZone = TimeZone(identifier: "Pacific/Auckland")! }) { app, _ in
            _ = try await World.make(on: app)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            try await coordinator.get("/programmes")
            let fields = [("name", "Peer mentoring"), ("school_year", "2026–27"), ("starts_on", "2026-09-08"),
                          ("ends_on", "2027-07-16"), ("meeting_cadence_days", "7"), ("minimum_year_gap", "1"),
                          ("feedback_every_weeks", "4"), ("school_day_starts", "08:30"), ("school_day_ends", "16:00")] + programmeRuleFields()
            #expect(try await coordinator.post("/programmes", fields).status == .seeOther)
            let programme = try #require(try await Programme.query(on: app.db).first())
            // Midnight of 8 September in Auckland is noon on 7 September in UTC, the server's zone here.
            #expect(programme.startsOn == Date(timeIntervalSince1970: 1_788_782_400))
            #expect(try await coordinator.get("/programmes").body.string.contains("8 September 2026 to 16 July 2027"))
            let edit = try await coordinator.get("/programmes/\(programme.id!.uuidString.lowercased())/edit").body.string
            #expect(edit.contains("value=\"2026-09-08\"") && edit.contains("value=\"2027-07-16\""))
            // The mentor is told training is waiting at the test clock's 14:13 UTC on 21 September: 02:13 the
            // next day in Auckland.
            let mentor = TestBrowser(app)
            try await mentor.signIn("mentor")
            let notifications = try await mentor.get("/notifications").body.string
            #expect(notifications.contains("22 Sept 2026, 02:13") || notifications.contains("22 Sep 2026, 02:13"), "\(notifications)")
        }
    }

    @Test func theDemoMakesTwoSchoolsEveryRoleAndSixtyStudents() async throws {
        try await withRapport { app, _ in
            let logins = try await DemoData.ensure(on: app, reset: false)
            #expect(Set(logins.map(\.role)) == ["coordinator", "safeguarding-lead", "deputy-safeguarding-lead", "organisation-admin", "mentor", "mentee"])
            #expect(logins.allSatisfy { $0.line.hasPrefix("login: \($0.role) \($0.username) ") })
            // Exactly the staff who must use two-step sign-in are enrolled, and their line carries the key to add to an app.
            for login in logins {
                let person = try #require(try await Person.query(on: app.db).filter(\.$username == login.username).first())
                let mustUseTwoStep = try await TwoStepPolicy.isRequired(for: person, on: app.db)
                #expect((login.totpSecret != nil) == mustUseTwoStep, "\(login.username)")
                #expect(login.line.hasSuffix(login.totpSecret.map { " totp:\($0)" } ?? " \(login.password)"))
                if let secret = login.totpSecret {
                    let factor = try #require(try await TwoStepFactor.confirmed(of: person.requireID(), on: app.db))
                    #expect(try Base32.encode(factor.totp(notes: app.notes).secret) == secret)
                }
                #expect(person.isDeputyLead == (login.role == "deputy-safeguarding-lead"))
            }
            #expect(try await School.query(on: app.db).count() == 2)
            let students = try await Person.query(on: app.db).filter(\.$role ~~ [.mentor, .mentee]).all()
            #expect(students.count == 60)
            let profiles = try await MentoringProfile.query(on: app.db).all()
            #expect(profiles.count == 60 && profiles.allSatisfy { !$0.interests.isEmpty && !$0.freePeriods.isEmpty })
            #expect(Set(profiles.map(\.interests)).count > 40, "profiles vary")
            // Northgate's programme can be matched straight away: trained mentors, stories, varied profiles.
            let programme = try #require(try await Programme.query(on: app.db).first())
            let inputs = try await RoundInputs.load(programme: programme, now: Date(), on: app.db)
            // Leah and seven others are in open matches (the demo pair and the term's history), so 10 of the 18 mentees
            // are in the round; three ended early and are free again.
            let open = try await MentoringMatch.query(on: app.db).filter(\.$state ~~ MatchState.open).with(\.$mentor).with(\.$mentee).all()
            #expect(open.count == 8 && open.contains { "\($0.mentor.username) \($0.mentee.username)" == "sam.carter leah.price" })
            #expect(try await MentoringMatch.query(on: app.db).filter(\.$state == .closed).count() == 3)
            #expect(inputs.untrainedMentors.count == 3 && inputs.mentees.count == 10,
                    "mentors \(inputs.mentors.count), mentees \(inputs.mentees.count)")
            #expect(try await Meeting.query(on: app.db).count() >= 6)
            let leah = try #require(open.first { $0.mentee.username == "leah.price" })
            #expect(try await FeedbackAnswer.query(on: app.db).filter(\.$match.$id == leah.id!).count() == 1, "the mentor has answered, Leah not yet")
            let proposal = try MatchingEngine.propose(cohort: inputs.cohort, rules: inputs.rules)
            #expect(proposal.matches.count >= 5, "\(proposal.unmatched.map(\.reason.sentence))")
            #expect(proposal.matches.allSatisfy { $0.reasons.reduce(0) { $0 + $1.points } == $0.score })
            // Running it again changes nothing.
            _ = try await DemoData.ensure(on: app, reset: false)
            #expect(try await Person.query(on: app.db).count() == 66)
            for login in logins {
                let browser = TestBrowser(app)
                let response = try await browser.signIn(login.username, password: login.password)
                #expect(response.status == .seeOther, "\(login.line)")
            }
        }
    }

    @Test func recordIdsComeFromTheConfiguredRandomSource() async throws {
        var ids: [UInt64: [UUID]] = [:]
        for seed: UInt64 in [7, 7, 8] {
            try await withRapport({ $0.random = .seeded(seed) }) { app, _ in
                let organisation = Organisation(name: "Seeded Trust")
                try await organisation.create(on: app.db)
                let sealed = TwoStepFactor(personID: UUID(), now: Date())
                try app.notes.seal("secret", into: sealed, \.$secretSealed)
                ids[seed, default: []] += [try organisation.requireID(), try sealed.requireID()]
            }
        }
        // The same seed gives the same ids, a different one others: Fluent's own UUID() is never asked.
        #expect(ids[7]!.count == 4 && Array(ids[7]![0..<2]) == Array(ids[7]![2..<4]))
        #expect(Set(ids[8]!).isDisjoint(with: Set(ids[7]!)))
        #expect(ids[7]!.allSatisfy { $0.uuidString.dropFirst(14).first == "4" }, "version 4 UUIDs")
    }
}
