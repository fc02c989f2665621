import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

/// The matching rules a school sets from its pages: do-not-pair lists, the safeguarding lead's restrictions, the
/// programme's matching settings with their preview, identity tags with consent, and what a mentor got through.
@Suite("Matching rules from pages")
struct MatchingRulesTests {
    private static func id(_ person: Person) -> String { person.id!.uuidString.lowercased() }

    @Test func aDoNotPairEntryKeepsTwoStudentsApartWithItsReasonSealedAndEveryChangeAudited() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let page = "/students/\(Self.id(world.mentee))"
            let add = page + "/do-not-pair"
            let before = try await coordinator.get(page).body.string
            #expect(before.contains("Never paired with") && before.contains("Nobody on the list."))

            // Bad input: nothing chosen, no reason, a reason too long, another school's student, the student themself.
            let empty = try await coordinator.post(add, [("never_with", ""), ("never_reason", "")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.string.contains("Choose a student of your school."))
            #expect(empty.body.string.contains("Enter why they must not be paired."))
            let long = try await coordinator.post(add, [("never_with", Self.id(world.mentor)), ("never_reason", String(repeating: "x", count: 201))])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("at most 200 characters (this is 201)"))
            let elsewhere = try await coordinator.post(add, [("never_with", Self.id(world.otherStudent)), ("never_reason", "Cousins")])
            #expect(elsewhere.status == .unprocessableEntity && elsewhere.body.string.contains("Choose a student of your school."))
            let themself = try await coordinator.post(add, [("never_with", Self.id(world.mentee)), ("never_reason", "Cousins")])
            #expect(themself.status == .unprocessableEntity)
            #expect(try await PairingRestriction.query(on: app.db).count() == 0)

            let added = try await coordinator.post(add, [("never_with", Self.id(world.mentor)), ("never_reason", "They are cousins")])
            #expect(added.status == .seeOther)
            let entry = try #require(try await PairingRestriction.query(on: app.db).first())
            #expect(entry.kind == .doNotPair && !entry.reasonSealed.contains("cousins"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "added do-not-pair").count() == 1)
            // Seen from either student's page, with the reason and who added it.
            for student in [world.mentee, world.mentor] {
                let shown = try await coordinator.get("/students/\(Self.id(student))").body.string
                #expect(shown.contains("They are cousins") && shown.contains("added by Coord Tester"))
            }
            let twice = try await coordinator.post("/students/\(Self.id(world.mentor))/do-not-pair", [("never_with", Self.id(world.mentee)), ("never_reason", "Again")])
            #expect(twice.status == .unprocessableEntity)

            // The round proposes nobody, says why, and names the list among its rules.
            let (round, _) = try await startRound(coordinator, programme)
            let text = round.body.string
            #expect(try await MentoringMatch.query(on: app.db).filter(\.$state == .proposed).count() == 0)
            #expect(text.contains("the pair is on a do-not-pair list (1)"))
            #expect(text.contains("Do-not-pair lists keep 1 pair of this round"))
            #expect(text.contains("Restrictions from the safeguarding lead keep 0 pairs"))

            // Removing: another student's entry id is refused; the right one goes and is audited.
            let wrong = try await coordinator.post("/students/\(Self.id(world.otherStudent))/do-not-pair/remove", [("entry", entry.id!.uuidString)])
            #expect(wrong.status == .notFound)
            try await coordinator.get(page)
            let unknown = try await coordinator.post(page + "/do-not-pair/remove", [("entry", UUID().uuidString)])
            #expect(unknown.status == .unprocessableEntity)
            #expect(try await coordinator.post(page + "/do-not-pair/remove", [("entry", entry.id!.uuidString)]).status == .seeOther)
            #expect(try await PairingRestriction.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "removed do-not-pair").count() == 1)
        }
    }

    @Test func theSafeguardingLeadRestrictsAPairFromAConcernAndTheCoordinatorSeesOnlyACount() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let concern = try await SafeguardingTests.raise(mentee)
            let path = "/concerns/\(concern.id!.uuidString.lowercased())"
            let lead = TestBrowser(app)
            try await lead.signIn("lead")
            try await lead.get(path)
            try await lead.post(path + "/student", [("student", Self.id(world.mentee))])
            let page = try await lead.get(path).body.string
            #expect(page.contains("Keep Mentee apart from someone in matching"))
            let missing = try await lead.post(path + "/restrict-pair", [("restrict_with", "")])
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Choose another student of this school."))
            let elsewhere = try await lead.post(path + "/restrict-pair", [("restrict_with", Self.id(world.otherStudent))])
            #expect(elsewhere.status == .unprocessableEntity)
            #expect(try await lead.post(path + "/restrict-pair", [("restrict_with", Self.id(world.mentor))]).status == .seeOther)
            let entry = try #require(try await PairingRestriction.query(on: app.db).first())
            #expect(entry.kind == .safeguarding && entry.concernID == concern.id)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "placed safeguarding restriction").count() == 1)
            #expect(try await lead.get(path).body.string.contains("Kept apart from Mentor Tester"))

            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            // Not on the coordinator's do-not-pair list, and the round names the rule by count only.
            let student = try await coordinator.get("/students/\(Self.id(world.mentee))").body.string
            #expect(student.contains("Nobody on the list."))
            let (round, roundPath) = try await startRound(coordinator, programme)
            #expect(round.body.string.contains("Restrictions from the safeguarding lead keep 1 pair of this round"))
            // Who is restricted is not said beside a name, and why never: only that the two can't be proposed together.
            #expect(round.body.string.contains("no allowed mentor at all: they can&#39;t be proposed together (1)")
                    || round.body.string.contains("no allowed mentor at all: they can't be proposed together (1)"), "\(round.body.string)")
            #expect(!round.body.string.contains("restricted this pair"))
            let pin = try await coordinator.post(roundPath + "/pin", [("mentee", Self.id(world.mentee)), ("mentor", Self.id(world.mentor))])
            #expect(pin.status == .conflict && !pin.body.string.contains("safeguarding lead restricted"))
            #expect(try await MentoringMatch.query(on: app.db).filter(\.$state == .proposed).count() == 0)

            try await lead.get(path)
            #expect(try await lead.post(path + "/lift-restriction", [("restriction", UUID().uuidString)]).status == .notFound)
            #expect(try await lead.post(path + "/lift-restriction", [("restriction", entry.id!.uuidString)]).status == .seeOther)
            #expect(try await PairingRestriction.query(on: app.db).count() == 0)
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "lifted safeguarding restriction").count() == 1)
        }
    }

    @Test func matchingSettingsArePreviewedWithoutSavingThenSavedAuditedAndUsedByTheRound() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let path = "/programmes/\(programme.id!.uuidString.lowercased())/matching"
            let page = try await coordinator.get(path).body.string
            #expect(page.contains("What earns points") && page.contains("Points per interest both like."))

            var fields = MatchingSettings.weightSettings.map { ($0.name, String(MatchingSettings.defaults[keyPath: $0.keyPath])) }
            fields += MatchingSettings.switches.map { ($0.name, "yes") }
            func with(_ name: String, _ value: String) -> [(String, String)] { fields.map { $0.0 == name ? (name, value) : $0 } }

            // Bad values: off the list, not a number, missing.
            for bad in ["7", "1000", "-5", "lots", ""] {
                let refused = try await coordinator.post(path, with("weight_shared_interest", bad))
                #expect(refused.status == .unprocessableEntity, "\(bad)")
                #expect(refused.body.string.contains("the points for shared interests"), "\(bad)")
            }

            // A preview with no points for interests: same pair, lower score; nothing saved.
            let preview = try await coordinator.post(path + "/preview", with("weight_shared_interest", "0"))
            #expect(preview.status == .ok)
            let previewText = preview.body.string
            #expect(previewText.contains("Preview: a round run now"))
            #expect(previewText.contains("1 with these settings, 1 with the saved ones"))
            #expect(previewText.contains("Every mentee would get the same mentor"))
            let stored = try #require(try await Programme.find(programme.id, on: app.db))
            #expect(stored.matchingSettings == .defaults)

            // Asking for a shared free period and none shared: the preview shows the mentee left without a mentor.
            for person in [world.mentor, world.mentee] {
                let profile = try await MentoringProfile.of(person, on: app.db)
                profile.freePeriods = person.role == .mentor ? ["fri-1"] : ["mon-1"]
                try await profile.save(on: app.db)
            }
            let strict = try await coordinator.post(path + "/preview", fields).body.string
            #expect(strict.contains("0 with these settings, 0 with the saved ones"))
            let relaxed = try await coordinator.post(path + "/preview", fields.filter { $0.0 != "require_free_period" }).body.string
            #expect(relaxed.contains("1 with these settings, 0 with the saved ones"))
            #expect(relaxed.contains("1 mentee would get a different mentor") && relaxed.contains("Mentee Tester"))
            #expect(relaxed.contains("nobody → Mentor Tester"))

            let saved = try await coordinator.post(path, with("weight_shared_interest", "0").filter { $0.0 != "require_free_period" })
            #expect(saved.status == .seeOther)
            let changed = try #require(try await Programme.find(programme.id, on: app.db)).matchingSettings
            #expect(changed.sharedInterest == 0 && !changed.requireSharedFreePeriod && changed.sharedDislike == 45)
            let audit = try #require(try await AuditEvent.query(on: app.db).filter(\.$action == "changed matching settings").first())
            #expect(audit.subject.contains("shared interests 30 → 0") && audit.subject.contains("require free period true → false"))

            let (round, _) = try await startRound(coordinator, programme)
            let text = round.body.string
            #expect(!text.contains("both like drawing"), "interests no longer earn points")
            #expect(text.contains("both dislike loud places +45"))
            #expect(text.contains("A pair need not share a free period."))
            #expect(text.contains("Shared interests: 0 per interest both like"))

            // Another school's coordinator can't see or change them.
            let elm = TestBrowser(app)
            try await elm.signIn("elmcoord")
            #expect(try await elm.get(path).status == .notFound)
        }
    }

    @Test func identityTagsCountInMatchingAndAreNamedOnlyWithBothStudentsConsent() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world)
            func choose(_ username: String, visible: Bool) async throws {
                let student = TestBrowser(app)
                try await student.signIn(username)
                let form = try await student.get("/profile").body.string
                #expect(form.contains("Nobody else sees which you ticked unless you tick the box below"))
                let profile = try await MentoringProfile.query(on: app.db).join(Person.self, on: \MentoringProfile.$person.$id == \Person.$id)
                    .filter(Person.self, \.$username == username).first()
                var fields = ProfileForm.state(from: try #require(profile)).lists.flatMap { name, values in values.map { ("\(name)[]", $0) } }
                fields += [("identities[]", "young-carer")]
                if visible { fields.append(("identities_visible", "yes")) }
                let unknown = try await student.post("/profile", fields + [("identities[]", "made-up")])
                #expect(unknown.status == .ok && unknown.body.string.contains("identity tags"))
                #expect(try await student.post("/profile", fields).status == .seeOther)
            }
            try await choose("mentor", visible: true)
            try await choose("mentee", visible: false)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            // The mentee kept theirs private: not on their page, and the round counts the shared tag without naming it.
            #expect(!(try await coordinator.get("/students/\(Self.id(world.mentee))").body.string.contains("Young carer")))
            #expect(try await coordinator.get("/students/\(Self.id(world.mentor))").body.string.contains("Young carer"))
            let (round, roundPath) = try await startRound(coordinator, programme)
            #expect(round.body.string.contains("both chose an identity tag they share, kept private +45"))
            #expect(!round.body.string.lowercased().contains("young carer"))
            // The coordinator's edit of the profile leaves the student's own choice alone.
            let menteeProfile = try await MentoringProfile.of(world.mentee, on: app.db)
            #expect(menteeProfile.identities == ["young-carer"] && !menteeProfile.identitiesVisible)
            try await coordinator.get("/students/\(Self.id(world.mentee))/edit")
            let edit = ProfileForm.state(from: menteeProfile).lists.flatMap { name, values in values.map { ("\(name)[]", $0) } }
                .filter { !$0.0.hasPrefix("identities") }
            _ = try await coordinator.post("/students/\(Self.id(world.mentee))/edit",
                                           StudentController.detailsValues(world.mentee).map { ($0.key, $0.value) } + edit)
            #expect(try await MentoringProfile.of(world.mentee, on: app.db).identities == ["young-carer"])

            // With both consenting, the reason names it.
            try await choose("mentee", visible: true)
            try await coordinator.get(roundPath)
            let rerun = try await coordinator.post(roundPath + "/rerun")
            #expect(rerun.body.string.contains("both identify as young carer +45"))
            // Their match never sees them: not on any page of the pair's space.
            try await coordinator.post(roundPath + "/approve-all")
            let match = try #require(try await MentoringMatch.query(on: app.db).first())
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentor")
            for page in ["/my-matches", "/my-matches/\(match.id!.uuidString.lowercased())"] {
                let text = try await mentee.get(page).body.string
                #expect(!text.contains("Young carer") && !text.lowercased().contains("young carer"), "\(page)")
            }
            // Consent taken back later: the coordinator's match page no longer names it, whenever the round ran.
            let matchPage = "/matches/\(match.id!.uuidString.lowercased())"
            #expect(try await coordinator.get(matchPage).body.string.contains("both identify as young carer +45"))
            try await choose("mentee", visible: false)
            let after = try await coordinator.get(matchPage).body.string
            #expect(after.contains("both chose an identity tag they share, kept private +45") && !after.lowercased().contains("young carer"))
        }
    }

    @Test func whatAMentorGotThroughScoresInTheRoundAndShowsOnTheShortlistCard() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let programme = try await prepareProgramme(app, world, menteeChoice: true)
            let mentorProfile = try await MentoringProfile.of(world.mentor, on: app.db)
            mentorProfile.overcomeChallenges = ["changing-school", "grief"]
            try await mentorProfile.save(on: app.db)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let (round, _) = try await startRound(coordinator, programme)
            #expect(round.body.string.contains("mentor got through changing school too +30"))
            let mentee = TestBrowser(app)
            try await mentee.signIn("mentee")
            let card = try await mentee.get("/shortlist").body.string
            // That the mentor got through something the mentee finds hard, never which (nor the rest of the list).
            #expect(card.contains("Has got through something you find hard too."))
            #expect(!card.contains("Changing school") && !card.contains("Losing someone"))
        }
    }
}
