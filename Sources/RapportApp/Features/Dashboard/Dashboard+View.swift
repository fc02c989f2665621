import Foundation
import Plot

/// Draws `DashboardModel`: the filters, then each chart as an SVG drawn here (no script) with its numbers in a table
/// beside it, so every figure can be read without seeing the chart.
enum DashboardView {
    static func body(_ model: DashboardModel, choices: Choices, time: SchoolTime) -> Node<HTML.BodyContext> {
        .group(
            .p(.class("lead"), .text("\(model.scope) · \(model.matchCount == 1 ? "1 match" : "\(model.matchCount) matches")")),
            .p(.class("hint"), .text("Counts and means only: no student's name and nothing anyone wrote.")),
            filters(model.filter, choices: choices, time: time),
            .div(.class("dashboard"),
                 states(model), meetings(model, time: time), attendance(model, time: time), checks(model),
                 commitments(model), survival(model), training(model))
        )
    }

    /// What the filters may offer the viewer: a coordinator's programmes, or an organisation admin's schools.
    struct Choices {
        var schools: [(id: UUID, name: String)] = []
        var programmes: [(id: UUID, name: String)] = []
    }

    private static func filters(_ filter: DashboardModel.Filter, choices: Choices, time: SchoolTime) -> Node<HTML.BodyContext> {
        var state = FormState()
        state.values = ["school": filter.school?.uuidString.lowercased() ?? "", "programme": filter.programme?.uuidString.lowercased() ?? "",
                        "year": filter.yearGroup.map(String.init) ?? "", "from": time.dayID(filter.from),
                        "to": time.dayID(filter.to.addingTimeInterval(-86_400))]
        state.errors = filter.errors
        return .form(.method(.get), .action(SiteRoute.dashboard.path), .class("filters no-print"),
                     .if(!choices.schools.isEmpty, FormField.select("school", label: "School", state: state,
                                                                    options: [("", "All schools")] + choices.schools.map { ($0.id.uuidString.lowercased(), $0.name) })),
                     .if(!choices.programmes.isEmpty, FormField.select("programme", label: "Programme", state: state,
                                                                       options: [("", "All programmes")] + choices.programmes.map { ($0.id.uuidString.lowercased(), $0.name) })),
                     FormField.select("year", label: "Mentees in year", state: state,
                                      options: [("", "All years")] + DashboardModel.Filter.yearGroups.map { (String($0), "Year \($0)") }),
                     FormField.text("from", label: "Meetings from", state: state, type: .date),
                     FormField.text("to", label: "to", state: state, type: .date),
                     .button(.type(.submit), "Show"))
    }

    /// A chart and its numbers, side by side on a wide screen and one above the other on a phone.
    private static func card(_ id: String, _ title: String, svg: String, note: String? = nil, table: Node<HTML.BodyContext>) -> Node<HTML.BodyContext> {
        .section(.class("card chart-card"), .attribute(named: "aria-labelledby", value: "\(id)-heading"),
                 .h2(.id("\(id)-heading"), .text(title)),
                 .unwrap(note) { .p(.class("hint"), .text($0)) },
                 .div(.class("chart-pair"), .div(.class("chart"), .raw(svg)), .div(.class("table-wrap"), table)))
    }

    /// A chart's numbers: a caption, column headers and rows whose first cell names the row.
    static func table(caption: String, headers: [String], rows: [[String]]) -> Node<HTML.BodyContext> {
        .table(.class("numbers"), .caption(.text(caption)),
               .thead(.tr(.forEach(headers) { .th(.attribute(named: "scope", value: "col"), .text($0)) })),
               .tbody(.forEach(rows) { row in .tr(.forEach(row.enumerated()) { index, cell in
                   index == 0 ? .th(.attribute(named: "scope", value: "row"), .text(cell)) : .td(.text(cell))
               }) }))
    }

    private static func states(_ model: DashboardModel) -> Node<HTML.BodyContext> {
        let shown = model.states.filter { $0.state != .proposed }
        return card("states", "Matches by state",
                    svg: SVGChart.bars(id: "states", title: "Matches by state",
                                       description: shown.map { "\($0.state.title): \($0.count)" }.joined(separator: ", ") + ".",
                                       bars: shown.map { ($0.state.title, Double($0.count)) }, valueText: { String(Int($0)) }),
                    table: table(caption: "Matches by state", headers: ["State", "Matches"], rows: shown.map { [$0.state.title, String($0.count)] }))
    }

    private static func weekLabel(_ week: DashboardModel.Week, time: SchoolTime) -> String {
        week.starts.formatted(Date.FormatStyle(timeZone: time.calendar.timeZone).day().month(.abbreviated))
    }

    private static func meetings(_ model: DashboardModel, time: SchoolTime) -> Node<HTML.BodyContext> {
        let top = Double(max(4, model.weeks.map(\.scheduled).max() ?? 0))
        let ticks = stride(from: 0.0, through: top, by: max(1, (top / 4).rounded(.up))).map { $0 }
        return card("meetings", "Meetings held each week, against scheduled",
                    svg: SVGChart.lines(id: "meetings", title: "Meetings held each week against scheduled",
                                        description: "Over \(model.weeks.count) weeks: \(model.weeks.map(\.held).reduce(0, +)) held of \(model.weeks.map(\.scheduled).reduce(0, +)) scheduled.",
                                        xLabels: model.weeks.map { weekLabel($0, time: time) },
                                        series: [("Scheduled", model.weeks.map { Double($0.scheduled) }), ("Held", model.weeks.map { Double($0.held) })],
                                        yRange: 0...top, yTicks: ticks, valueText: { String(Int($0)) }),
                    note: "Agreed meetings that are over, not counting those called off in advance.",
                    table: table(caption: "Meetings each week", headers: ["Week of", "Scheduled", "Held"],
                                 rows: model.weeks.map { [weekLabel($0, time: time), String($0.scheduled), String($0.held)] }))
    }

    private static func attendance(_ model: DashboardModel, time: SchoolTime) -> Node<HTML.BodyContext> {
        let rate = { (week: DashboardModel.Week) in week.recorded == 0 ? nil : Double(week.held) * 100 / Double(week.recorded) }
        let recorded = model.weeks.map(\.recorded).reduce(0, +), held = model.weeks.map(\.held).reduce(0, +)
        return card("attendance", "Attendance rate",
                    svg: SVGChart.lines(id: "attendance", title: "Attendance rate each week",
                                        description: recorded == 0 ? "No meetings recorded in these weeks."
                                            : "Overall \(Int((Double(held) * 100 / Double(recorded)).rounded()))% of recorded meetings happened.",
                                        xLabels: model.weeks.map { weekLabel($0, time: time) }, series: [("Attended", model.weeks.map(rate))],
                                        yRange: 0...100, yTicks: [0, 25, 50, 75, 100], valueText: { "\(Int($0))%" }),
                    note: "Of the meetings someone recorded, the share that happened. A week with none recorded is left blank.",
                    table: table(caption: "Attendance each week", headers: ["Week of", "Recorded", "Happened", "Rate"],
                                 rows: model.weeks.map { week in
                                     [weekLabel(week, time: time), String(week.recorded), String(week.held), rate(week).map { "\(Int($0.rounded()))%" } ?? "–"]
                                 }))
    }

    private static func checks(_ model: DashboardModel) -> Node<HTML.BodyContext> {
        let mean = { (value: (mean: Double, count: Int)?) in value.map { String(format: "%.1f (n=%d)", $0.mean, $0.count) } ?? "–" }
        return card("checks", "Relationship checks",
                    svg: SVGChart.lines(id: "checks", title: "Mean relationship-check score by check, mentors and mentees",
                                        description: model.checks.isEmpty ? "No checks answered yet."
                                            : model.checks.map { "Check \($0.number): mentors \(mean($0.mentor)), mentees \(mean($0.mentee))" }.joined(separator: "; ") + ".",
                                        xLabels: model.checks.map { "Check \($0.number)" },
                                        series: [("Mentors", model.checks.map { $0.mentor?.mean }), ("Mentees", model.checks.map { $0.mentee?.mean })],
                                        yRange: 1...5, yTicks: [1, 2, 3, 4, 5], valueText: { String(format: "%.0f", $0) }),
                    note: "Scores from 1 (poor) to 5 (strong), negative items reversed.",
                    table: table(caption: "Mean scores by check", headers: ["Check", "Mentors", "Mentees"],
                                 rows: model.checks.map { ["Check \($0.number)", mean($0.mentor), mean($0.mentee)] }))
    }

    private static func commitments(_ model: DashboardModel) -> Node<HTML.BodyContext> {
        let followed = model.commitments.filter { $0.status != .open }.reduce(0) { $0 + $1.count }
        let kept = model.commitments.first { $0.status == .done }?.count ?? 0
        return card("commitments", "Commitments kept",
                    svg: SVGChart.bars(id: "commitments", title: "Commitments by how they went",
                                       description: followed == 0 ? "No commitments followed up yet." : "\(kept) of \(followed) followed up were done.",
                                       bars: model.commitments.map { ($0.status.title, Double($0.count)) }, valueText: { String(Int($0)) }),
                    table: table(caption: "Commitments", headers: ["How it went", "Commitments"],
                                 rows: model.commitments.map { [$0.status.title, String($0.count)] }))
    }

    private static func survival(_ model: DashboardModel) -> Node<HTML.BodyContext> {
        let curve = model.survival
        let early = HealthRules.daysText(model.earlyClosureDays)
        // The axis runs a month past the longer of the longest match and the early-closure line, up to a school year.
        let maxDay = min(365, (max(curve.lastDay, model.earlyClosureDays) / 30 + 1) * 30)
        let days = [0, 30, 61, 91, 122, 183, 274, 365].filter { $0 <= maxDay }
        return card("survival", "How long matches last",
                    svg: SVGChart.survival(id: "survival", title: "Share of matches still going by days since they began (Kaplan–Meier)",
                                           description: "\(model.closed) closed, \(model.closedEarly) of them within \(early)."
                                               + (curve.medianDays.map { " Half had ended by day \($0)." } ?? " More than half are still going."),
                                           curve: curve, earlyClosureDay: model.earlyClosureDays, maxDay: maxDay),
                    note: "Matches still going count until today. The dashed line is \(early): closing before it needs a reason. "
                        + "\(model.closedEarly) of \(model.closed) closures came before it.",
                    table: .group(
                        table(caption: "Matches still going", headers: ["Day", "Still matched", "At risk"],
                              rows: days.map { ["Day \($0)", "\(Int((curve.survival(atDay: $0) * 100).rounded()))%", String(curve.atRisk(atDay: $0))] }),
                        .if(!model.earlyReasons.isEmpty, table(caption: "Why matches ended within \(early)", headers: ["Reason", "Matches"],
                                                                rows: model.earlyReasons.map { [$0.reason, String($0.count)] }))))
    }

    private static func training(_ model: DashboardModel) -> Node<HTML.BodyContext> {
        let training = model.training
        let bars = [("All training", Double(training.finished))] + training.modules.map { ($0.title, Double($0.done)) }
        return card("training", "Mentor training",
                    svg: SVGChart.bars(id: "training", title: "Mentors who have finished each part of training",
                                       description: "\(training.finished) of \(training.mentors) mentors have finished their training.",
                                       bars: bars, valueText: { "\(Int($0)) of \(training.mentors)" }),
                    table: table(caption: "Mentors trained", headers: ["Module", "Mentors done"],
                                 rows: bars.map { [$0.0, "\(Int($0.1)) of \(training.mentors)"] }))
    }
}
