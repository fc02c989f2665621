import Foundation
import Matching

let usage = """
    usage: matching-bench [--repeat N] FILE...
           matching-bench [--repeat N] --scenario school|district
    Solves each .dense/.sparse instance file (format: ../shared/bench/README.md) and prints one JSON line per
    file: {"file", "solver": "rapport", "seconds" (best of N, loading excluded), "objective"}.
    --scenario times the whole path from synthetic profiles: scoring with explanations, then solving.
    """

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("matching-bench: \(message)\n".utf8))
    exit(2)
}

var repeats = 1
var files: [String] = []
var scenarios: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--help", "-h":
        print(usage)
        exit(0)
    case "--repeat":
        guard let value = arguments.popFirst().flatMap(Int.init), value > 0 else {
            fail("--repeat needs a positive number")
        }
        repeats = value
    case "--scenario":
        guard let name = arguments.popFirst() else { fail("--scenario needs a name: school or district") }
        scenarios.append(name)
    default:
        if argument.hasPrefix("-") { fail("unknown option \(argument)\n\(usage)") }
        files.append(argument)
    }
}
if files.isEmpty && scenarios.isEmpty { fail("nothing to do\n\(usage)") }

var failed = false
for name in scenarios {
    guard let scenario = Scenario(rawValue: name) else { fail("unknown scenario \(name): use school or district") }
    do {
        let (result, proposal) = try scenario.run(repeats: repeats)
        print(result.jsonLine.dropLast() + ", \"matched\": \(proposal.matches.count), "
            + "\"unmatched\": \(proposal.unmatched.count), \"engine_solver\": \"\(proposal.solver.rawValue)\"}")
    } catch {
        FileHandle.standardError.write(Data("matching-bench: \(error.message)\n".utf8))
        failed = true
    }
}
for file in files {
    do {
        print(try Benchmark.run(path: file, repeats: repeats).jsonLine)
    } catch {
        FileHandle.standardError.write(Data("matching-bench: \(error.message)\n".utf8))
        failed = true
    }
}
exit(failed ? 1 : 0)
