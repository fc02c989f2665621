import Foundation

/// Accessible SVG charts for server-rendered dashboards, as markup strings (no JavaScript, no dependencies).
///
/// Every chart is `<svg role="img" aria-labelledby="ID-title ID-desc" viewBox="0 0 640 H">` with its `<title>` and
/// `<desc>` first, so a screen reader announces the caller's title and description instead of the drawing.
/// Sizes are viewBox units: the stylesheet sets `width: 100%` and the chart scales with the page.
///
/// Colours come from the stylesheet: axes and text are `currentColor`; series are drawn in `currentColor` inside
/// elements of class `series-a` / `series-b` (so `.series-a { color: … }` colours a series), text has class
/// `chart-label`, and grid lines, axes, the survival band and marker have `chart-grid`, `chart-axis`, `chart-band`
/// and `chart-marker`. Every piece of text is escaped here, for text and attribute contexts alike, because labels
/// are user data (programme names and the like).
enum SVGChart {
    static let width = 640.0
    static let height = 260.0

    // MARK: - Charts

    /// Horizontal bars, labels on the left and `valueText(value)` at the end of each bar. Negative and non-finite
    /// values draw as empty bars (the value text still shows them). The height grows with the number of bars.
    static func bars(id: String, title: String, description: String, bars: [(label: String, value: Double)],
                     valueText: (Double) -> String) -> String {
        let rowHeight = 28.0, top = 8.0, labelWidth = 170.0, valueRoom = 76.0
        let chartHeight = bars.isEmpty ? 80 : top * 2 + rowHeight * Double(bars.count)
        var parts = [open(id: id, title: title, description: description, height: chartHeight)]
        let lengths = bars.map { $0.value.isFinite ? max(0, $0.value) : 0 }
        guard let largest = lengths.max() else { return close(parts + [emptyState(y: chartHeight / 2)]) }
        let scale = largest > 0 ? (width - labelWidth - valueRoom) / largest : 0  // all zero: no bar, values still shown
        for (index, bar) in bars.enumerated() {
            let rowTop = top + rowHeight * Double(index), length = lengths[index] * scale
            let value = valueText(bar.value), baseline = rowTop + rowHeight / 2 + 4
            parts.append("<g><title>\(escape(bar.label)): \(escape(value))</title>")  // full label if cut short
            parts.append(text(truncated(bar.label, 22), x: labelWidth - 8, y: baseline, anchor: "end"))
            parts.append(#"<rect class="series-a" fill="currentColor" x="\#(number(labelWidth))" y="\#(number(rowTop + 5))" width="\#(number(length))" height="\#(number(rowHeight - 10))"/>"#)
            parts.append(text(value, x: labelWidth + length + 6, y: baseline, anchor: "start") + "</g>")
        }
        return close(parts)
    }

    /// One or two line series over categories (weeks, terms). A nil or non-finite value breaks its line; a value
    /// alone between gaps is a dot. Values outside `yRange` are drawn at its edge. At most about 8 x labels show.
    static func lines(id: String, title: String, description: String, xLabels: [String],
                      series: [(name: String, values: [Double?])], yRange: ClosedRange<Double>, yTicks: [Double],
                      valueText: (Double) -> String) -> String {
        let frame = Frame(left: 56, right: width - 16, top: 32, bottom: height - 32)
        var parts = [open(id: id, title: title, description: description, height: height)]
        let count = xLabels.count
        let hasData = series.contains { $0.values.prefix(count).contains { $0?.isFinite == true } }
        guard hasData else { return close(parts + [emptyState(y: height / 2)]) }
        let slot = frame.width / Double(count)
        let x = { (index: Int) in frame.left + slot * (Double(index) + 0.5) }
        let ticks = yTicks.filter { $0.isFinite && yRange.contains($0) }.map { (value: $0, label: valueText($0)) }
        parts += grid(frame, ticks: ticks, range: yRange)
        let every = max(1, (count + 7) / 8)  // thin the labels: about 8 at most, ~70 units each
        for index in stride(from: 0, to: count, by: every) {
            parts.append(text(truncated(xLabels[index], 10), x: x(index), y: frame.bottom + 18, anchor: "middle"))
        }
        for (index, entry) in series.enumerated() {
            let points = (0..<count).map { i -> (Double, Double)? in
                guard i < entry.values.count, let value = entry.values[i], value.isFinite else { return nil }
                return (x(i), frame.y(value, in: yRange))
            }
            parts.append(seriesMarks(points, className: seriesClass(index)))
        }
        parts += legend(series.map(\.name), y: 14)
        return close(parts)
    }

    /// Kaplan–Meier step curve from 100% at day 0 up to the last observed day (or `maxDay`), its 95% band, a dashed
    /// marker at `earlyClosureDay`, and the numbers at risk at five evenly spaced days under the axis. The x axis is
    /// in days, or in months when `maxDay` is 120 or more.
    static func survival(id: String, title: String, description: String, curve: KaplanMeier,
                         earlyClosureDay: Int, maxDay: Int) -> String {
        let frame = Frame(left: 72, right: width - 28, top: 22, bottom: 186)
        var parts = [open(id: id, title: title, description: description, height: height)]
        guard curve.atRisk(atDay: 0) > 0 else { return close(parts + [emptyState(y: height / 2)]) }
        let maxDay = max(1, maxDay)
        let x = { (day: Int) in frame.left + frame.width * Double(min(max(day, 0), maxDay)) / Double(maxDay) }
        let y = { (share: Double) in frame.y(share, in: 0...1) }
        let percents = [0.0, 0.25, 0.5, 0.75, 1].map { (value: $0, label: "\(Int($0 * 100))%") }
        parts += grid(frame, ticks: percents, range: 0...1)
        let end = min(curve.lastDay, maxDay), steps = curve.steps
        let curvePoints = stepPoints(steps.map { ($0.day, $0.survival) }, end: end)
        let band = stepPoints(steps.map { ($0.day, $0.upper) }, end: end)
            + stepPoints(steps.map { ($0.day, $0.lower) }, end: end).reversed()
        let place = { (points: [(Int, Double)]) in points.map { "\(number(x($0.0))),\(number(y($0.1)))" }.joined(separator: " ") }
        parts.append(#"<g class="series-a"><polygon class="chart-band" fill="currentColor" fill-opacity="0.15" stroke="none" points="\#(place(band))"/>"#
            + #"<polyline fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" points="\#(place(curvePoints))"/></g>"#)
        if (0...maxDay).contains(earlyClosureDay) {
            parts += marker(at: x(earlyClosureDay), label: durationName(earlyClosureDay), frame: frame)
        }
        parts += atRiskRows(curve: curve, maxDay: maxDay, frame: frame, x: x)
        return close(parts)
    }

    // MARK: - Pieces

    /// The plotting area inside the viewBox.
    private struct Frame {
        let left: Double, right: Double, top: Double, bottom: Double
        var width: Double { right - left }

        /// Vertical position of `value`, clamped into the frame; a range of zero width puts everything mid-height.
        func y(_ value: Double, in range: ClosedRange<Double>) -> Double {
            let span = range.upperBound - range.lowerBound
            let fraction = span > 0 ? min(max((value - range.lowerBound) / span, 0), 1) : 0.5
            return bottom - fraction * (bottom - top)
        }
    }

    private static func open(id: String, title: String, description: String, height: Double) -> String {
        let id = sanitisedID(id)
        return #"<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="\#(id)-title \#(id)-desc" viewBox="0 0 \#(number(width)) \#(number(height))" preserveAspectRatio="xMidYMid meet" class="chart">"#
            + #"<title id="\#(id)-title">\#(escape(title))</title><desc id="\#(id)-desc">\#(escape(description))</desc>"#
    }

    private static func close(_ parts: [String]) -> String {
        (parts + ["</svg>"]).joined(separator: "\n")
    }

    private static func emptyState(y: Double) -> String {
        text("No data yet", x: width / 2, y: y + 4, anchor: "middle")
    }

    /// Text in the label style; `content` is escaped here, so callers pass raw user data.
    private static func text(_ content: String, x: Double, y: Double, anchor: String) -> String {
        #"<text class="chart-label" x="\#(number(x))" y="\#(number(y))" text-anchor="\#(anchor)" font-size="12" fill="currentColor">\#(escape(content))</text>"#
    }

    private static func line(x1: Double, y1: Double, x2: Double, y2: Double, className: String, extra: String = "") -> String {
        #"<line class="\#(className)" x1="\#(number(x1))" y1="\#(number(y1))" x2="\#(number(x2))" y2="\#(number(y2))" stroke="currentColor"\#(extra)/>"#
    }

    /// Horizontal grid lines with labels left of the frame, then the two axes.
    private static func grid(_ frame: Frame, ticks: [(value: Double, label: String)], range: ClosedRange<Double>) -> [String] {
        var parts: [String] = []
        for tick in ticks {
            let y = frame.y(tick.value, in: range)
            parts.append(line(x1: frame.left, y1: y, x2: frame.right, y2: y, className: "chart-grid", extra: #" stroke-opacity="0.2""#))
            parts.append(text(tick.label, x: frame.left - 6, y: y + 4, anchor: "end"))
        }
        parts.append(line(x1: frame.left, y1: frame.top, x2: frame.left, y2: frame.bottom, className: "chart-axis"))
        parts.append(line(x1: frame.left, y1: frame.bottom, x2: frame.right, y2: frame.bottom, className: "chart-axis"))
        return parts
    }

    /// Runs of consecutive points become polylines; a point alone between gaps becomes a dot.
    private static func seriesMarks(_ points: [(Double, Double)?], className: String) -> String {
        var runs: [[(Double, Double)]] = [[]]
        for point in points {
            if let point { runs[runs.count - 1].append(point) } else if !runs[runs.count - 1].isEmpty { runs.append([]) }
        }
        let marks = runs.filter { !$0.isEmpty }.map { run -> String in
            if run.count == 1 { return #"<circle cx="\#(number(run[0].0))" cy="\#(number(run[0].1))" r="3" fill="currentColor"/>"# }
            let points = run.map { "\(number($0.0)),\(number($0.1))" }.joined(separator: " ")
            return #"<polyline fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" points="\#(points)"/>"#
        }
        return #"<g class="\#(className)">"# + marks.joined() + "</g>"
    }

    /// A swatch and name per series, left to right along the top.
    private static func legend(_ names: [String], y: Double) -> [String] {
        var parts: [String] = [], x = 56.0
        for (index, name) in names.enumerated() {
            let shown = truncated(name, 30)
            parts.append(#"<g class="\#(seriesClass(index))">"# + line(x1: x, y1: y, x2: x + 16, y2: y, className: "chart-swatch", extra: #" stroke-width="3""#) + "</g>")
            parts.append(text(shown, x: x + 22, y: y + 4, anchor: "start"))
            x += 22 + Double(shown.count) * 6.6 + 18  // ~6.6 units per character at font-size 12
        }
        return parts
    }

    /// `series-a`, `series-b`, … by position.
    private static func seriesClass(_ index: Int) -> String {
        "series-" + String(UnicodeScalar(UInt8(97 + index % 26)))
    }

    /// Corner points of a step function that starts at 1 on day 0 and holds its last value to `end`.
    private static func stepPoints(_ steps: [(day: Int, value: Double)], end: Int) -> [(Int, Double)] {
        var points: [(Int, Double)] = [(0, 1)], current = 1.0
        for step in steps where step.day <= end {
            points += [(step.day, current), (step.day, step.value)]
            current = step.value
        }
        return points + [(end, current)]
    }

    private static func marker(at x: Double, label: String, frame: Frame) -> [String] {
        let nearRight = x > frame.left + frame.width * 0.8  // keep the label inside the viewBox
        return [
            line(x1: x, y1: frame.top, x2: x, y2: frame.bottom, className: "chart-marker", extra: #" stroke-dasharray="4 3""#),
            text(label, x: nearRight ? x - 4 : x + 4, y: frame.top - 8, anchor: nearRight ? "end" : "start"),
        ]
    }

    /// Day labels under the axis and the numbers at risk under them, at five evenly spaced days.
    private static func atRiskRows(curve: KaplanMeier, maxDay: Int, frame: Frame, x: (Int) -> Double) -> [String] {
        var parts = [text("At risk", x: 4, y: frame.bottom + 48, anchor: "start")]  // clear of the day-0 count
        for quarter in 0...4 {
            let day = Int((Double(maxDay) * Double(quarter) / 4).rounded())
            parts.append(line(x1: x(day), y1: frame.bottom, x2: x(day), y2: frame.bottom + 4, className: "chart-axis"))
            parts.append(text(axisDay(day, inMonths: maxDay >= 120), x: x(day), y: frame.bottom + 18, anchor: "middle"))
            parts.append(text(String(curve.atRisk(atDay: day)), x: x(day), y: frame.bottom + 48, anchor: "middle"))
        }
        return parts
    }

    private static let daysPerMonth = 30.4375

    private static func axisDay(_ day: Int, inMonths: Bool) -> String {
        guard day > 0 else { return "0" }
        return inMonths ? number(Double(day) / daysPerMonth) + " mo" : "\(day) d"
    }

    /// "3 months" for a day count close to whole months (90 → 3 months), otherwise "45 days".
    private static func durationName(_ day: Int) -> String {
        let months = (Double(day) / daysPerMonth).rounded()
        if months >= 1, abs(Double(day) / daysPerMonth - months) < 0.1 { return months == 1 ? "1 month" : "\(Int(months)) months" }
        return day == 1 ? "1 day" : "\(day) days"
    }

    // MARK: - Text and numbers

    /// `value` as it may stand in SVG text or between attribute quotes: `& < > " '` become references, and
    /// characters XML forbids (controls, U+FFFE/U+FFFF) are dropped so the document stays well-formed. Works on
    /// scalars, not Characters: a quote followed by a combining mark is one Character but still ends an attribute.
    static func escape(_ value: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
            case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `[a-z0-9-]` only, so the id is safe in attributes and in `aria-labelledby` lists; anything else becomes `-`.
    static func sanitisedID(_ id: String) -> String {
        let kept = id.lowercased().unicodeScalars.map { scalar -> Character in
            ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) ? Character(scalar) : "-"
        }
        return kept.isEmpty ? "chart" : String(kept)
    }

    /// At most one decimal, no locale, no "-0", no trailing ".0": integer arithmetic on tenths.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let tenths = Int((min(max(value, -1e12), 1e12) * 10).rounded())
        let whole = abs(tenths) / 10, fraction = abs(tenths) % 10
        return (tenths < 0 ? "-" : "") + String(whole) + (fraction == 0 ? "" : ".\(fraction)")
    }

    /// Cut to `limit` characters with an ellipsis, so long names do not run over the chart.
    private static func truncated(_ value: String, _ limit: Int) -> String {
        value.count > limit ? String(value.prefix(limit - 1)) + "…" : value
    }
}
