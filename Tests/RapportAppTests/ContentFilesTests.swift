import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import RapportApp

@Suite("Content kept as files")
struct ContentFilesTests {
    @Test func theCourseLoadsFromItsFilesInOrderAndEveryModuleHasQuestions() throws {
        let modules = try TrainingContent.loaded.get()
        #expect(modules.map(\.id) == ["confidentiality", "active-listening", "empathy", "reliability", "mutual-respect",
                                      "sharing-experiences", "common-interests", "positive-reinforcement", "feedback", "growth-mindset",
                                      "safeguarding-basics"], "one for each practice of practice.md, in its order, then keeping people safe")
        for module in modules {
            #expect(!module.sections.isEmpty && module.sections.allSatisfy { !$0.paragraphs.isEmpty }, "\(module.id)")
            #expect(!module.questions.isEmpty, "\(module.id)")
            for question in module.questions {
                #expect(question.options.filter(\.isRight).count == 1 && question.options.allSatisfy { !$0.feedback.isEmpty }, "\(module.id) \(question.id)")
            }
        }
    }

    static let good = """
    ---
    id: listening
    title: Listening
    summary: Hear them out.
    minutes: 4
    ---

    ## First

    One paragraph
    that runs over two lines.

    > ### Try saying
    > "Tell me more."

    # Questions

    ## q1

    What do you do?

    - a: Talk.
      Not yet.
    - b (right): Listen.
      Yes.
    """

    @Test func aModuleFileIsReadAsWritten() throws {
        let module = try TrainingFile.parse(Self.good, file: "training/x.md")
        #expect(module.id == "listening" && module.minutes == 4 && module.summary == "Hear them out.")
        #expect(module.sections.count == 1 && module.sections[0].paragraphs == ["One paragraph that runs over two lines."])
        #expect(module.sections[0].example?.title == "Try saying" && module.sections[0].example?.lines == ["\"Tell me more.\""])
        #expect(module.questions.count == 1 && module.questions[0].options.map(\.id) == ["a", "b"])
        #expect(module.questions[0].options.map(\.isRight) == [false, true] && module.questions[0].options[1].feedback == "Yes.")
    }

    @Test func aBrokenModuleFileIsRefusedWithItsLine() {
        let broken: [(String, String)] = [
            (Self.good.replacingOccurrences(of: "# Questions\n\n## q1\n\nWhat do you do?\n\n- a: Talk.\n  Not yet.\n- b (right): Listen.\n  Yes.", with: ""),
             "needs `# Questions`"),
            (Self.good.replacingOccurrences(of: "## q1\n\nWhat do you do?\n\n- a: Talk.\n  Not yet.\n- b (right): Listen.\n  Yes.", with: ""),
             "at least one question"),
            (Self.good.replacingOccurrences(of: "- b (right): Listen.", with: "- b: Listen."), "exactly one marked (right)"),
            (Self.good.replacingOccurrences(of: "- a: Talk.", with: "- a (right): Talk."), "exactly one marked (right)"),
            (Self.good.replacingOccurrences(of: "  Not yet.\n", with: ""), "line 22: an option is"),
            (Self.good.replacingOccurrences(of: "minutes: 4", with: "minutes: four"), "needs id, title, summary and minutes"),
            (Self.good.replacingOccurrences(of: "---\nid", with: "id"), "line 1: a module starts with front matter"),
            (Self.good.replacingOccurrences(of: "> ### Try saying\n", with: ""), "an example starts with"),
        ]
        for (text, expected) in broken {
            do {
                _ = try TrainingFile.parse(text, file: "training/x.md")
                Issue.record("accepted a file that should say: \(expected)")
            } catch {
                #expect("\(error)".contains(expected) && "\(error)".hasPrefix("training/x.md, line "), "\(error)")
            }
        }
    }

    @Test func theStylesheetIsLinkedByItsHashAndCachedForAYearUnderIt() async throws {
        try await withRapport { app, _ in
            let page = try await TestBrowser(app).get("/login").body.string
            let version = Stylesheet.version
            #expect(version.count == 12 && page.contains("href=\"/assets/rapport.css?v=\(version)\""))
            let current = try await TestBrowser(app).get("/assets/rapport.css?v=\(version)")
            #expect(current.headers.first(name: .cacheControl) == "public, max-age=31536000, immutable")
            #expect(current.body.string == (try ContentFiles.read("rapport.css")) && current.body.string.contains(":root"))
            let unversioned = try await TestBrowser(app).get("/assets/rapport.css")
            #expect(unversioned.headers.first(name: .cacheControl) == "no-cache")
        }
    }
}

@Suite("Dependencies")
struct DependenciesTests {
    @Test func aSeededRandomSourceRepeatsItselfAndStaysInRange() {
        let first = RandomSource.seeded(42), second = RandomSource.seeded(42), other = RandomSource.seeded(43)
        let a = first.bytes(32)
        #expect(a == second.bytes(32) && a != other.bytes(32) && first.bytes(32) != a, "same seed, same stream; the stream moves on")
        let numbers = (0..<2000).map { _ in first.number(in: 3..<10) }
        #expect(numbers.allSatisfy { (3..<10).contains($0) } && Set(numbers) == Set(3..<10))
    }

    @Test func whatTheAppMakesAtRandomComesFromItsInjectedSource() async throws {
        var keys: [String] = []
        for _ in 0..<2 {
            try await withRapport({ $0.random = .seeded(2026) }) { app, _ in
                let world = try await World.make(on: app)
                world.organisation.coordinatorsUseTwoStep = true
                try await world.organisation.save(on: app.db)
                let browser = TestBrowser(app)
                try await browser.get("/login")
                try await browser.post("/login", [("username", "coord"), ("password", World.password)])
                let page = try await browser.get("/login/two-step/set-up").body.string
                keys.append(String(try #require(page.firstMatch(of: /<code class="secret">([A-Z2-7 ]+)<\/code>/)).1))
            }
        }
        #expect(keys.count == 2 && keys[0] == keys[1], "the same seed gives the same authenticator key")
    }
}

@Suite("Counting in the database")
struct CountingTests {
    @Test func theDatabaseCallsAProfileStartedExactlyWhenTheModelDoes() async throws {
        try await withRapport { app, _ in
            let world = try await World.make(on: app)
            let people = [world.mentor, world.mentee, world.otherStudent, world.coordinator]
            let fills: [(MentoringProfile) -> Void] = [
                { $0.interests = ["football"] }, { $0.about = "I like maps." }, { $0.freePeriods = ["mon-lunch"] }, { _ in },
            ]
            var expected: Set<UUID> = []
            for (person, fill) in zip(people, fills) {
                let profile = MentoringProfile(personID: try person.requireID())
                fill(profile)
                try await profile.create(on: app.db)
                if profile.isStarted { expected.insert(try person.requireID()) }
            }
            #expect(expected.count == 3)
            let sql = try #require(app.db as? any SQLDatabase)
            let started = try await sql.raw("""
                SELECT person_id FROM mentoring_profiles AS profiles
                WHERE \(unsafeRaw: MentoringProfile.startedCondition(table: "profiles", dialect: sql.dialect.name))
                  AND person_id IN (\(binds: people.map { $0.id! }))
                """).all().map { try $0.decode(column: "person_id", as: UUID.self) }
            #expect(Set(started) == expected)
        }
    }

    @Test func theVocabulariesLoadFromTheirFilesAndABrokenOneIsNamedWithItsLine() throws {
        let lists = try Vocabulary.loaded.get()
        #expect(lists.interests.count == 32 && lists.dislikes.count == 14 && lists.challenges.count == 15)
        #expect(lists.interests.first == Vocabulary.Tag(id: "football", label: "Football"))
        #expect(Vocabulary.label(of: "changing-school", in: lists.challenges) == "Changing school")
        let parse = { (text: String) -> String? in
            do { _ = try VocabularyFile.parse(text, file: "vocabularies/test.txt"); return nil } catch { return "\(error)" }
        }
        #expect(parse("# only a comment\nfootball: Football\n\nchess: Chess") == nil)
        #expect(parse("football Football") == "vocabularies/test.txt, line 1: write a tag as `id: Label`.")
        #expect(parse("ok: Fine\nFoot Ball: Football") == "vocabularies/test.txt, line 2: the id \"Foot Ball\" must be lower-case letters and digits joined by dashes.")
        #expect(parse("chess: Chess\nchess: Chess again") == "vocabularies/test.txt, line 2: the id \"chess\" is already used.")
        #expect(parse("chess:") == "vocabularies/test.txt, line 1: write a tag as `id: Label`.")
        #expect(parse("# nothing") == "vocabularies/test.txt has no tags.")
    }

    @Test func theAgreementWordingIsAVersionedFileThatMustNameTheLead() throws {
        let current = try AgreementWording.loaded.get()
        #expect(current.version == "2026-11 v4" && current.isCurrent)
        let parse = { (text: String) -> String? in
            do { _ = try AgreementWording.parse(text, file: "agreements/test.txt"); return nil } catch { return "\(error)" }
        }
        let front = "---\nversion: 2027-01 v5\nstatus: retired\n---\n"
        #expect(parse(front + "{mentor} and {mentee} tell {lead}.") == nil)
        #expect(parse("no front matter {lead}") == "agreements/test.txt: start with front matter between two `---` lines.")
        #expect(parse("---\nstatus: current\n---\n{lead}") == "agreements/test.txt: say its `version`.")
        #expect(parse("---\nversion: x\nstatus: draft\n---\n{lead}") == "agreements/test.txt: say `status: current` or `status: retired`.")
        #expect(parse(front + "{lead} and {the head}") == "agreements/test.txt: {the head} is not something Rapport can fill in.")
        #expect(parse(front + "{mentor} and {mentee} only") == "agreements/test.txt: name the safeguarding lead with {lead}.")
    }
}
