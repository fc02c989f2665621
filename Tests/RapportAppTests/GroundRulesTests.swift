import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("The pair's own ground rules")
struct GroundRulesTests {
    @Test("both write and change them, every version kept and sealed; a stale form is refused with the newer words shown")
    func bothWriteVersionsAndAStaleFormIsRefused() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = pair.base + "/ground-rules"
            #expect(try await pair.mentor.get(pair.base).body.string.contains("Your own ground rules"))
            let empty = try await pair.mentor.get(path).body.string
            #expect(empty.contains("No ground rules yet.") && empty.contains("Only you and Mentee can read them"))

            // Bad input: nothing, too long, a form from before any version with a made-up base.
            let nothing = try await pair.mentor.post(path, [("based_on", "0"), ("rules", "  ")])
            #expect(nothing.status == .unprocessableEntity && nothing.body.string.contains("Enter your ground rules."))
            let long = try await pair.mentor.post(path, [("based_on", "0"), ("rules", String(repeating: "r", count: 1201))])
            #expect(long.status == .unprocessableEntity && long.body.string.contains("at most 1200 characters (this is 1201)"))

            #expect(try await pair.mentor.post(path, [("based_on", "0"), ("rules", "We both turn up.\nNo phones.")]).status == .seeOther)
            let first = try #require(try await GroundRulesVersion.query(on: app.db).first())
            #expect(first.version == 1 && first.$writtenBy.id == pair.world.mentor.id && !first.textSealed.contains("phones"))
            let seen = try await pair.mentee.get(path).body.string
            #expect(seen.contains("Version 1") && seen.contains("No phones.") && seen.contains("Written by Mentor"))

            // The mentee changes them; the mentor's form, opened at version 1, is now stale.
            try await pair.mentor.get(path)
            #expect(try await pair.mentee.post(path, [("based_on", "1"), ("rules", "We both turn up.\nNo phones.\nWe listen.")]).status == .seeOther)
            let stale = try await pair.mentor.post(path, [("based_on", "1"), ("rules", "We both turn up on time.")])
            #expect(stale.status == .conflict)
            #expect(stale.body.string.contains("Mentee changed the rules while you were writing"))
            #expect(stale.body.string.contains("We listen.") && stale.body.string.contains("We both turn up on time."), "both texts shown")
            let same = try await pair.mentor.post(path, [("based_on", "2"), ("rules", "We both turn up.\nNo phones.\nWe listen.")])
            #expect(same.status == .unprocessableEntity && same.body.string.contains("That is the same as the current version"))
            #expect(try await pair.mentor.post(path, [("based_on", "2"), ("rules", "We both turn up on time.\nWe listen.")]).status == .seeOther)
            let versions = try await GroundRulesVersion.query(on: app.db).sort(\.$version).all()
            #expect(versions.map(\.version) == [1, 2, 3])
            let page = try await pair.mentee.get(path).body.string
            #expect(page.contains("Version 3") && page.contains("Earlier versions") && page.contains("Version 2, by you")
                    && page.contains("Version 1, by Mentor"))

            // Only the pair: another student and the coordinator have no way in; the words are in no staff page.
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            #expect(try await coordinator.get(path).status == .forbidden)
            let staffPage = try await coordinator.get("/matches/\(pair.match.id!.uuidString.lowercased())").body.string
            #expect(!staffPage.contains("We listen."))

            // A paused match: read, not written.
            pair.match.state = .paused
            try await pair.match.save(on: app.db)
            #expect(try await pair.mentee.get(path).body.string.contains("We listen."))
            #expect(try await pair.mentee.post(path, [("based_on", "3"), ("rules", "New")]).status == .conflict)
        }
    }
}
