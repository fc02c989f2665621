import Foundation

/// One line of `matching-bench` output.
public struct BenchmarkResult: Sendable {
    /// The instance file, or the scenario's name.
    public let file: String
    /// Best wall time over the repeats, in seconds.
    public let seconds: Double
    /// The solution's total cost.
    public let objective: Int64

    /// The JSON line the shared `compare` script reads.
    public var jsonLine: String {
        "{\"file\": \(jsonString(file)), \"solver\": \"rapport\", \"seconds\": \(formatSeconds(seconds)), "
            + "\"objective\": \(objective)}"
    }
}

/// Times the solvers on instance files.
public enum Benchmark {
    /// Loads a file, then solves it `repeats` times; the time covers everything after loading.
    public static func run(path: String, repeats: Int) throws(ProblemError) -> BenchmarkResult {
        let instance = try InstanceFile.load(path: path)
        var best = Double.infinity
        var objective: Int64 = 0
        for _ in 0..<max(repeats, 1) {
            let (seconds, assignment) = timed { instance.solve() }
            best = min(best, seconds)
            objective = assignment.totalCost
        }
        return BenchmarkResult(file: path, seconds: best, objective: objective)
    }
}

/// Runs `work` once and returns its wall time in seconds with its result.
func timed<T, Failure: Error>(_ work: () throws(Failure) -> T) throws(Failure) -> (Double, T) {
    let clock = ContinuousClock()
    let start = clock.now
    let result = try work()
    let elapsed = clock.now - start
    return (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18, result)
}

func formatSeconds(_ seconds: Double) -> String {
    String(format: "%.6f", seconds)
}

func jsonString(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case let control where control.value < 0x20: out += String(format: "\\u%04x", control.value)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
