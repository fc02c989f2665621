import Fluent
import Foundation
import Testing
import VaporTesting
@testable import RapportApp

@Suite("Outcomes")
struct OutcomeTests {
    @Test("the scales load from their file; reversed items are turned round; a broken file is named with its line")
    func theScales() throws {
        let scales = try OutcomeScales.loaded.get()
        #expect(scales.map(\.id) == ["confidence", "resilience", "empathy", "leadership", "connected"] && scales.allSatisfy { $0.items.count == 5 })
        #expect(scales.allSatisfy { scale in scale.items.contains(where: \.isReversed) || scale.id == "empathy" })
        let scores = OutcomeScales.scores(Array(repeating: 5, count: 25))
        #expect(scores["confidence"] == 3.4, "three 5s and two reversed 5s (1s): 17 / 5")
        #expect(throws: ContentFiles.Problem.self) { try OutcomeScales.parse("## a: A\n+ one\n+ two\n", file: "x") }
        do {
            _ = try OutcomeScales.parse("## a: A\n+ one\n* two\n", file: "outcomes/x.txt")
            Issue.record("a line that is not an item was taken")
        } catch let problem as ContentFiles.Problem {
            #expect(problem.description == "outcomes/x.txt line 3: expected \"## id: Title\", \"+ item\" or \"- item\".")
        }
    }

    @Test("the paired change and its 95% interval match a hand calculation; one pair gives no interval")
    func pairedChange() throws {
        let change = try #require(PairedChange([0.2, 0.4, -0.2, 0.6, 0.0]))
        // mean 0.2; sd √0.1; se √0.1/√5 = 0.14142; t(4) = 2.776: 0.2 ± 0.39259.
        #expect(change.count == 5 && abs(change.mean - 0.2) < 1e-12 && abs(change.lower + 0.19259) < 1e-4 && abs(change.upper - 0.59259) < 1e-4)
        #expect(PairedChange([0.5]) == nil)
        #expect(PairedChange.t95(degreesOfFreedom: 35) == 2.042 && PairedChange.t95(degreesOfFreedom: 500) == 1.960)
    }

    @Test("CSV cells: formulas kept as text, quotes doubled, numbers left as numbers")
    func csvCells() {
        #expect(CSV.cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSV.cell("@SUM(A1)") == "'@SUM(A1)" && CSV.cell("+44 7700") == "'+44 7700" && CSV.cell("-0.40") == "-0.40")
        #expect(CSV.cell("Peer, mentoring") == "\"Peer, mentoring\"" && CSV.cell("plain") == "plain")
    }

    @Test("both answer at the start, every question needed, once; the report shows means, the change and a coded CSV with no names")
    func answeringAndTheReport() async throws {
        try await withRapport { app, clock in
            let pair = try await ActivePair.make(app, clock)
            let path = pair.base + "/about-me"
            let home = try await pair.mentee.get(pair.base).body.string
            #expect(home.contains("A few questions about you are waiting (start of your match)."))
            let page = try await pair.mentee.get(path).body.string
            #expect(page.contains("A few questions about you, not about Mentor.") && page.contains("I feel sure of myself when I try something new."))
            let all = (0..<25).map { ("q\($0)", "4") }
            let missing = try await pair.mentee.post(path, Array(all.dropLast()))
            #expect(missing.status == .unprocessableEntity && missing.body.string.contains("Choose an answer for this one."))
            #expect(try await pair.mentee.post(path, all.dropLast() + [("q24", "6")]).status == .unprocessableEntity)
            #expect(try await pair.mentee.post(path, all).location == path + "?notice=saved")
            #expect(try await pair.mentee.post(path, all).status == .conflict, "once a wave")
            try await pair.mentor.get(path)
            #expect(try await pair.mentor.post(path, (0..<25).map { ("q\($0)", "3") }).status == .seeOther)
            // A month on there is nothing to answer; near the programme's end, the end of the match is asked.
            clock.advance(by: 31 * 86_400)
            try await pair.mentee.signIn("mentee")
            #expect(try await pair.mentee.get(path).body.string.contains("Nothing to answer now."))
            #expect(try await pair.mentee.post(path, all).status == .conflict)
            clock.advance(by: 250 * 86_400)
            try await pair.mentee.signIn("mentee")
            try await pair.mentee.get(path)
            #expect(try await pair.mentee.post(path, (0..<25).map { ("q\($0)", "5") }).status == .seeOther)

            pair.programme.name = "=HYPERLINK(\"http://evil.example\")"
            try await pair.programme.update(on: app.db)
            let coordinator = TestBrowser(app)
            try await coordinator.signIn("coord")
            let report = try await coordinator.get("/report").body.string
            #expect(report.contains("Mentees: about themselves, start and end") && report.contains("<th scope=\"row\">Confidence</th><td>3.20 (n=1)</td><td>3.40 (n=1)</td><td>Fewer than two answered both</td>"))
            #expect(report.contains("<th scope=\"row\">Bouncing back</th>") && !report.contains("Tester"))
            let csv = try await coordinator.get("/report.csv")
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.string.components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("match,programme,state,mentee year,days matched") && lines.count == 3, "a header and one match")
            #expect(lines[1].hasPrefix("M-") && lines[1].contains("\"'=HYPERLINK(\"\"http://evil.example\"\") 2026–27\"") && !csv.body.string.contains("Tester"))
            #expect(try await AuditEvent.query(on: app.db).filter(\.$action == "exported programme report").count() == 1)
            let other = TestBrowser(app)
            try await other.signIn("elmcoord")
            #expect(try await other.get("/report?programme=\(pair.programme.id!.uuidString)").status == .notFound)
        }
    }
}
