import Foundation
import Plot

/// The "About me" questions a student answers, and the coordinator's printable programme report.
enum OutcomeView {
    static func survey(pair: Pair, wave: OutcomeWave?, answered: Bool, state: FormState, csrf: String) -> Node<HTML.BodyContext> {
        guard let wave else {
            return .p(.class("lead"), .text("Nothing to answer now. At the start and the end of your match you'll get a few questions about you."))
        }
        guard !answered else { return .p(.class("lead"), .text("You've answered these for the \(wave == .start ? "start" : "end") of your match. Thank you.")) }
        return .group(
            .p(.class("lead"), .text("A few questions about you, not about \(pair.other.givenName). There are no right answers.")),
            .p(.class("hint"), .text("Your coordinator sees them in the programme's figures, and in a table of matches under a code instead of your name. You answer once at the start of your match and once at the end, to see how the year went.")),
            FormField.errorSummary(state),
            .form(.method(.post), .action(SiteRoute.pair(pair.matchID, .aboutMe).path),
                  FormField.csrf(csrf),
                  .forEach(Array(OutcomeScales.items.enumerated())) { index, item in
                      FormField.radios("q\(index)", legend: item.text, state: state,
                                              options: OutcomeScales.answers.enumerated().map { (String($0.offset + 1), $0.element) })
                  },
                  .div(.class("actions"), .button(.type(.submit), "Save my answers")))
        )
    }

    static func report(_ model: OutcomeReportModel, programme: Programme?, programmes: [Programme]) -> Node<HTML.BodyContext> {
        var filter = FormState()
        filter.values["programme"] = programme?.id?.uuidString.lowercased() ?? ""
        let query = programme?.id.map { "?programme=\($0.uuidString.lowercased())" } ?? ""
        let closed = model.rows.filter { $0.state == .closed }
        let early = closed.filter(\.early)
        let scheduled = model.rows.map(\.scheduled).reduce(0, +), held = model.rows.map(\.held).reduce(0, +)
        return .group(
            .form(.method(.get), .action(SiteRoute.report.path), .class("filters no-print"),
                  FormField.select("programme", label: "Programme", state: filter,
                                   options: [("", "All programmes")] + programmes.compactMap { p in p.id.map { ($0.uuidString.lowercased(), "\(p.name), \(p.schoolYear)") } }),
                  .button(.type(.submit), "Show")),
            .p(.class("no-print"), .a(.href(SiteRoute.report.path + ".csv" + query), "Download as CSV (one row per match, under a code)"),
               .text(" · Print this page with your browser to keep a copy.")),
            .h2("Matches"),
            FormField.facts([
                ("Matches", String(model.rows.count)),
                ("Meetings", scheduled == 0 ? "None yet" : "\(held) held of \(scheduled) scheduled (\(held * 100 / scheduled)%)"),
                ("Closed", "\(closed.count), \(early.count) early"),
                ("Early closures by reason", early.isEmpty ? "None"
                    : Dictionary(grouping: early, by: { $0.closure?.title ?? "Not recorded" }).sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.count)" }.joined(separator: "; ")),
                ("Median length so far", median(model.rows.compactMap(\.days)).map { "\($0) days" } ?? "No matches yet"),
            ]),
            .p(.text("Attendance over time, relationship checks and how long matches last are on the "), .a(.href(SiteRoute.dashboard.path), "dashboard"), .text(".")),
            results("Mentees", model.mentees),
            results("Mentors", model.mentors)
        )
    }

    private static func median(_ values: [Int]) -> Int? {
        let sorted = values.sorted()
        return sorted.isEmpty ? nil : sorted[sorted.count / 2]
    }

    private static func results(_ who: String, _ results: [OutcomeReportModel.ScaleResult]) -> Node<HTML.BodyContext> {
        let mean = { (value: (mean: Double, count: Int)?) in value.map { String(format: "%.2f (n=%d)", $0.mean, $0.count) } ?? "–" }
        let change = { (value: PairedChange?) in
            value.map { String(format: "%+.2f (95%% interval %+.2f to %+.2f, n=%d)", $0.mean, $0.lower, $0.upper, $0.count) } ?? "Fewer than two answered both"
        }
        return .group(
            .h2(.text("\(who): about themselves, start and end")),
            .div(.class("table-wrap"), DashboardView.table(caption: "Mean scores of \(who.lowercased()), 1 to 5", headers: ["Scale", "Start", "End", "Change, same people"],
                                                           rows: results.map { [$0.scale.title, mean($0.before), mean($0.after), change($0.change)] }))
        )
    }
}
