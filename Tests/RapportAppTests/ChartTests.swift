import Foundation
import Testing
@testable import RapportApp

@Suite("Charts and survival")
struct ChartTests {
    /// Gehan's 6-MP group (Freireich et al. 1963): weeks in remission, `*` = still in remission (censored).
    static let gehan: [KaplanMeier.Subject] = [
        (6, true), (6, true), (6, true), (6, false), (7, true), (9, false), (10, true), (10, false), (11, false),
        (13, true), (16, true), (17, false), (19, false), (20, false), (22, true), (23, true), (25, false),
        (32, false), (32, false), (34, false), (35, false),
    ].map { KaplanMeier.Subject(days: $0.0, ended: $0.1) }

    static func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }

    static let hostile = #""><script>alert(1)</script>&'"#

    @Test("Kaplan–Meier matches the textbook 6-MP table")
    func textbookCurve() {
        let curve = KaplanMeier(Self.gehan)
        #expect(curve.steps.map(\.day) == [6, 7, 10, 13, 16, 22, 23])
        #expect(curve.steps.map(\.atRisk) == [21, 17, 15, 12, 11, 7, 6])
        #expect(curve.steps.map { Self.rounded($0.survival) } == [0.857, 0.807, 0.753, 0.690, 0.627, 0.538, 0.448])
        #expect(curve.survival(atDay: 5) == 1)
        #expect(Self.rounded(curve.survival(atDay: 12)) == 0.753)
        #expect(Self.rounded(curve.survival(atDay: 100)) == 0.448)
        #expect(curve.medianDays == 23)
        #expect(curve.atRisk(atDay: 0) == 21)
        #expect(curve.atRisk(atDay: 10) == 15)
        #expect(curve.atRisk(atDay: 36) == 0)
    }

    /// Day 6: n = 21, d = 3, S = 6/7, Σ = 3/(21·18) = 1/126; se = √(1/126) / |ln(6/7)| = 0.577928;
    /// bounds S^exp(±1.96·se) = 0.6197 … 0.9516 (R: survfit(conf.type = "log-log") gives 0.620 … 0.952).
    @Test("Greenwood log(−log) interval at the first step")
    func greenwoodInterval() throws {
        let first = try #require(KaplanMeier(Self.gehan).steps.first)
        let spread = exp(1.959963984540054 * (1.0 / 126).squareRoot() / abs(log(6.0 / 7)))
        #expect(abs(first.lower - pow(6.0 / 7, spread)) < 1e-12)
        #expect(abs(first.upper - pow(6.0 / 7, 1 / spread)) < 1e-12)
        #expect(Self.rounded(first.lower) == 0.620)
        #expect(Self.rounded(first.upper) == 0.952)
        for step in KaplanMeier(Self.gehan).steps { #expect(0 <= step.lower && step.lower <= step.survival && step.survival <= step.upper && step.upper <= 1) }
    }

    @Test("Ends count before censorings on the same day")
    func ties() {
        let curve = KaplanMeier([(5, true), (5, false), (5, true), (8, true), (2, false)].map { KaplanMeier.Subject(days: $0.0, ended: $0.1) })
        #expect(curve.steps == [
            KaplanMeier.Step(day: 5, atRisk: 4, ended: 2, censored: 1, survival: 0.5, lower: curve.steps[0].lower, upper: curve.steps[0].upper),
            KaplanMeier.Step(day: 8, atRisk: 1, ended: 1, censored: 0, survival: 0, lower: 0, upper: 0),
        ])
        #expect(curve.medianDays == 5)
        #expect(curve.atRisk(atDay: 5) == 4)
        #expect(curve.atRisk(atDay: 6) == 1)
    }

    @Test("All censored, empty, and negative lengths")
    func edgeCases() {
        let running = KaplanMeier([30, 60, 90].map { KaplanMeier.Subject(days: $0, ended: false) })
        #expect(running.steps.isEmpty)
        #expect(running.survival(atDay: 1000) == 1)
        #expect(running.medianDays == nil)
        #expect(running.atRisk(atDay: 60) == 2)

        let empty = KaplanMeier([])
        #expect(empty.steps.isEmpty)
        #expect(empty.survival(atDay: 10) == 1)
        #expect(empty.atRisk(atDay: 0) == 0)
        #expect(empty.medianDays == nil)

        let negative = KaplanMeier([KaplanMeier.Subject(days: -3, ended: true), KaplanMeier.Subject(days: 10, ended: false)])
        #expect(negative.steps.map(\.day) == [0])
        #expect(negative.survival(atDay: 0) == 0.5)
        #expect(negative.medianDays == 0)
    }

    @Test("Every chart is labelled for screen readers")
    func accessibleMarkup() {
        let charts = [
            SVGChart.bars(id: "Bars 1", title: "Matches", description: "Per programme", bars: [("Year 7", 3)], valueText: { "\(Int($0))" }),
            SVGChart.lines(id: "Bars 1", title: "Matches", description: "Per programme", xLabels: ["W1", "W2"],
                           series: [("Met", [1, 2])], yRange: 0...4, yTicks: [0, 2, 4], valueText: { "\(Int($0))" }),
            SVGChart.survival(id: "Bars 1", title: "Matches", description: "Per programme",
                              curve: KaplanMeier(Self.gehan), earlyClosureDay: 10, maxDay: 40),
        ]
        for svg in charts {
            #expect(svg.hasPrefix(#"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="bars-1-title bars-1-desc" viewBox="0 0 640 "#))
            #expect(svg.contains(#"preserveAspectRatio="xMidYMid meet" class="chart"><title id="bars-1-title">Matches</title><desc id="bars-1-desc">Per programme</desc>"#))
            #expect(svg.hasSuffix("</svg>"))
        }
    }

    @Test("Hostile labels, titles and ids cannot break out of the SVG")
    func hostileText() {
        let hostile = Self.hostile
        let charts = [
            SVGChart.bars(id: hostile, title: hostile, description: hostile, bars: [(hostile, 2), ("b", 1)], valueText: { _ in hostile }),
            SVGChart.lines(id: hostile, title: hostile, description: hostile, xLabels: [hostile, hostile],
                           series: [(hostile, [1, nil]), (hostile, [nil, 2])], yRange: 0...2, yTicks: [0, 1], valueText: { _ in hostile }),
            SVGChart.survival(id: hostile, title: hostile, description: hostile, curve: KaplanMeier(Self.gehan), earlyClosureDay: 9, maxDay: 40),
        ]
        for svg in charts {
            #expect(!svg.contains("<script"))
            #expect(!svg.contains("\"'><"))
            #expect(svg.contains("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&#39;"))
            #expect(svg.components(separatedBy: "<svg").count == 2 && svg.components(separatedBy: "</svg>").count == 2)
        }
        #expect(SVGChart.sanitisedID(hostile) == "---script-alert-1---script---")
        #expect(SVGChart.escape("a\u{0}b\u{FFFF}\"\u{301}") == "ab&quot;\u{301}")
    }

    @Test("Empty data shows an empty state instead of a blank chart")
    func emptyStates() {
        #expect(SVGChart.bars(id: "e", title: "T", description: "D", bars: [], valueText: { "\($0)" }).contains("No data yet"))
        #expect(SVGChart.lines(id: "e", title: "T", description: "D", xLabels: ["W1"], series: [("A", [nil])],
                               yRange: 0...1, yTicks: [], valueText: { "\($0)" }).contains("No data yet"))
        #expect(SVGChart.survival(id: "e", title: "T", description: "D", curve: KaplanMeier([]), earlyClosureDay: 90, maxDay: 365).contains("No data yet"))
        let zeros = SVGChart.bars(id: "z", title: "T", description: "D", bars: [("A", 0), ("B", 0)], valueText: { "\(Int($0))" })
        #expect(!zeros.contains("No data yet"))
        #expect(zeros.components(separatedBy: #"width="0""#).count == 3)
    }

    @Test("Lines break at gaps and thin their x labels")
    func lineChart() {
        let weeks = (1...20).map { "W\($0)" }
        let svg = SVGChart.lines(id: "l", title: "T", description: "D", xLabels: weeks,
                                 series: [("A", [1, 2, nil, 3, 4] + Array(repeating: 2, count: 15)), ("B", [nil, 1, nil])],
                                 yRange: 0...5, yTicks: [0, 2.5, 5], valueText: { String(format: "%.1f", $0) })
        #expect(svg.components(separatedBy: "<polyline").count == 3)  // A: two runs; B: a single dot
        #expect(svg.components(separatedBy: "<circle").count == 2)
        #expect(svg.contains(#"class="series-a""#) && svg.contains(#"class="series-b""#))
        #expect(svg.contains(">2.5</text>"))
        let shown = weeks.filter { svg.contains(">\($0)</text>") }
        #expect(shown == ["W1", "W4", "W7", "W10", "W13", "W16", "W19"])
    }

    @Test("The survival chart shows the marker and the numbers at risk")
    func survivalChart() {
        let matches = (0..<10).map { KaplanMeier.Subject(days: 30 * $0 + 10, ended: $0 % 2 == 0) }
        let curve = KaplanMeier(matches)
        let svg = SVGChart.survival(id: "km", title: "How long matches last", description: "D", curve: curve, earlyClosureDay: 91, maxDay: 360)
        #expect(svg.contains(">3 months</text>"))
        #expect(svg.contains(#"stroke-dasharray="4 3""#))
        #expect(svg.contains(">100%</text>") && svg.contains(">0%</text>"))
        // The at-risk row (y = 234) in order: matches of 10, 40, …, 280 days, still observed at 0, 90, 180, 270, 360.
        let row = svg.components(separatedBy: "\n").filter { $0.contains(#"y="234""#) }
            .compactMap { $0.split(separator: ">").dropFirst().first?.split(separator: "<").first.map(String.init) }
        #expect(row == ["At risk", "10", "7", "4", "1", "0"])
        #expect([0, 90, 180, 270, 360].map { curve.atRisk(atDay: $0) } == [10, 7, 4, 1, 0])
        #expect(svg.contains(">3 mo</text>") && svg.contains(">11.8 mo</text>"))  // 90 days = 2.96 months, 360 = 11.83
    }

    @Test("Coordinates have at most one decimal and no locale")
    func numbers() {
        #expect(SVGChart.number(12.34) == "12.3")
        #expect(SVGChart.number(12.96) == "13")
        #expect(SVGChart.number(-0.04) == "0")
        #expect(SVGChart.number(-2.5) == "-2.5")
        #expect(SVGChart.number(.nan) == "0")
    }
}
