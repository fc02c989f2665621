import Foundation
import Plot

/// Draws `MatchTimelineModel`: two small charts with their numbers, then the match's events, newest first.
enum MatchTimelineView {
    static func body(_ model: MatchTimelineModel, time: SchoolTime) -> Node<HTML.BodyContext> {
        let month = Date.FormatStyle(timeZone: time.calendar.timeZone).month(.abbreviated).year()
        return .group(
            .p(.a(.href(SiteRoute.matchDetail(model.match.id!).path), "The match"), .text(" · "),
               .a(.href(SiteRoute.matchCheckIns(model.match.id!).path), "Check-ins")),
            .p(.class("hint"), .text("Dates, attendance, counts and scores only: nothing the pair wrote.")),
            .if(!model.prompts.isEmpty, .div(.class("notice info"), .attribute(named: "role", value: "status"),
                                             .p(.strong("Flags now: "), .text(model.prompts.joined(separator: " "))))),
            .div(.class("dashboard"),
                 meetings(model, month: month), checks(model)),
            .h2("Timeline"),
            model.events.isEmpty ? .p("Nothing has happened yet.")
                : .ol(.class("timeline"), .forEach(model.events) { event in
                    .li(.span(.class("when"), .text(time.dateText(event.at))), .text(" "), .strong(.text(event.kind + ": ")), .text(event.text))
                })
        )
    }

    private static func meetings(_ model: MatchTimelineModel, month: Date.FormatStyle) -> Node<HTML.BodyContext> {
        let top = Double(max(4, model.months.map(\.scheduled).max() ?? 0))
        let labels = model.months.map { $0.starts.formatted(month) }
        return .section(.class("card chart-card"), .h2("Meetings each month"),
                        .div(.class("chart-pair"),
                             .div(.class("chart"), .raw(SVGChart.lines(
                                id: "timeline-meetings", title: "Meetings each month, held against scheduled",
                                description: "\(model.months.map(\.held).reduce(0, +)) held of \(model.months.map(\.scheduled).reduce(0, +)) scheduled.",
                                xLabels: labels, series: [("Scheduled", model.months.map { Double($0.scheduled) }), ("Held", model.months.map { Double($0.held) })],
                                yRange: 0...top, yTicks: [0, top / 2, top], valueText: { String(Int($0)) }))),
                             .div(.class("table-wrap"), DashboardView.table(caption: "Meetings each month", headers: ["Month", "Scheduled", "Held"],
                                rows: zip(labels, model.months).map { [$0, String($1.scheduled), String($1.held)] }))))
    }

    private static func checks(_ model: MatchTimelineModel) -> Node<HTML.BodyContext> {
        let score = { (value: Double?) in value.map { String(format: "%.1f", $0) } ?? "–" }
        return .section(.class("card chart-card"), .h2("Relationship checks"),
                        .div(.class("chart-pair"),
                             .div(.class("chart"), .raw(SVGChart.lines(
                                id: "timeline-checks", title: "Relationship-check scores, mentor and mentee",
                                description: model.checks.isEmpty ? "No checks answered yet."
                                    : model.checks.map { "Check \($0.number): mentor \(score($0.mentor)), mentee \(score($0.mentee))" }.joined(separator: "; ") + ".",
                                xLabels: model.checks.map { "Check \($0.number)" },
                                series: [("Mentor", model.checks.map(\.mentor)), ("Mentee", model.checks.map(\.mentee))],
                                yRange: 1...5, yTicks: [1, 2, 3, 4, 5], valueText: { String(format: "%.0f", $0) }))),
                             .div(.class("table-wrap"), DashboardView.table(caption: "Scores by check", headers: ["Check", "Mentor", "Mentee"],
                                rows: model.checks.map { ["Check \($0.number)", score($0.mentor), score($0.mentee)] }))))
    }
}
